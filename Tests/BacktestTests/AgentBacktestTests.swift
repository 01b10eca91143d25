import Foundation
import Testing
@testable import Backtest
import Moondesk

/// The whole path: agents/examples/sma_cross.lua decided by Moondesk at every bar of the bundled daily series
/// (planner, research task, decision node, each as of its bar), traded by the broker, against backtesting.py
/// running the same rules with its own averages.
@Suite struct AgentBacktestTests {
    func spec(short: Bool, jobs: Int = 2) -> BacktestSpec {
        var spec = BacktestSpec(agentPath: repoRoot + "/agents/examples/sma_cross.lua")
        spec.allowShort = short
        spec.jobs = jobs
        return spec
    }

    @Test(arguments: [("sma_cross_daily.json", false), ("sma_cross_daily_short.json", true)])
    func smaCrossoverMatchesTheLibrary(_ name: String, _ short: Bool) async throws {
        let f = try Fixture.load(name)
        let result = try await Backtest.run(spec(short: short))
        #expect(result.range.firstDecision == f.first_decision)
        #expect(result.decisions.count == result.bars.count - f.first_decision)
        #expect(result.decisions.allSatisfy { !$0.failed })
        #expect(tradeMismatches(result.ledger.trades, f.expected.trades) == [])
        let equityOff = zip(result.ledger.equity, f.expected.equity).enumerated().filter { !close($0.element.0, $0.element.1) }.map(\.offset)
        #expect(equityOff.count == 0, "bars off, the first: \(equityOff.prefix(3))")
        #expect(mismatches(result.metrics, f.expected.stats) == [])
    }

    @Test func anyNumberOfJobsGivesTheSameDecisions() async throws {
        var one = spec(short: true, jobs: 1), three = spec(short: true, jobs: 3)
        one.from = 1_546_300_800   // 2019-01-01
        three.from = one.from
        let a = try await Backtest.run(one), b = try await Backtest.run(three)
        func strip(_ d: [BarDecision]) -> [BarDecision] {
            d.map { var d = $0; d.seconds = 0; d.researchSeconds = 0; d.nodeSeconds = 0; return d }
        }
        #expect(strip(a.decisions) == strip(b.decisions))
        #expect(a.ledger == b.ledger)
    }
}
