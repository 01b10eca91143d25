import Foundation
import LuaHost
import Testing

/// Which errors a retry can fix travels as data: `desk.retryable(msg)` and a host function throwing a
/// `TransientFailureMark` mark the Lua error transient; a plain error, a typo, or a script's own
/// `error("retryable: ...")` text do not.
@Suite struct TransientErrorTests {
    struct Busy: TransientFailureMark, CustomStringConvertible {
        var isTransient: Bool
        var description: String { isTransient ? "HTTP 503" : "HTTP 404" }
    }

    @Test func plainErrorsAreFinal() async throws {
        let host = try TestState()
        for source in ["local f = nil\nf()", "error('no key')", "error('retryable: it says so')"] {
            let error = await expectLuaError { try await host.run(source, name: "p.lua") }
            #expect(error?.kind == .runtime)
            #expect(error?.transient == false, "\(source)")
        }
    }

    @Test func desksRetryableMarksTheErrorAtTheCallersLine() async throws {
        let host = try TestState()
        let error = await expectLuaError { try await host.run("local x = 1\ndesk.retryable('the feed is busy')", name: "r.lua") }
        #expect(error?.transient == true)
        #expect(error?.location == "r.lua:2")
        #expect(error?.message == "the feed is busy")
        // Caught and raised again, it keeps its mark; a new error made from its text does not.
        let again = await expectLuaError { try await host.run("local ok, e = pcall(desk.retryable, 'x')\nerror(e, 0)", name: "a.lua") }
        #expect(again?.transient == true)
        let copied = await expectLuaError { try await host.run("local ok, e = pcall(desk.retryable, 'x')\nerror(e .. '!', 0)", name: "c.lua") }
        #expect(copied?.transient == false)
    }

    @Test func hostFunctionsMarkTransientFailures() async throws {
        let host = try TestState()
        try host.state.define("busy", .function(HostFunction(async: "desk.busy") { args in
            throw Busy(isTransient: args.arg(0).boolValue ?? false)
        }))
        let transient = await expectLuaError { try await host.run("desk.busy(true)", name: "b.lua") }
        #expect(transient?.transient == true)
        #expect(transient?.message == "desk.busy: HTTP 503")
        let final = await expectLuaError { try await host.run("desk.busy(false)", name: "b.lua") }
        #expect(final?.transient == false)
    }
}
