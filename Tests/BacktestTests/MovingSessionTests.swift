import Foundation
import Testing
import LuaHost
@testable import Backtest
import Moondesk

/// A session that moves its as-of decides exactly as a new session made at that as-of, in either direction: the
/// states it keeps hold nothing of the other as-of, and what the scripts read is cut where it should be.
@Suite struct MovingSessionTests {
    func options(asOf: Int64?) -> SessionOptions {
        var options = SessionOptions(agentPath: repoRoot + "/agents/examples/sma_cross.lua")
        options.asOf = asOf
        return options
    }

    func research(_ run: DecisionRun) -> String {
        run.state["task_execution_results"]["sma"].jsonText() + run.decision.jsonText()
    }

    @Test func aMovedSessionDecidesAsANewOneAtThatAsOf() async throws {
        let late: Int64 = 1_567_296_000, early: Int64 = 1_451_606_400   // 2019-09-01, 2016-01-01
        let moving = try Session(options(asOf: late))
        let atLate = try await moving.decide()
        try moving.move(asOf: early)
        let movedEarly = try await moving.decide()
        try moving.move(asOf: late)
        let movedLate = try await moving.decide()
        let freshEarly = try await Session(options(asOf: early)).decide()
        #expect(research(movedEarly) == research(freshEarly))
        #expect(research(movedLate) == research(atLate))
        // the early decision saw only the bars closed by its as-of
        let bars = movedEarly.state["task_execution_results"]["sma"]["sources"].arrayValue?.first?["bars"].intValue
        let expected = try Session(options(asOf: early)).runtime.market.series().count
        #expect(bars == expected)
        #expect(moving.runtime.market.clock.cutoff == late)
        // the run log of each as-of is its own
        #expect(moving.runtime.market.runReads.reads.allSatisfy { ($0.latest ?? 0) <= late })
    }

    @Test func movingBeforeTheDataIsTheSameErrorAsStartingThere() async throws {
        let moving = try Session(options(asOf: nil))
        try moving.move(asOf: 946_684_800)   // 2000-01-01: no bar closed yet
        await #expect(throws: MoondeskError.self) { _ = try await moving.decide() }
        await #expect(throws: MoondeskError.self) { _ = try await Session(options(asOf: 946_684_800)).decide() }
    }
}
