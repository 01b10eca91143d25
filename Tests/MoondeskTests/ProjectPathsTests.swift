import Foundation
import Moondesk
import Testing

/// Finding a project from an agent's path, in string operations that spell paths as Foundation's URLs do.
@Suite struct ProjectPathsTests {
    @Test func standardizedPathsAreSpelledAsFoundationSpellsThem() {
        let paths = ["agents/balanced.lua", "./agents/../agents/./nodes/bull.lua", "/", "/tmp", "/tmp/", "//tmp//x/",
                     "/tmp/../..", "../x/y", ".", "a/b/../../..", "/a/./b/../c", "agents"]
        for path in paths {
            #expect(ProjectPaths.standardized(path) == URL(fileURLWithPath: path).standardizedFileURL.path, "\(path)")
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
