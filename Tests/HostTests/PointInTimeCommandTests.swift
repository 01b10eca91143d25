import Foundation
import Testing

/// Point in time through the CLI: `--as-of` parsing and warnings, the interval-aware risk figures, and
/// `host lookahead` on the bundled agents and on one that peeks.
@Suite(.serialized) struct PointInTimeCommandTests {
    func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test func aDateThatDoesNotExistIsBadInput() async throws {
        let r = try await HostProcess.launch(["run", "agents/balanced.lua", "--as-of", "2018-02-30"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("--as-of 2018-02-30: 2018-02 has 28 days"), "\(r.stderr)")
    }

    @Test func aDatePastTheEndIsDecidedAsOfTheEndWithAWarning() async throws {
        let r = try await HostProcess.launch(["run", "agents/balanced.lua", "--as-of", "2030-01-01", "--json", "-q"])
        #expect(r.status == 0, "\(r.stderr)")
        let run = try json(r.stdout)
        #expect(run["as_of"] as? String == "2019-10-18T00:00:00Z")
        #expect(run["as_of_effective"] as? String == "2019-10-18T00:00:00Z")
        #expect(run["as_of_requested"] as? String == "2030-01-02T00:00:00Z")
        let warnings = run["warnings"] as? [String] ?? []
        #expect(warnings.contains { $0.contains("past the end of the data") }, "\(warnings)")
        let text = try await HostProcess.launch(["run", "agents/balanced.lua", "--as-of", "2030-01-01", "-q"])
        #expect(text.stdout.contains("as of 2019-10-17 24:00 UTC (requested 2030-01-01 24:00 UTC)"), "\(text.stdout.prefix(300))")
        #expect(text.stdout.contains("past the end of the data"))
    }

    @Test func hourlyVolatilityIsAnnualisedByTheHour() async throws {
        let path = "data/candles/btcusd_1h_coinbase.csv"
        let r = try await HostProcess.launch(["run", "agents/balanced.lua", "--data", path, "--json", "-q"])
        #expect(r.status == 0, "\(r.stderr)")
        let risk = try #require(try json(r.stdout)["risk"] as? [String: Any])
        let reported = try #require(risk["volatility_30d"] as? Double)
        #expect((risk["windows"] as? [String: Any])?["volatility_30d"] as? Int == 720)
        #expect(risk["bars_per_year"] as? Double == 8760)
        // Independently: the population standard deviation of the last 720 hourly log returns, x sqrt(8760).
        let text = try String(contentsOfFile: HostProcess.packageRoot + "/" + path, encoding: .utf8)
        let closes = text.split(separator: "\n").dropFirst().compactMap { line in Double(line.split(separator: ",")[4]) }
        let returns = zip(closes.dropFirst(), closes).map { log($0 / $1) }.suffix(720)
        let mean = returns.reduce(0, +) / Double(returns.count)
        let sd = (returns.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(returns.count)).squareRoot()
        let expected = sd * 8760.0.squareRoot()
        #expect(abs(reported - expected) / expected < 0.02, "reported \(reported), independent \(expected)")
        #expect(expected > 0.2)   // about 37 %, not the 7 % that sqrt(365) gave
        let notes = (risk["notes"] as? [String] ?? []).joined(separator: " | ")
        #expect(notes.contains("30 days, 720 bars"), "\(notes)")
    }

    @Test func theBundledAgentsDecideTheSameOnDataCutAtTheAsOf() async throws {
        // The truncation property: at several dates over 2017-2019, the --json decision is the same whether every
        // data file the run reads ends at the as-of or runs on.
        for agent in ["agents/balanced.lua", "agents/conservative.lua", "agents/aggressive.lua"] {
            let r = try await HostProcess.launch(["lookahead", agent, "--json", "--as-of", "2017-08-31", "2018-03-15", "2018-12-15", "2019-06-30"])
            #expect(r.status == 0, "\(agent): \(r.stdout) \(r.stderr)")
            let report = try json(r.stdout)
            #expect(report["ok"] as? Bool == true, "\(agent): \(report["differences"] ?? "")")
            #expect((report["dates"] as? [String])?.count == 4)
        }
    }

    @Test func anAsOfInAHoleDecidesTheSameOnCutData() async throws {
        // Whether the data stops at a hole or at its end cannot be known at the as-of: what scripts see (and so the
        // decision's caveats) must not tell them apart; only the output's diagnosis does.
        let r = try await HostProcess.launch(["lookahead", "agents/balanced.lua", "--json", "--as-of", "2019-03-25"])
        #expect(r.status == 0, "\(r.stdout) \(r.stderr)")
        let run = try json(try await HostProcess.launch(["run", "agents/balanced.lua", "--json", "-q", "--as-of", "2019-03-25"]).stdout)
        let warnings = run["warnings"] as? [String] ?? []
        #expect(warnings.contains { $0.contains("falls in a hole of the data") }, "\(warnings)")
        let rationale = (run["decision"] as? [String: Any])?["rationale"] as? String ?? ""
        #expect(rationale.contains("6 bars of 1 day earlier") && !rationale.contains("hole"), "\(rationale)")
    }

    @Test func lookaheadPassesTheBalancedAgent() async throws {
        let r = try await HostProcess.launch(["lookahead", "agents/balanced.lua"])
        #expect(r.status == 0, "\(r.stdout) \(r.stderr)")
        #expect(r.stdout.contains("no look-ahead: the same decision at 4 as-of dates"), "\(r.stdout)")
    }

    @Test func lookaheadCatchesAnAgentThatPeeks() async throws {
        // The peeking agent is kept under Tests/ and run from there (it requires the project's agents).
        let r = try await HostProcess.launch(["lookahead", "Tests/HostTests/Fixtures/lookahead/peeking.lua", "--dates", "2"])
        #expect(r.status == 1, "\(r.stdout) \(r.stderr)")
        #expect(r.stdout.contains("LOOK-AHEAD"), "\(r.stdout)")
        #expect(r.stdout.contains("decision.rationale"), "\(r.stdout)")
        // Its decision is otherwise the balanced agent's: the rationale is the only field that differs.
        #expect(!r.stdout.contains("decision.action") && !r.stdout.contains("risk."), "\(r.stdout)")
    }
}
