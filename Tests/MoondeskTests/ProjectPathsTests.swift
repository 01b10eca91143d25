import Foundation
import LuaHost
import Moondesk
import Testing

/// Finding a project from an agent's path, in string operations that spell paths as Foundation's URLs do.
@Suite struct ProjectPathsTests {
    @Test func standardizedPathsAreSpelledAsFoundationSpellsThem() {
        let paths = ["agents/balanced.lua", "./agents/../agents/./nodes/bull.lua", "/", "/tmp", "/tmp/", "//tmp//x/",
                     "/tmp/../..", "../x/y", ".", "a/b/../../..", "/a/./b/../c", "agents"]
        for path in paths {
            #expect(PathText.standardized(path) == URL(fileURLWithPath: path).standardizedFileURL.path, "\(path)")
        }
    }

    @Test func theProjectIsAboveTheNearestAgentsFolderElseTheNearestMarkedOne() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("paths-\(UUID().uuidString)").path
        let fm = FileManager.default
        try fm.createDirectory(atPath: root + "/desk/agents/team", withIntermediateDirectories: true)
        try fm.createDirectory(atPath: root + "/plain/config", withIntermediateDirectories: true)
        try fm.createDirectory(atPath: root + "/plain/strategies/deep", withIntermediateDirectories: true)
        fm.createFile(atPath: root + "/plain/config/planning.yaml", contents: Data())
        defer { try? fm.removeItem(atPath: root) }
        #expect(ProjectPaths.containing(root + "/desk/agents/team/a.lua").root == root + "/desk")
        #expect(ProjectPaths.containing(root + "/desk/agents/team/../team/./a.lua").root == root + "/desk")
        #expect(ProjectPaths.containing(root + "/plain/strategies/deep/a.lua").root == root + "/plain")
        #expect(ProjectPaths.containing(root + "/a.lua").root == ".")
        #expect(ProjectPaths.containing("agents/balanced.lua").root == ".")
    }
}

/// config/planning.yaml's values keep their YAML 1.1 types, whichever way they are read.
@Suite struct PlanningPresetsValueTests {
    @Test func numbersBooleansAndStringsReadAsYAMLTypesThem() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("presets-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let cases: [(String, LuaValue)] = [
            ("12", .integer(12)), ("-3", .integer(-3)), ("0", .integer(0)), ("-0", .number(-0.0)), ("0.25", .number(0.25)),
            ("-0.5", .number(-0.5)), ("12.50", .number(12.5)), ("1_000", .integer(1000)), ("0x1F", .integer(31)),
            ("007", .integer(7)), ("1e3", .number(1000)), ("'12'", .string("12")), ("\"0.5\"", .string("0.5")),
            ("true", .boolean(true)), ("off", .boolean(false)), ("~", .nil), ("balanced", .string("balanced")),
            ("1.", .number(1)), ("123456789012345678", .integer(123456789012345678)),
        ]
        let yaml = "defaults:\n" + cases.enumerated().map { "  k\($0.offset): \($0.element.0)" }.joined(separator: "\n") + "\n"
        try yaml.write(toFile: folder + "/planning.yaml", atomically: true, encoding: .utf8)
        let presets = try PlanningPresets.load(path: folder + "/planning.yaml")
        for (i, (text, value)) in cases.enumerated() {
            let read = presets.defaults["k\(i)"] ?? .nil
            #expect(read == value && read.typeName == value.typeName, "\(text): \(read)")
        }
    }
}
