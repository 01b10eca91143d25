import Foundation
import LuaHost
import Research
@testable import Orchestrator

/// `agents/graph.lua:LINE`.
func at(_ line: Int, _ file: String = "agents/graph.lua") -> SourceLocation { SourceLocation(file: file, line: line) }

/// The seed's planned workflow as a graph: planner → researcher → validator → quality gate →(researcher |
/// bull_bear) → [bull, bear] → analyzer → risk → privacy → optimizer → decision → END.
func seedGraph(maxRounds: Int = 2) -> GraphDefinition {
    var graph = GraphDefinition()
    for (line, name) in ["planner", "researcher", "validator", "quality_gate", "bull", "bear", "analyzer", "risk",
                         "privacy", "optimizer", "decision"].enumerated() {
        graph.addNode(name, at: at(line + 1))
    }
    graph.setEntry("planner", at: at(20))
    graph.addEdge("planner", "researcher", at: at(21))
    graph.addEdge("researcher", "validator", at: at(22))
    graph.addEdge("validator", "quality_gate", at: at(23))
    graph.addConditionalEdges(from: "quality_gate", router: RouterFunction { state in
        let suspect = state["suspect_tasks"].arrayValue ?? []
        let rounds = state["research_rounds"].intValue ?? 0
        return !suspect.isEmpty && rounds < maxRounds ? "researcher" : "bull_bear"
    }, targets: ["researcher", "bull_bear"], labels: ["researcher": "retry suspect tasks", "bull_bear": "debate"],
       at: at(24))
    graph.addParallel(named: "bull_bear", branches: ["bull", "bear"], join: "analyzer", at: at(25))
    graph.addEdge("analyzer", "risk", at: at(26))
    graph.addEdge("risk", "privacy", at: at(27))
    graph.addEdge("privacy", "optimizer", at: at(28))
    graph.addEdge("optimizer", "decision", at: at(29))
    graph.addEdge("decision", GraphDefinition.end, at: at(30))
    graph.setReducer(.merge, for: AgentState.Field.taskExecutionResults)
    return graph
}

/// Research results a seeded "market" gives: each task's signal in -1...1 and whether it came back.
struct SeedMarket: Sendable {
    /// Signals by task id.
    var signals: [String: Double] = ["sentiment": 0.4, "onchain": 0.2, "technical": -0.1]
    /// Tasks whose first `n` rounds return no data.
    var missingRounds: [String: Int] = [:]
}

/// Node functions for the seed graph: small but real computations on the state.
func seedNodes(market: SeedMarket = SeedMarket()) -> NodeFunctions {
    var nodes = NodeFunctions()
    nodes.set("planner") { state, _ in
        let tasks: [LuaValue] = ["sentiment", "onchain", "technical"]
        let profile = state["risk_profile"].stringValue ?? "balanced"
        return NodeOutput([
            "research_plan": ["symbol": state["symbol"], "risk_profile": .string(profile), "tasks": .array(tasks)],
            "planned_tasks": .array(tasks), "completed_task_ids": [],
            "messages": ["planner: 3 tasks"],
        ], summary: "3 tasks for \(state["symbol"].stringValue ?? "?")")
    }
    nodes.set("researcher") { state, _ in
        let round = (state["research_rounds"].intValue ?? 0) + 1
        let done = Set((state["completed_task_ids"].arrayValue ?? []).compactMap(\.stringValue))
        let todo = (state["planned_tasks"].arrayValue ?? []).compactMap(\.stringValue).filter { !done.contains($0) }
        var results: [String: LuaValue] = [:]
        var completed = Array(done).sorted()
        for task in todo {
            if round <= market.missingRounds[task, default: 0] {
                results[task] = ["status": "failed"]
            } else {
                results[task] = ["status": "completed", "signal": .number(market.signals[task] ?? 0)]
                completed.append(task)
            }
        }
        return NodeOutput([
            "task_execution_results": .table(results), "completed_task_ids": .array(completed.sorted().map { .string($0) }),
            "research_rounds": .integer(Int64(round)), "messages": .array([.string("researcher: round \(round), \(todo.count) tasks")]),
        ], summary: "round \(round)")
    }
    nodes.set("validator") { state, _ in
        let results = state["task_execution_results"].tableValue ?? [:]
        let suspect = results.keys.sorted().filter { results[$0]!["signal"].doubleValue == nil }
        return NodeOutput(["suspect_tasks": .array(suspect.map { .string($0) })], summary: "\(suspect.count) suspect")
    }
    nodes.set("quality_gate") { state, _ in
        let suspect = state["suspect_tasks"].arrayValue ?? []
        return suspect.isEmpty ? NodeOutput() : NodeOutput(["warnings": .array([.string("degraded research: \(suspect.count) suspect tasks")])])
    }
    nodes.set("bull") { state, _ in NodeOutput(caseFor(state, sign: 1, name: "bull")) }
    nodes.set("bear") { state, _ in NodeOutput(caseFor(state, sign: -1, name: "bear")) }
    nodes.set("analyzer") { state, _ in
        let bull = state["bull_case"]["score"].doubleValue ?? 0, bear = state["bear_case"]["score"].doubleValue ?? 0
        return NodeOutput(["score": .number(bull - bear), "messages": ["analyzer: weighed both cases"]])
    }
    nodes.set("risk") { state, _ in
        let suspect = state["suspect_tasks"].arrayValue?.count ?? 0
        return NodeOutput(["risk_level": .string(suspect > 0 ? "high" : "medium")])
    }
    nodes.set("privacy") { state, _ in
        let messages = (state["messages"].arrayValue ?? []).compactMap(\.stringValue)
        let redacted = messages.filter { $0.contains("@") }.count
        return NodeOutput(["redactions": .integer(Int64(redacted))])
    }
    nodes.set("optimizer") { state, _ in
        let size = state["risk_level"].stringValue == "high" ? 0.01 : 0.02
        return NodeOutput(["position_size": .number(size)])
    }
    nodes.set("decision") { state, _ in
        let score = state["score"].doubleValue ?? 0
        let action = score > 0.05 ? "BUY" : score < -0.05 ? "SELL" : "HOLD"
        return NodeOutput(["decision": .string(action), "messages": .array([.string("decision: \(action)")])],
                          summary: action)
    }
    return nodes
}

/// A debater's case: the sum of the results' signals on its side.
func caseFor(_ state: AgentState, sign: Double, name: String) -> [String: LuaValue] {
    let results = state["task_execution_results"].tableValue ?? [:]
    let evidence = results.keys.sorted().compactMap { key -> (String, Double)? in
        guard let signal = results[key]!["signal"].doubleValue, signal * sign > 0 else { return nil }
        return (key, abs(signal))
    }
    let score = evidence.reduce(0) { $0 + $1.1 }
    return ["\(name)_case": ["score": .number(score), "evidence": .array(evidence.map { .string($0.0) })],
            "messages": .array([.string("\(name): \(evidence.count) points")])]
}

/// A thread-safe log of what happened, for tests.
final class Log: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [String] = []

    func add(_ item: String) { lock.withLock { items.append(item) } }
    var all: [String] { lock.withLock { items } }
    func contains(_ item: String) -> Bool { lock.withLock { items.contains(item) } }
}

/// A failure with a location, as the Lua adapter throws.
struct NodeFailure: TaskFailure {
    var message: String
    var location: String?
    var isRetryable = false
    var isTimeout = false
}

let seedState = AgentState(symbol: "BTC/USDT", riskProfile: "balanced")
