import LuaHost
import Research

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
        let graph = try! TaskGraph(ResearchBench.randomPlan(count: 100_000, seed: 2025))
        for _ in 0..<5 {
            let report = await TaskExecutor(options: ExecutionOptions(maxParallel: 4))
                .execute(graph, request: ResearchBench.request, handler: ResearchBench.NoOpHandler())
            precondition(report.completed == graph.count)
        }
    }
}
