import Foundation
import LuaHost
import Testing

/// `desk.strings(value [, needles [, patterns]])`: the distinct strings of a value, filtered in one walk.
@Suite struct TextSearchTests {
    let value = """
        local v = { note = "Wire to DE89 3704 0044 0532 0130 00", list = { "hello", "Bearer x", "hello", { deep = "ok" } },
                    ["API-Key"] = 5, n = 42 }
        """

    @Test func everyStringKeysIncludedSortedOnce() async throws {
        let r = try await TestState().run(value + "\nreturn table.concat(desk.strings(v), '|')")
        #expect(r == ["API-Key|Bearer x|Wire to DE89 3704 0044 0532 0130 00|deep|hello|list|n|note|ok"])
    }

    @Test func needlesIgnoreCaseAndPatternsAreLuaPatterns() async throws {
        let host = try TestState()
        let needles = try await host.run(value + "\nreturn table.concat(desk.strings(v, { 'bearer', 'api' }), '|')")
        #expect(needles == ["API-Key|Bearer x"])
        let patterns = try await host.run(value + "\nreturn table.concat(desk.strings(v, {}, { '%u%u%d%d', '^de' }), '|')")
        #expect(patterns == ["Wire to DE89 3704 0044 0532 0130 00|deep"])
        let both = try await host.run(value + "\nreturn table.concat(desk.strings(v, { 'OK' }, { '%u%u%d%d' }), '|')")
        #expect(both == ["Wire to DE89 3704 0044 0532 0130 00|ok"])
    }

    @Test func aMalformedPatternIsAnErrorAtTheCallersLine() async throws {
        let error = await expectLuaError {
            try await TestState().run("local v = { 'a' }\nreturn desk.strings(v, {}, { '[a' })", name: "scan.lua")
        }
        #expect(error?.kind == .runtime)
        #expect(error?.location == "scan.lua:2")
        #expect(error?.message.contains("desk.strings: pattern [a: malformed pattern (missing ']')") == true)
    }

    @Test func aBacktrackingPatternStopsAtTheDeadline() async throws {
        let start = ContinuousClock.now
        let error = await expectLuaError {
            try await TestState().run("local v = { ('a'):rep(3000) }\nreturn desk.strings(v, {}, { ('a-'):rep(4) .. 'b' })",
                                      name: "scan.lua", limits: LuaLimits(timeout: 0.3))
        }
        #expect(error?.kind == .timeout)
        #expect(error?.location == "scan.lua:2")
        #expect(ContinuousClock.now - start < .seconds(2))
    }
}
