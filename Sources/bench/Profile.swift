import LuaHost
import Research
import Foundation
import Moondesk
import Orchestrator

/// `bench profile-call`: only the Swift→Lua call loop, for a profiler.
enum ProfileCall {
    static func run() throws {
        let state = try LuaState()
        let env = try state.newEnvironment(directory: ".")
        let add = try state.callForRef(try state.load("return function(a, b) return a + b end", chunkName: "add.lua", environment: env))
        var sink = 0.0
        for _ in 0..<3_000_000 {
            sink += try state.call(add, arguments: { s in s.push(1.5); s.push(2.0); return 2 }, results: { $0.number(1) ?? 0 })
        }
        print(sink)
    }
}

/// `bench profile-executor`: only the executor on the 100k-task no-op plan, for a profiler.
enum ProfileExecutor {
    static func run() async {
        let plan = ResearchBench.randomPlan(count: 100_000, seed: 2025)
        for _ in 0..<5 {
            let graph = try! TaskGraph(plan)
            let report = await TaskExecutor(options: ExecutionOptions(maxParallel: 4))
                .execute(graph, request: ResearchBench.request, handler: ResearchBench.NoOpHandler())
            precondition(report.completed == graph.count)
        }
    }
}

/// `bench profile-handler`: only the executor running no-op Lua handler tasks, for a profiler.
enum ProfileHandler {
    static func run(repoRoot: String) async throws {
        let handler = try LuaHandlerBench.noopHandler(repoRoot: repoRoot)
        let plan = LuaHandlerBench.plan(count: 10_000)
        for _ in 0..<5 { _ = try await LuaHandlerBench.execute(plan, handler: handler) }
    }
}

/// A copy of the project (with a node that does nothing, `nodes.noop`) and the balanced agent's session after one
/// decision: what the profiling modes run their pieces on. The caller removes `project`.
struct DecidedSession {
    let project: String
    let session: Session
    let run: DecisionRun
    let runner: LuaNodeRunner

    init(repoRoot: String) async throws {
        project = try ReloadBench.copyProject(repoRoot)
        _ = FileManager.default.changeCurrentDirectoryPath(project)
        try "return { run = function(state, ctx) return { } end }".write(toFile: project + "/agents/nodes/noop.lua",
                                                                       atomically: true, encoding: .utf8)
        session = try Session(SessionOptions(agentPath: "agents/balanced.lua"), print: { _ in })
        run = try await session.decide()
        runner = try session.nodeRunner()
    }

    /// The context a node of the graph runs with (its step as in a decision; no deadline to speak of).
    static func context(_ node: String, step: Int = 3) -> NodeContext {
        NodeContext(handler: "nodes." + node, step: step, deadline: .now + .seconds(3600), timeout: .seconds(3600))
    }
}

/// `bench profile-node NAME [N]`: only one Lua node, run N times on the state a real decision leaves, for a profiler.
enum ProfileNode {
    static func run(repoRoot: String, node: String, times: Int) async throws {
        let decided = try await DecidedSession(repoRoot: repoRoot)
        defer { try? FileManager.default.removeItem(atPath: decided.project) }
        let ctx = DecidedSession.context(node)
        let elapsed = try await secondsElapsed {
            for _ in 0..<times { _ = try await decided.runner.run(node: node, state: decided.run.state, context: ctx) }
        }
        print(String(format: "node %@: %.1f µs a run over %d", node, elapsed / Double(times) * 1e6, times))
    }
}

/// `bench profile-decide [N]`: only whole decisions of the balanced agent, N of them in one session, for a profiler.
enum ProfileDecide {
    static func run(repoRoot: String, times: Int) async throws {
        let decided = try await DecidedSession(repoRoot: repoRoot)
        defer { try? FileManager.default.removeItem(atPath: decided.project) }
        let elapsed = try await secondsElapsed {
            for _ in 0..<times { _ = try await decided.session.decide() }
        }
        print(String(format: "decision: %.2f ms a run over %d", elapsed / Double(times) * 1e3, times))
    }
}

/// `bench profile-memory`: resident memory around repeated pieces of a decision, to find what grows.
enum ProfileMemory {
    static func run(repoRoot: String) async throws {
        let decided = try await DecidedSession(repoRoot: repoRoot)
        defer { try? FileManager.default.removeItem(atPath: decided.project) }
        let (session, run, runner) = (decided.session, decided.run, decided.runner)
        let context = DecidedSession.context("noop", step: 1)
        func measure(_ name: String, _ n: Int, _ body: () async throws -> Void) async rethrows {
            for _ in 0..<200 { try await body() }
            let before = DecisionBench.residentMegabytes()
            for _ in 0..<n { try await body() }
            print(String(format: "%@: %.2f MB over %d", name, DecisionBench.residentMegabytes() - before, n))
        }
        try await measure("node run (noop)", 20_000) { _ = try await runner.run(node: "noop", state: run.state, context: context) }
        for node in ["validator", "quality_gate", "bull", "debate", "analyzer", "risk", "privacy", "optimizer", "decision"] {
            let ctx = DecidedSession.context(node)
            try await measure("node " + node, 2_000) { _ = try await runner.run(node: node, state: run.state, context: ctx) }
        }
        let fan = OrchestratorBench.fanGraph(width: 2)
        await measure("engine, fork of 2 Swift no-op nodes", 20_000) {
            _ = await GraphEngine.run(fan, initial: AgentState(), runner: OrchestratorBench.NoOpNodes())
        }
        let chain = OrchestratorBench.chainGraph(length: 12)
        await measure("engine, chain of 12 Swift no-op nodes", 5_000) {
            _ = await GraphEngine.run(chain, initial: run.state, runner: OrchestratorBench.NoOpNodes())
        }
        try await measure("plan", 5_000) { _ = try session.plan() }
        try await measure("graph", 5_000) { _ = try session.graph(runner: runner) }
        let plan = try session.plan()
        let handler = LuaTaskHandler(runtime: session.runtime, agentPath: session.agent.path)
        let request = ResearchRequest(symbol: "BTC/USDT", profile: "balanced")
        try await measure("research (executor, 6 Lua handlers)", 2_000) {
            _ = try await TaskExecutor(options: ExecutionOptions(maxParallel: 3)).execute(plan.tasks, request: request, handler: handler)
        }
        try await measure("research (executor, Swift no-op)", 2_000) {
            _ = try await TaskExecutor(options: ExecutionOptions(maxParallel: 3)).execute(plan.tasks, request: request, handler: ResearchBench.NoOpHandler())
        }
        try await measure("decide", 2_000) { _ = try await session.decide() }
    }
}

/// `bench profile-state [N]`: makes N states with the whole `desk` API, as a run's pool does, for a profiler.
enum ProfileState {
    static func run(repoRoot: String, times: Int) async throws {
        let decided = try await DecidedSession(repoRoot: repoRoot)
        defer { try? FileManager.default.removeItem(atPath: decided.project) }
        let runtime = decided.session.runtime
        let elapsed = try secondsElapsed {
            for _ in 0..<times { _ = try runtime.makeState() }
        }
        print(String(format: "a desk state: %.1f µs to make, over %d", elapsed / Double(times) * 1e6, times))
    }
}
