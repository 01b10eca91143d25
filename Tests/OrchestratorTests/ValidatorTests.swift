import Testing
@testable import Orchestrator

@Suite struct ValidatorTests {
    @Test func seedGraphIsValid() {
        #expect(GraphValidator.problems(in: seedGraph()).isEmpty)
    }

    @Test func unreachableNodeIsReportedWithItsLine() throws {
        var graph = seedGraph()
        graph.addNode("whale_watch", at: at(31))
        graph.addEdge("whale_watch", "analyzer", at: at(32))
        let error = try #require(throws: GraphError.self) { try GraphValidator.validate(graph) }
        #expect(error.kind == .invalidGraph)
        #expect(error.problems == [GraphProblem("node whale_watch is unreachable from the entry point planner", at: at(31))])
        #expect(error.description == "the graph has 1 problem:\n  agents/graph.lua:31: node whale_watch is unreachable from the entry point planner")
    }

    @Test func unknownNodesInEdgesAreReportedWithSuggestions() {
        var graph = seedGraph()
        graph.removeEdges(from: "risk")
        graph.addEdge("risk", "privasy", at: at(40, "agents/custom.lua"))
        graph.addEdge("ghost", "privacy", at: at(41, "agents/custom.lua"))
        let problems = GraphValidator.problems(in: graph).map(\.description)
        #expect(problems.contains("agents/custom.lua:40: edge risk -> privasy: unknown node privasy (did you mean privacy?)"))
        #expect(problems.contains("agents/custom.lua:41: edge ghost -> privacy: unknown node ghost"))
        // privacy is no longer reachable: risk's only edge goes nowhere known.
        #expect(problems.contains("agents/graph.lua:9: node privacy is unreachable from the entry point planner"))
    }

    @Test func everyProblemIsReportedOnce() {
        var graph = GraphDefinition()
        graph.addNode("a", at: at(1, "g.lua"))
        graph.addNode("a", at: at(2, "g.lua"))
        graph.addNode("b", at: at(3, "g.lua"))
        graph.addNode("END", at: at(4, "g.lua"))
        graph.addEdge("a", "b", at: at(5, "g.lua"))
        graph.addEdge("a", "END", at: at(6, "g.lua"))
        graph.addConditionalEdges(from: "b", router: RouterFunction { _ in "a" }, targets: ["a", "c"], at: at(7, "g.lua"))
        graph.replaceNode("zz", handler: "x.lua", at: at(8, "g.lua"))
        graph.stepLimit = 0
        let problems = GraphValidator.problems(in: graph).map(\.description)
        #expect(problems == [
            "g.lua:2: duplicate node a (first declared at g.lua:1); use replaceNode to change a node",
            "g.lua:4: \"END\" is the terminal and cannot be a node's name",
            "g.lua:8: cannot replace node zz: there is no such node",
            "the graph has no entry point: call setEntry with the first node",
            "g.lua:7: conditional edge from b: unknown target c",
            "g.lua:6: node a has 2 outgoing edges (edge to b at g.lua:5, edge to END at g.lua:6); a node has one way out: "
                + "call removeEdges(from: \"a\") before rewiring",
            "the step limit must be 1 or more, got 0",
        ])
    }

    @Test func nodeWithoutOutgoingEdgeIsAnEdgeToNowhere() {
        var graph = chain(["a", "b"])
        graph.addNode("c", at: at(9, "chain.lua"))
        graph.removeEdges(from: "b")
        graph.addEdge("b", "c")
        #expect(GraphValidator.problems(in: graph).map(\.description) == [
            "chain.lua:9: node c has no outgoing edge: add an edge to the next node or to END",
        ])
    }

    @Test func branchNodesGoOnlyToTheirJoin() {
        var graph = seedGraph()
        graph.addEdge("bull", "analyzer", at: at(60))
        graph.removeEdges(from: "analyzer")
        graph.addEdge("analyzer", "bear", at: at(61))
        let problems = GraphValidator.problems(in: graph).map(\.description)
        #expect(problems.contains("agents/graph.lua:61: edge analyzer -> bear: bear is a branch of fork bull_bear (agents/graph.lua:25) and runs only there"))
        #expect(problems.contains("agents/graph.lua:60: node bull is a branch of fork bull_bear (agents/graph.lua:25) and goes to its join analyzer; remove its own edge to analyzer"))
    }

    @Test func entryAndForkProblems() {
        var graph = seedGraph()
        graph.setEntry("planer", at: at(70))
        graph.addParallel(named: "debate", branches: [], join: "nowhere", at: at(71))
        let problems = GraphValidator.problems(in: graph).map(\.description)
        #expect(problems.contains("agents/graph.lua:70: the entry point planer is not a node (did you mean planner?)"))
        #expect(problems.contains("agents/graph.lua:71: fork debate has no branches"))
        #expect(problems.contains("agents/graph.lua:71: fork debate: unknown join node nowhere"))
    }

    @Test func rewiringAndRemovingNodes() async throws {
        // An agent drops the privacy node and wires risk straight to the optimizer.
        var graph = seedGraph()
        graph.removeNode("privacy")
        #expect(GraphValidator.problems(in: graph).map(\.description) == [
            "agents/graph.lua:27: edge risk -> privacy: unknown node privacy",
            "agents/graph.lua:10: node optimizer is unreachable from the entry point planner",
            "agents/graph.lua:11: node decision is unreachable from the entry point planner",
        ])
        graph.removeEdges(from: "risk")
        graph.addEdge("risk", "optimizer", at: at(80))
        let result = await GraphEngine.run(graph, initial: seedState, runner: seedNodes())
        #expect(result.status == .completed)
        #expect(!result.path.contains("privacy") && result.state["decision"] == "BUY")
    }
}
