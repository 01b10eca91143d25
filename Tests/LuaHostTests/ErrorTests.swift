import LuaHost
import Testing

/// Every failure is one LuaError that says what, where, and carries the Lua traceback.
@Suite struct ErrorTests {
    @Test func syntaxErrorNamesTheLine() throws {
        let host = try TestState()
        #expect { try host.chunk("local x = 1\nlocal y = = 2", name: "broken.lua") } throws: { error in
            let e = error as? LuaError
            return e?.kind == .syntax && e?.location == "broken.lua:2" && e?.description.hasPrefix("broken.lua:2: syntax error:") == true
        }
    }

    @Test func runtimeErrorHasLocationAndTraceback() async throws {
        let host = try TestState()
        let error = await expectLuaError { try await host.run("local function f() error('boom') end\nf()", name: "e.lua") }
        #expect(error?.kind == .runtime)
        #expect(error?.location == "e.lua:1")
        #expect(error?.message == "boom")
        #expect(error?.traceback?.contains("stack traceback") == true)
    }

    @Test func tableErrorObjectsAreDescribed() async throws {
        let host = try TestState()
        let error = await expectLuaError { try await host.run("local x\nerror({code = 1})", name: "t.lua") }
        #expect(error?.kind == .runtime)
        #expect(error?.location == "t.lua:2")
        #expect(error?.message.contains("code = 1") == true)
    }

    @Test func errorObjectWhoseToStringFails() async throws {
        let host = try TestState()
        let error = await expectLuaError {
            try await host.run("error(setmetatable({}, {__tostring = function() error('nope') end}))", name: "ts.lua")
        }
        #expect(error?.kind == .runtime)
        #expect(error?.location == "ts.lua:1")
        #expect(error?.message.contains("__tostring failed") == true)
    }

    @Test func errorObjectsFromSynchronousCallsToo() throws {
        let host = try TestState()
        #expect { try host.call("error(setmetatable({}, {__tostring = function() error('nope') end}))") } throws: { error in
            (error as? LuaError)?.message.contains("__tostring failed") == true
        }
    }

    @Test func yieldAtTheTopLevelIsAnError() async throws {
        let host = try TestState()
        let error = await expectLuaError { try await host.run("local a = 1\ncoroutine.yield(1)", name: "y.lua") }
        #expect(error?.kind == .runtime)
        #expect(error?.location == "y.lua:2")
        #expect(error?.message.contains("outside a coroutine") == true)
    }

    @Test func userCoroutinesStillWork() async throws {
        let host = try TestState()
        let results = try await host.run("""
            local co = coroutine.wrap(function(a) local b = coroutine.yield(a + 1); return b * 2 end)
            return co(1), co(10)
            """)
        #expect(results == [2, 20])
    }
}
