import Foundation
import LuaHost
import Testing

/// The sandbox refuses what is dangerous, with a `sandbox` error naming the line, and executes nothing.
@Suite struct SandboxTests {
    @Test(arguments: [
        ("os.execute('touch /tmp/moondesk-pwned')", "os.execute"),
        ("io.popen('ls')", "io.popen"),
        ("package.loadlib('libc.so.6', 'system')", "package.loadlib"),
        ("debug.sethook(print, 'l')", "debug.sethook"),
        ("local f = function() end; load(string.dump(f))", "string.dump"),
        ("local home = os.getenv('HOME')", "os.getenv"),
        ("os.exit(3)", "os.exit"),
        ("os.remove('/tmp/x')", "os.remove"),
        ("local f = io.open('/etc/passwd')", "io.open"),
        ("local f = load('\\27Lua')", "binary chunks"),
        ("local f = load('return 1', 'x', 'b')", "load mode"),
    ])
    func refusals(source: String, what: String) async throws {
        let host = try TestState()
        let error = await expectLuaError { try await host.run("local x = 1\n" + source, name: "hostile.lua") }
        #expect(error?.kind == .sandbox, "\(source): \(String(describing: error))")
        #expect(error?.location == "hostile.lua:2")
        #expect(error?.description.contains(what) == true)
        #expect(!FileManager.default.fileExists(atPath: "/tmp/moondesk-pwned"))
    }

    @Test func requireOfACModuleIsRefused() async throws {
        let dir = temporaryFolder()
        write("", to: dir + "/native.so")
        write("local n = require 'native'", to: dir + "/main.lua")
        let host = try TestState()
        let error = await expectLuaError { try await host.state.run(try host.state.loadScript(dir + "/main.lua")) }
        #expect(error?.kind == .sandbox)
        #expect(error?.location == dir + "/main.lua:1")
        #expect(error?.message.contains("C modules are not allowed") == true)
    }

    @Test func requireFindsModulesBesideTheScriptThenInTheRoots() async throws {
        let root = temporaryFolder()
        let agents = root + "/agents"
        try FileManager.default.createDirectory(atPath: agents + "/handlers", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: agents + "/examples", withIntermediateDirectories: true)
        write("return { name = 'shared planner' }", to: agents + "/planner.lua")
        write("return { run = function() return 7 end }", to: agents + "/handlers/seven.lua")
        write("return { name = 'local helper' }", to: agents + "/examples/helper.lua")
        write("""
            local p = require 'planner'
            local h = require 'handlers.seven'
            local l = require 'helper'
            assert(require 'planner' == p, 'modules are cached')
            return p.name, h.run(), l.name
            """, to: agents + "/examples/mine.lua")
        let host = try TestState(moduleRoots: [agents])
        let results = try await host.state.run(try host.state.loadScript(agents + "/examples/mine.lua"))
        #expect(results == ["shared planner", 7, "local helper"])
        #expect(host.state.sandbox.loaded.contains(agents + "/handlers/seven.lua"))
    }

    @Test func missingModuleNamesThePathsTried() async throws {
        let host = try TestState()
        let error = await expectLuaError { try await host.run("local x = require 'plannr'", name: "agent.lua") }
        #expect(error?.kind == .runtime)
        #expect(error?.location == "agent.lua:1")
        #expect(error?.message.contains("plannr.lua") == true)
    }

    @Test func eachScriptGetsACleanEnvironment() async throws {
        let host = try TestState()
        try await host.run("desk = nil; _G.print = nil; string.rep = nil; math.pi = 3; table.insert = error")
        let results = try await host.run("return type(desk), type(print), string.rep('ab', 2), math.pi > 3.14, type(table.insert)")
        #expect(results == ["table", "function", "abab", true, "function"])
    }

    @Test func theSharedStringMetatableIsLocked() async throws {
        let host = try TestState()
        let results = try await host.run("return getmetatable('')")
        #expect(results == [false])
    }

    @Test func printGoesThroughTheHost() async throws {
        let host = try TestState()
        try await host.run("print('a', 1, nil, true)")
        #expect(host.printed == ["a\t1\tnil\ttrue"])
    }
}
