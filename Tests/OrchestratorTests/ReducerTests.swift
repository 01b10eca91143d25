import LuaHost
import Testing
@testable import Orchestrator

/// A graph of nodes run one after the other: a -> b -> ... -> END.
func chain(_ names: [String], reducers: [String: StateReducer] = [:]) -> GraphDefinition {
    var graph = GraphDefinition()
    for (line, name) in names.enumerated() { graph.addNode(name, at: at(line + 1, "chain.lua")) }
    graph.setEntry(names[0])
    for (from, to) in zip(names, names.dropFirst() + [GraphDefinition.end]) { graph.addEdge(from, to) }
    for (field, reducer) in reducers { graph.setReducer(reducer, for: field) }
    return graph
}

/// Node functions that return fixed updates, by node.
func fixed(_ updates: [String: [String: LuaValue]]) -> NodeFunctions {
    NodeFunctions(updates.mapValues { update in { _, _ in NodeOutput(update) } })
}

@Suite struct ReducerTests {
    @Test func replaceIsTheDefaultAndNilRemoves() async throws {
        let result = await GraphEngine.run(chain(["a", "b", "c"]), initial: AgentState(["keep": 1, "gone": 2]),
                                           runner: fixed(["a": ["score": 1], "b": ["score": 2, "gone": .nil], "c": [:]]))
        #expect(result.state.fields == ["keep": 1, "score": 2])
    }

    @Test func appendAccumulatesMessagesInOrder() async throws {
        let result = await GraphEngine.run(chain(["a", "b", "c"]), initial: seedState, runner: fixed([
            "a": ["messages": ["a1", "a2"]], "b": ["messages": "b1"], "c": ["messages": ["c1"], "warnings": ["w"]],
        ]))
        #expect(result.state["messages"] == ["a1", "a2", "b1", "c1"])
        #expect(result.state["warnings"] == ["w"])
    }

    @Test func mergeWritesTableFields() async throws {
        let graph = chain(["a", "b"], reducers: ["results": .merge])
        let result = await GraphEngine.run(graph, initial: AgentState(), runner: fixed([
            "a": ["results": ["x": 1, "y": 2]], "b": ["results": ["y": 3, "z": 4]],
        ]))
        #expect(result.state["results"] == ["x": 1, "y": 3, "z": 4])
    }

    @Test func reducerCombinations() throws {
        #expect(try StateReducer.append.combine(nil, "x") == ["x"])
        #expect(try StateReducer.append.combine(.table([:]), ["x", "y"]) == ["x", "y"])
        #expect(try StateReducer.append.combine(["a"], nil) == ["a"])
        #expect(try StateReducer.merge.combine(.array([]), ["k": 1]) == ["k": 1])
        #expect(throws: ReducerFailure.self) { try StateReducer.append.combine("text", "x") }
        #expect(throws: ReducerFailure.self) { try StateReducer.merge.combine(["k": 1], ["list"]) }
    }

    @Test func badUpdateStopsTheRunNamingNodeAndField() async throws {
        let result = await GraphEngine.run(chain(["a", "b"]), initial: AgentState(["messages": "not a list"]),
                                           runner: fixed(["a": ["messages": ["hi"]], "b": [:]]))
        #expect(result.status == .failed && result.error?.kind == .badUpdate)
        #expect(result.error?.message == "node a (chain.lua:1) returned a bad update: field messages (append): cannot append to a string that is not a list")
        #expect(result.journal.map(\.status) == [.failed])
        #expect(result.state["messages"] == "not a list")
    }

    /// a -> [p, q, r] -> z: the branches finish in reverse order, their updates merge in declaration order.
    func fanOut(delays: [String: Int], updates: [String: [String: LuaValue]], reducers: [String: StateReducer] = [:])
        -> (GraphDefinition, NodeFunctions)
    {
        var graph = GraphDefinition()
        for name in ["a", "p", "q", "r", "z"] { graph.addNode(name, at: at(1, "fan.lua")) }
        graph.setEntry("a")
        graph.addParallel(from: "a", branches: ["p", "q", "r"], join: "z", at: at(9, "fan.lua"))
        graph.addEdge("z", GraphDefinition.end)
        for (field, reducer) in reducers { graph.setReducer(reducer, for: field) }
        var nodes = NodeFunctions()
        for name in ["a", "p", "q", "r", "z"] {
            let update = updates[name] ?? [:], delay = delays[name] ?? 0
            nodes.set(name) { _, _ in
                try await Task.sleep(for: .milliseconds(delay))
                return NodeOutput(update)
            }
        }
        return (graph, nodes)
    }

    @Test func parallelMergeIsInBranchOrderWhateverTheTiming() async throws {
        for delays in [["p": 60, "q": 30, "r": 0], ["p": 0, "q": 30, "r": 60]] {
            let (graph, nodes) = fanOut(delays: delays, updates: [
                "p": ["messages": ["p"], "table": ["p": 1]], "q": ["messages": ["q1", "q2"], "table": ["q": 2]],
                "r": ["messages": ["r"], "only_r": true], "z": ["messages": ["z"]],
            ], reducers: ["table": .merge])
            let result = await GraphEngine.run(graph, initial: seedState, runner: nodes)
            #expect(result.status == .completed)
            #expect(result.state["messages"] == ["p", "q1", "q2", "r", "z"])
            #expect(result.state["table"] == ["p": 1, "q": 2])
            #expect(result.state["only_r"] == true)
            #expect(result.path == ["a", "p", "q", "r", "z"])
            #expect(result.journal.map(\.step) == [1, 2, 3, 4, 5])
        }
    }

    @Test func parallelBranchesReplacingOneFieldDifferentlyIsAnError() async throws {
        let (graph, nodes) = fanOut(delays: [:], updates: ["p": ["verdict": "up"], "q": ["verdict": "up"], "r": ["verdict": "down"]])
        let result = await GraphEngine.run(graph, initial: AgentState(), runner: nodes)
        #expect(result.error?.kind == .badUpdate)
        #expect(result.error?.message == "the parallel branches of a (fan.lua:9) returned bad updates: parallel branches p and r "
            + "both set field verdict to different values; give the field an append or merge reducer, or use distinct fields")
        #expect(result.state["verdict"] == nil)
    }

    @Test func nodeOutputFromLuaTakesTheSummaryOut() throws {
        let output = try NodeOutput(luaResult: ["summary": "3 points", "bull_case": ["score": 1]])
        #expect(output.summary == "3 points" && output.update == ["bull_case": ["score": 1]])
        #expect(try NodeOutput(luaResult: nil).update.isEmpty)
        #expect(throws: GraphError.self) { try NodeOutput(luaResult: ["a", "b"]) }
        #expect(throws: GraphError.self) { try NodeOutput(luaResult: ["summary": 3]) }
    }
}
