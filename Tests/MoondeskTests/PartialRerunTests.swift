import Foundation
import LuaHost
import Moondesk
import Orchestrator
import Testing

/// Re-running part of a decision after a change (what `host watch` does), in process.
@Suite(.serialized) struct PartialRerunTests {
    func edit(_ path: String, _ change: (String) -> String) throws {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        try change(text).write(toFile: path, atomically: true, encoding: .utf8)
    }

    @Test func aChangedNodeResumesAtThatNodeOnTheSameResearch() async throws {
        let root = try makeProjectWithRepoAgents()
        let first = try await session(root + "/agents/balanced.lua").decide()
        try edit(root + "/agents/nodes/analyzer.lua") { $0.replacingOccurrences(of: "local BEAR_WEIGHT = 1.0", with: "local BEAR_WEIGHT = 2.0") }
        let s = try session(root + "/agents/balanced.lua")
        let scope = ReloadScope.of([root + "/agents/nodes/analyzer.lua"], previous: first, session: s)
        #expect(scope == .reuse(.nodes(from: "analyzer")))
        let second = try await s.decide(reuse: Reuse(previous: first, scope: .nodes(from: "analyzer")))
        #expect(second.result.path == ["analyzer", "risk", "privacy", "optimizer", "decision"])
        #expect(second.state["task_execution_results"] == first.state["task_execution_results"])
        #expect(second.state["bull_case"] == first.state["bull_case"])
        let bear = try #require(first.state["analysis"]["bear_strength"].doubleValue)
        #expect(abs((second.state["analysis"]["bear_strength"].doubleValue ?? 0) - 2 * bear) < 1e-3)
        // The same change from scratch gives the same decision.
        let fresh = try await session(root + "/agents/balanced.lua").decide()
        #expect(fresh.decision == second.decision)
    }

    @Test func aChangedBranchNodeResumesAtItsFork() async throws {
        let root = try makeProjectWithRepoAgents()
        let first = try await session(root + "/agents/balanced.lua").decide()
        let s = try session(root + "/agents/balanced.lua")
        #expect(ReloadScope.of([root + "/agents/nodes/bear.lua"], previous: first, session: s) == .reuse(.nodes(from: "bear")))
        let second = try await s.decide(reuse: Reuse(previous: first, scope: .nodes(from: "bear")))
        #expect(second.resumedAt == "bull_bear")
        #expect(second.result.path.first == "bull")
        #expect(second.result.path.filter { $0 == "bear" }.count == 2)
        #expect(second.decision == first.decision)
    }

    @Test func aChangedTaskDefinitionReRunsOnlyThatTaskAndItsDependents() async throws {
        let root = try makeProjectWithRepoAgents()
        let first = try await session(root + "/agents/balanced.lua").decide()
        // The planner gives technical a longer timeout: technical and patterns (which depends on it) run again.
        try edit(root + "/agents/planner.lua") {
            $0.replacingOccurrences(of: "cost = 0.02, seconds = 15, timeout = 30,\n            handler = \"handlers.technical\"",
                                    with: "cost = 0.02, seconds = 15, timeout = 40,\n            handler = \"handlers.technical\"")
        }
        let s = try session(root + "/agents/balanced.lua")
        let scope = ReloadScope.of([root + "/agents/planner.lua"], previous: first, session: s)
        #expect(scope == .reuse(.research(forced: [])))
        let second = try await s.decide(reuse: Reuse(previous: first, scope: .research(forced: [])))
        #expect(second.plan?.tasks.first { $0.taskID == "technical" }?.timeoutSeconds == 40)
        #expect(second.rerunTasks == ["technical", "patterns"])
        #expect(second.rounds.last?.taskIDs == ["technical", "patterns"])
        #expect(second.state["task_execution_results"] == first.state["task_execution_results"])
        #expect(second.decision == first.decision)
    }

    @Test func aChangedHandlerReRunsItsTasksAndASharedHelperReRunsAll() async throws {
        let root = try makeProjectWithRepoAgents()
        let first = try await session(root + "/agents/balanced.lua").decide()
        let s = try session(root + "/agents/balanced.lua")
        #expect(ReloadScope.of([root + "/agents/handlers/sentiment.lua"], previous: first, session: s)
            == .reuse(.research(forced: ["sentiment"])))
        let all = Set(first.plan?.tasks.map(\.taskID) ?? [])
        #expect(ReloadScope.of([root + "/agents/handlers/common.lua"], previous: first, session: s)
            == .reuse(.research(forced: all)))
        let second = try await s.decide(reuse: Reuse(previous: first, scope: .research(forced: ["sentiment"])))
        #expect(second.rerunTasks == ["sentiment", "keywords"])
        #expect(ReloadScope.of([root + "/data/candles/btcusd_1d_coinbase.csv"], previous: first, session: s) == .full)
        #expect(ReloadScope.of([root + "/agents/conservative.lua"], previous: first, session: s) == .unaffected)
    }
}
