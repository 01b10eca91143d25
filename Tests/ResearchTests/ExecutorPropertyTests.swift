import Foundation
import LuaHost
import PropertyBased
import Testing
@testable import Research

extension TimedExecution {
@Suite struct ExecutorPropertyTests {
    /// What the event sink saw: live concurrency, the most at once, and start/end offsets per task.
    final class Trace: @unchecked Sendable {
        private let lock = NSLock()
        private(set) var running = 0
        private(set) var mostAtOnce = 0
        private(set) var started: [String: Double] = [:]
        private(set) var ended: [String: Double] = [:]

        func record(_ event: ExecutionEvent) {
            lock.lock()
            defer { lock.unlock() }
            switch event.kind {
            case .started:
                running += 1
                mostAtOnce = max(mostAtOnce, running)
                started[event.taskID] = event.offset
            case .completed, .failed, .timedOut:
                running -= 1
                ended[event.taskID] = event.offset
            default:
                break
            }
        }
    }

    @Test func randomPlansRespectDependenciesSlotsAndTheEstimate() async {
        let pace = 0.005
        await propertyCheck(count: 12, input: Gen.uint64(in: 0...UInt64.max), Gen.int(in: 2...12), Gen.int(in: 1...4)) {
            seed, count, slots in
            let plan = randomPlan(seed: seed, count: count)
            let graph = try! TaskGraph(plan)
            let trace = Trace()
            let handler = ClosureHandler { task, context in
                // Each dependency's result must already be there.
                for need in task.dependencies where context.dependencyResults[need] == nil {
                    return ["missing": .string(need)]
                }
                return sumTable(task, context, n: 100)
            }
            let options = ExecutionOptions(maxParallel: slots, pace: pace, seed: seed)
            let report = await TaskExecutor(options: options).execute(graph, request: request, handler: handler,
                                                                       events: trace.record)
            #expect(report.completed == count)
            #expect(report.results.values.allSatisfy { $0["missing"].isNil })
            #expect(trace.mostAtOnce <= slots)
            for task in plan {
                for need in task.dependencies { #expect(trace.started[task.taskID]! >= trace.ended[need]!) }
            }
            let estimate = PlanEstimate(graph, maxParallel: slots).estimatedTimeParallel * pace
            #expect(report.durationSeconds >= graph.criticalPath.seconds * pace)
            // The executor follows the simulated schedule: never faster than it, and late only by scheduling noise
            // (loose: the whole suite runs in parallel on 2 cores).
            #expect(report.durationSeconds >= 0.9 * estimate - 0.02 && report.durationSeconds <= 1.0 + 2 * estimate,
                    "actual \(report.durationSeconds) s, estimated \(estimate) s")
        }
    }

    @Test func failuresSkipExactlyTheTasksDownstream() async {
        await propertyCheck(count: 40, input: Gen.uint64(in: 0...UInt64.max), Gen.int(in: 2...25)) { seed, count in
            let plan = randomPlan(seed: seed, count: count)
            let graph = try! TaskGraph(plan)
            var random = SplitMix64(seed: seed ^ 0xfeed)
            let failing = Set(plan.map(\.taskID).filter { _ in random.nextUnit() < 0.2 })
            let handler = ClosureHandler { task, _ in
                if failing.contains(task.taskID) { throw HandlerFailure(isRetryable: false, message: "boom") }
                return [:]
            }
            let report = await TaskExecutor(options: ExecutionOptions(maxParallel: 3, seed: seed))
                .execute(graph, request: request, handler: handler)
            // Expected status computed independently in topological order.
            var expected: [String: TaskStatus] = [:]
            for index in graph.topologicalOrder {
                let task = plan[index]
                if task.dependencies.contains(where: { expected[$0] != .completed }) {
                    expected[task.taskID] = .skipped
                } else {
                    expected[task.taskID] = failing.contains(task.taskID) ? .failed : .completed
                }
            }
            #expect(report.tasks.mapValues(\.status) == expected)
        }
    }
}
}
