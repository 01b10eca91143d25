import Foundation
import LuaHost
import Testing

/// `require` of a standard library name gives the run's own (sandboxed) library, as plain Lua's package.loaded.
@Suite struct RequireLibraryTests {
    @Test func requireOfEachLibraryIsTheGlobal() async throws {
        let host = try TestState()
        let results = try await host.run("""
            local same = {}
            for _, name in ipairs{ "string", "table", "math", "utf8", "coroutine", "os", "debug", "io", "package", "_G" } do
              same[#same + 1] = require(name) == _G[name] and package.loaded[name] == _G[name]
            end
            return table.concat((function() local t = {} for i, v in ipairs(same) do t[i] = tostring(v) end return t end)(), ",")
            """)
        #expect(results == [.string(Array(repeating: "true", count: 10).joined(separator: ","))])
    }

    @Test func aChangeToTheRunsLibraryIsSeenThroughRequireAndNotByTheNextRun() async throws {
        let host = try TestState()
        #expect(try await host.run("string.shout = string.upper; return require('string').shout('a')") == [.string("A")])
        #expect(try await host.run("return require('string').shout == nil") == [.boolean(true)])
        let refused = await #expect(throws: LuaError.self) { try await host.run("local os = require 'os'\nos.execute('ls')") }
        #expect(refused?.kind == .sandbox && refused?.line == 2)
    }

    @Test func aFileNamedLikeALibraryMayRequireIt() async throws {
        let dir = temporaryFolder()
        write("local u = require \"utf8\"\nreturn u == utf8, u.len(\"h\\u{e9}\")\n", to: dir + "/utf8.lua")
        let host = try TestState(moduleRoots: [dir])
        #expect(try await host.state.run(try host.state.loadScript(dir + "/utf8.lua")) == [.boolean(true), .integer(2)])
    }
}
