import Foundation
import LuaHost
import Moondesk
import Research

/// The executor with no-op Lua handlers: per-task overhead of the whole Lua path (a pooled state, a fresh
/// sandboxed environment, `require` of the handler, a coroutine run), next to the Swift no-op figure.
enum LuaHandlerBench {
    static func run(repoRoot: String) async throws -> [BenchRow] {
        let handler = try noopHandler(repoRoot: repoRoot)
        var rows: [BenchRow] = []
        for count in [1_000, 10_000] {
            let start = ContinuousClock.now
            let report = try await execute(plan(count: count), handler: handler)
            let elapsed = ContinuousClock.now - start
            let seconds = elapsed.seconds
            rows.append(BenchRow(name: "executor, \(count) no-op Lua handler tasks, 4 slots (\(report.completed) completed)",
                                 value: String(format: "%.1f µs per task", seconds / Double(count) * 1e6), goal: "≤ 15 µs"))
        }
        return rows
    }

    /// A handler for a project whose one handler, `handlers.noop`, returns a result and does nothing else.
    static func noopHandler(repoRoot: String) throws -> LuaTaskHandler {
        let root = NSTemporaryDirectory() + "moondesk-bench-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: root + "/agents/handlers", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: root + "/data", withDestinationPath: repoRoot + "/data")
        FileManager.default.createFile(atPath: root + "/agents/handlers/noop.lua",
                                       contents: Data("return { run = function(task, ctx) return { signal = 0, confidence = 0, summary = task.id } end }".utf8))
        let paths = ProjectPaths(root: root)
        let market = try MarketContext(paths: paths, symbol: "BTC/USDT", dataPath: nil, asOf: nil, newsPath: nil)
        let runtime = DeskRuntime(paths: paths, scripts: try ScriptSet(root: paths.agents), market: market)
        return LuaTaskHandler(runtime: runtime, agentPath: paths.agents + "/bench.lua")
    }

    /// `count` no-op tasks, each depending on up to two earlier ones (seeded).
    static func plan(count: Int) -> [ResearchTask] {
        var random = SplitMix64(seed: 99)
        var tasks: [ResearchTask] = []
        for i in 0..<count {
            var deps: [String] = []
            if i > 0 { for _ in 0..<2 where random.nextUnit() < 0.5 { deps.append("t\(Int(random.nextUnit() * Double(i)))") } }
            var task = ResearchTask(id: "t\(i)", handler: "handlers.noop")
            task.dependencies = Array(Set(deps)).sorted()
            tasks.append(task)
        }
        return tasks
    }

    static func execute(_ tasks: [ResearchTask], handler: LuaTaskHandler) async throws -> ExecutionReport {
        let request = ResearchRequest(symbol: "BTC/USDT", profile: "balanced")
        return try await TaskExecutor(options: ExecutionOptions(maxParallel: 4, seed: 1)).execute(tasks, request: request, handler: handler)
    }
}
