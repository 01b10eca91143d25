import Foundation
import LuaHost
import Orchestrator

/// Orchestrator benchmarks: the engine's own cost per node (sequential and in parallel branches), checking a
/// graph, drawing it, and the time parallel branches save. Call `printTable("Orchestrator", await
/// OrchestratorBench.run())` from main.swift.
enum OrchestratorBench {
    static func run() async -> [BenchRow] {
        var rows: [BenchRow] = []
        let chainLength = 500
        let chain = chainGraph(length: chainLength)
        let perNode = await bestSeconds(rounds: 5) {
            _ = await GraphEngine.run(chain, initial: AgentState(), runner: NoOpNodes())
        } / Double(chainLength)
        rows.append(BenchRow(name: "engine cost per sequential node (\(chainLength)-node chain, no-op nodes)",
                             value: String(format: "%.1f µs", perNode * 1e6), goal: "< 50 µs"))

        let width = 16
        let fan = fanGraph(width: width)
        let perBranch = await bestSeconds(rounds: 5) {
            for _ in 0..<20 { _ = await GraphEngine.run(fan, initial: AgentState(), runner: NoOpNodes()) }
        } / Double(20 * (width + 2))
        rows.append(BenchRow(name: "engine cost per node with \(width) parallel branches (no-op nodes)",
                             value: String(format: "%.1f µs", perBranch * 1e6), goal: "< 50 µs"))

        let merger = chainGraph(length: 1, reducers: true)
        let appendCost = await bestSeconds(rounds: 5) {
            var state = AgentState(["messages": .array((0..<1000).map { .string("m\($0)") })])
            for _ in 0..<100 {
                state = await GraphEngine.run(merger, initial: state, runner: AppendingNode()).state
            }
        } / 100
        rows.append(BenchRow(name: "one-node run appending to a 1,000-message list", value: String(format: "%.1f µs", appendCost * 1e6),
                             goal: "< 500 µs"))

        let big = chainGraph(length: 1000)
        let validate = nanosPerIteration(iterations: 20) { _ = GraphValidator.problems(in: big) }
        rows.append(BenchRow(name: "validate a 1,000-node graph", value: String(format: "%.2f ms", validate / 1e6), goal: "< 20 ms"))
        let draw = nanosPerIteration(iterations: 20) { _ = Mermaid.render(big) }
        rows.append(BenchRow(name: "Mermaid for a 1,000-node graph", value: String(format: "%.2f ms", draw / 1e6), goal: "< 20 ms"))

        let sleepy = SleepyNodes(milliseconds: 50)
        let parallel = await bestSeconds(rounds: 3) {
            _ = await GraphEngine.run(fanGraph(width: 2), initial: AgentState(), runner: sleepy)
        }
        rows.append(BenchRow(name: "bull + bear, 50 ms each, as parallel branches: makespan",
                             value: String(format: "%.0f ms", parallel * 1e3), goal: "≈ 50 (100 one after the other)"))
        return rows
    }

    /// a1 -> a2 -> ... -> END.
    static func chainGraph(length: Int, reducers: Bool = false) -> GraphDefinition {
        var graph = GraphDefinition()
        graph.stepLimit = length + 1
        for i in 1...length { graph.addNode("a\(i)") }
        graph.setEntry("a1")
        for i in 1..<length { graph.addEdge("a\(i)", "a\(i + 1)") }
        graph.addEdge("a\(length)", GraphDefinition.end)
        return graph
    }

    /// start -> [b1...bN] -> join -> END.
    static func fanGraph(width: Int) -> GraphDefinition {
        var graph = GraphDefinition()
        graph.stepLimit = width + 2
        graph.addNode("start")
        for i in 1...width { graph.addNode("b\(i)") }
        graph.addNode("join")
        graph.setEntry("start")
        graph.addParallel(from: "start", branches: (1...width).map { "b\($0)" }, join: "join")
        graph.addEdge("join", GraphDefinition.end)
        return graph
    }

    struct NoOpNodes: NodeRunner {
        func run(node: String, state: AgentState, context: NodeContext) async throws -> NodeOutput { NodeOutput() }
    }

    struct AppendingNode: NodeRunner {
        func run(node: String, state: AgentState, context: NodeContext) async throws -> NodeOutput {
            NodeOutput(["messages": ["one more"]])
        }
    }

    /// Branch nodes sleep, the others return at once.
    struct SleepyNodes: NodeRunner {
        var milliseconds: Int
        func run(node: String, state: AgentState, context: NodeContext) async throws -> NodeOutput {
            if node.hasPrefix("b") { try await Task.sleep(for: .milliseconds(milliseconds)) }
            return NodeOutput()
        }
    }

    static func bestSeconds(rounds: Int, _ body: () async -> Void) async -> Double {
        var best = Double.infinity
        for _ in 0..<rounds { best = min(best, await secondsElapsed { await body() }) }
        return best
    }
}
