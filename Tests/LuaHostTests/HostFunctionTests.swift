import Foundation
import LuaHost
import Testing

/// Swift functions called from Lua: results, errors Lua can catch, async waits that suspend the coroutine.
@Suite struct HostFunctionTests {
    struct Failure: Error, CustomStringConvertible { var description: String }

    @Test func swiftErrorsBecomeCatchableLuaErrors() async throws {
        let host = try TestState()
        try host.state.define("fail", .function(HostFunction("desk.fail") { _ in throw Failure(description: "no data") }))
        let results = try await host.run("""
            local ok, err = pcall(desk.fail)
            return ok, err
            """, name: "h.lua")
        #expect(results.first == false)
        #expect(results.last?.stringValue == "h.lua:1: desk.fail: no data")
    }

    @Test func uncaughtSwiftErrorNamesTheCallingLine() async throws {
        let host = try TestState()
        try host.state.define("fail", .function(HostFunction("desk.fail") { _ in throw Failure(description: "no data") }))
        let error = await expectLuaError { try await host.run("local a = 1\ndesk.fail()", name: "h.lua") }
        #expect(error?.kind == .runtime)
        #expect(error?.location == "h.lua:2")
        #expect(error?.message == "desk.fail: no data")
    }

    @Test func sleepSuspendsAndResumes() async throws {
        let host = try TestState()
        let start = ContinuousClock.now
        let results = try await host.run("desk.sleep(0.05); return 'awake'")
        #expect(results == ["awake"])
        #expect(ContinuousClock.now - start >= .milliseconds(50))
    }

    /// A state keeps the coroutine of a run that returned for its next run: whatever the last run did (waited,
    /// raised, closed a to-be-closed variable, left values on its stack), the next one starts clean.
    @Test func runsOneAfterAnotherStartClean() async throws {
        let host = try TestState()
        #expect(try await host.run("desk.sleep(0.01); return 'waited'") == ["waited"])
        #expect(try await host.run("return select('#', ...)") == [0], "nothing left on the stack becomes an argument")
        #expect(try await host.run("local t <close> = setmetatable({}, { __close = function() end }); return 1, 2, 3") == [1, 2, 3])
        #expect(try await host.run("return coroutine.isyieldable(), 'next'") == [true, "next"])
        let error = await expectLuaError { try await host.run("local deep\nlocal function f(n) if n == 0 then error('boom') end return f(n - 1) end\nf(50)", name: "e.lua") }
        #expect(error?.message.hasSuffix("boom") == true)
        #expect(try await host.run("desk.sleep(0.01); return 'after the error'") == ["after the error"])
        for i in 1...3 { #expect(try await host.run("return \(i) * 2") == [.integer(Int64(i * 2))]) }
    }

    @Test func asyncErrorsAreRaisedInsideTheCoroutine() async throws {
        let host = try TestState()
        try host.state.define("fetch", .function(HostFunction(async: "desk.fetch") { _ in
            try await Task.sleep(for: .milliseconds(5))
            throw Failure(description: "HTTP 500")
        }))
        let results = try await host.run("local ok, err = pcall(desk.fetch); return ok, err", name: "f.lua")
        #expect(results == [false, "f.lua:1: desk.fetch: HTTP 500"])
    }

    @Test func aWaitPastTheDeadlineIsStopped() async throws {
        let host = try TestState()
        let start = ContinuousClock.now
        let error = await expectLuaError { try await host.run("local x = 1\ndesk.sleep(3600)", name: "w.lua", limits: LuaLimits(timeout: 0.1)) }
        #expect(error?.kind == .timeout)
        #expect(error?.location == "w.lua:2")
        #expect(ContinuousClock.now - start < .seconds(10), "stopped at its deadline, not after the hour it asked for")
    }

    @Test func cancellingTheTaskCancelsTheWait() async throws {
        let host = try TestState()
        let task = Task { try await host.run("desk.sleep(3600)", limits: LuaLimits(timeout: 7200)) }
        try await Task.sleep(for: .milliseconds(30))
        task.cancel()
        guard case .failure(let error as LuaError) = await task.result else {
            Issue.record("expected cancellation")
            return
        }
        #expect(error.kind == .cancelled)
    }

    @Test func asyncFunctionsCannotWaitInAPlainCall() throws {
        let host = try TestState()
        #expect { try host.call("desk.sleep(0.01)") } throws: { error in
            (error as? LuaError)?.message.contains("cannot wait here") == true
        }
    }

    @Test func objectsAreViewsNotCopies() async throws {
        final class Numbers: LuaObject, @unchecked Sendable {
            let values = (1...20_000).map(Double.init)
            override var luaTypeName: String { "numbers" }
            override var length: Int? { values.count }
            override func index(_ key: LuaValue) throws -> LuaValue {
                guard let i = key.intValue, (1...values.count).contains(i) else { return .nil }
                return .number(values[i - 1])
            }
        }
        let host = try TestState()
        let results = try host.call("local xs = ...; return #xs, xs[1], xs[20000], xs[0], tostring(xs)", [.object(Numbers())])
        #expect(results == [20000, 1.0, 20000.0, nil, "numbers"])
    }

    @Test func jsonRoundTripIsSortedAndExact() async throws {
        let host = try TestState()
        let results = try await host.run("""
            local text = desk.json.encode({b = {1, 2.5, 'x'}, a = true, e = {}})
            local back = desk.json.decode(text)
            return text, back.b[2], back.a
            """)
        #expect(results == [#"{"a":true,"b":[1,2.5,"x"],"e":{}}"#, 2.5, true])
    }
}
