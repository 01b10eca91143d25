import Foundation
import LuaHost
import Research

/// Research benchmarks: the seed's BTC/USDT example under each policy, and the executor's per-task overhead.
/// Call `printTable("Research", await ResearchBench.run())` from main.swift.
enum ResearchBench {
    static func run() async -> [BenchRow] {
        var rows = await balancedPlanRows()
        rows += await overheadRows()
        return rows
    }

    /// The balanced BTC/USDT plan of the design note (3 slots).
    static func balancedPlan() -> [ResearchTask] {
        let specs: [(String, TaskPriority, Double, Double, [String])] = [
            ("sentiment", .critical, 0.05, 30, []), ("onchain", .critical, 0.03, 20, []),
            ("technical", .critical, 0.02, 15, []), ("macro", .high, 0.03, 20, []),
            ("patterns", .medium, 0.02, 25, ["technical"]), ("keywords", .low, 0.01, 10, ["sentiment"]),
        ]
        return specs.map { id, priority, cost, seconds, depends in
            ResearchTask(id: id, priority: priority, dependencies: depends, estimatedCost: cost,
                         estimatedSeconds: seconds, handler: "handlers.\(id)")
        }
    }

    /// A handler that does nothing: what is left is the executor's own cost.
    struct NoOpHandler: TaskHandler {
        func run(_ task: ResearchTask, context: TaskContext) async throws -> LuaValue { .nil }
    }

    static let request = ResearchRequest(symbol: "BTC/USDT", profile: "balanced")

    /// Makespan of the balanced plan in the seed's seconds (elapsed / pace), per policy.
    static func balancedPlanRows() async -> [BenchRow] {
        let pace = 0.01
        let cases: [(String, ExecutionOptions, String)] = [
            ("eager", ExecutionOptions(maxParallel: 3, pace: pace), "40"),
            ("eager, priority-first order", ExecutionOptions(maxParallel: 3, pace: pace, order: .priorityFirst), "(45 simulated)"),
            ("batch (Phase 2 planner baseline)", ExecutionOptions(maxParallel: 3, pace: pace, mode: .batch), "≈ 60 (75 simulated)"),
            ("sequential", ExecutionOptions(maxParallel: 3, parallel: false, pace: pace), "120"),
        ]
        var rows: [BenchRow] = []
        for (name, options, goal) in cases {
            var best = Double.infinity
            for _ in 0..<3 {
                let elapsed = await secondsElapsed {
                    _ = try? await TaskExecutor(options: options).execute(balancedPlan(), request: request, handler: NoOpHandler())
                }
                best = min(best, elapsed)
            }
            rows.append(BenchRow(name: "BTC/USDT balanced plan, 3 slots, \(name): makespan (estimated seconds)",
                                 value: String(format: "%.1f", best / pace), goal: goal))
        }
        return rows
    }

    /// A seeded random DAG of `count` no-op tasks: each depends on 0-3 of the 1,000 tasks declared before it.
    static func randomPlan(count: Int, seed: UInt64) -> [ResearchTask] {
        var random = SplitMix64(seed: seed)
        return (0..<count).map { index in
            var depends = Set<Int>()
            if index > 0 {
                for _ in 0..<Int(random.next() % 4) { depends.insert(index - 1 - Int(random.next() % UInt64(min(index, 1000)))) }
            }
            return ResearchTask(id: "t\(index)", priority: TaskPriority.allCases[Int(random.next() % 4)],
                                dependencies: depends.sorted().map { "t\($0)" }, estimatedSeconds: Double(1 + random.next() % 30),
                                retries: 0, handler: "handlers.noop")
        }
    }

    /// Per-task cost of the scheduling policy alone (simulation) and of the executor with no-op handlers.
    static func overheadRows() async -> [BenchRow] {
        var rows: [BenchRow] = []
        for count in [10_000, 100_000] {
            let plan = randomPlan(count: count, seed: 2025)
            var simulated = Double.infinity, executed = Double.infinity
            for _ in 0..<3 {
                // A fresh graph each time, as a plan is: nothing it made for one run helps the next.
                var graph = try! TaskGraph(plan)
                simulated = min(simulated, secondsElapsed { _ = ScheduleSimulator.simulate(graph, slots: 4) })
                graph = try! TaskGraph(plan)
                executed = min(executed, await secondsElapsed {
                    let report = await TaskExecutor(options: ExecutionOptions(maxParallel: 4))
                        .execute(graph, request: request, handler: NoOpHandler())
                    precondition(report.completed == count, "no-op plan did not complete")
                })
            }
            let perTask = { (seconds: Double) in String(format: "%.2f µs", seconds / Double(count) * 1e6) }
            rows.append(BenchRow(name: "scheduling policy (simulated), \(count / 1000)k tasks, per task",
                                 value: perTask(simulated), goal: "flat"))
            rows.append(BenchRow(name: "executor overhead, \(count / 1000)k no-op Swift tasks, 4 slots, per task",
                                 value: perTask(executed), goal: "≤ 2 µs, flat"))
        }
        return rows
    }
}
