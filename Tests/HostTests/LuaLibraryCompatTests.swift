import Foundation
import Testing

/// Real pure-Lua libraries (Debian's lua-dkjson and lua-inspect; scripts/test installs them) load with `require`
/// from a folder of the project and work inside a handler of a real `host run`.
@Suite struct LuaLibraryCompatTests {
    /// The installed copy of a library: Debian ships dkjson for 5.4, inspect for up to 5.3 (it is plain Lua).
    func installed(_ name: String) throws -> String {
        let found = ["5.4", "5.3"].map { "/usr/share/lua/\($0)/\(name).lua" }.first { FileManager.default.fileExists(atPath: $0) }
        return try #require(found, "\(name).lua is not installed (apt-get install lua-\(name); scripts/test does it)")
    }

    @Test func dkjsonAndInspectWorkFromAHandler() async throws {
        let dir = temporaryFolder()
        for name in ["dkjson", "inspect"] {   // the file's bytes: Debian's are symlinks with relative targets
            let bytes = try #require(FileManager.default.contents(atPath: try installed(name)))
            FileManager.default.createFile(atPath: dir + "/\(name).lua", contents: bytes)
        }
        let agent = dir + "/compat.lua"
        FileManager.default.createFile(atPath: agent, contents: Data("""
            local balanced = require "balanced"
            return desk.agent {
              name = "compat", profile = "balanced",
              plan = function(plan, ctx)
                balanced.plan(plan, ctx)
                plan:add{ id = "probe", name = "Library probe", priority = "low", sources = { "candles" }, handler = "probe" }
              end,
            }
            """.utf8))
        FileManager.default.createFile(atPath: dir + "/probe.lua", contents: Data("""
            local json = require "dkjson"
            local inspect = require "inspect"
            return { run = function(task, ctx)
              local text = json.encode({ a = "x", b = { 1, 2, 3 } }, { keyorder = { "a", "b" } })
              local back = json.decode(text)
              local shown = inspect({ 1, 2, k = "v" }, { newline = " ", indent = "" })
              return { signal = 0, confidence = 1, summary = text .. " | " .. shown,
                       metrics = { decoded = #back.b, version = json.version }, sources = {} }
            end }
            """.utf8))
        let result = try await HostProcess.launch(["run", agent, "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let research = try #require(report["research"] as? [String: Any])
        let probe = try #require((research["results"] as? [String: Any])?["probe"] as? [String: Any], "\(research)")
        #expect(probe["summary"] as? String == "{\"a\":\"x\",\"b\":[1,2,3]} | { 1, 2, k = \"v\" }")
        let metrics = try #require(probe["metrics"] as? [String: Any])
        #expect(metrics["decoded"] as? Int == 3)
        #expect((metrics["version"] as? String)?.hasPrefix("dkjson") == true)
    }
}
