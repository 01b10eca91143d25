import HeapModule

/// When a task runs in a simulated schedule, in estimated seconds.
public struct ScheduledTask: Codable, Sendable, Hashable {
    public var taskID: String
    public var start: Double
    public var end: Double

    enum CodingKeys: String, CodingKey {
        case taskID = "task_id"
        case start, end
    }
}

/// How tasks are started: the eager policy everything uses, or the seed's batch-synchronous baseline.
public enum SchedulingMode: String, Sendable, Codable, CaseIterable {
    /// A task starts as soon as its dependencies completed and a slot is free (`ReadyQueue`).
    case eager
    /// The seed's baseline (`BatchPolicy`), kept for benchmarks.
    case batch
}

/// Simulates a plan on `slots` parallel slots with the estimated seconds: the same policy the executor uses.
public enum ScheduleSimulator {
    /// Per task (in declaration order) its simulated start and end.
    public static func simulate(
        _ graph: TaskGraph, slots: Int, order: ReadyOrder = .longestPathFirst, mode: SchedulingMode = .eager
    ) -> [ScheduledTask] {
        switch mode {
        case .eager: return eager(graph, slots: slots, order: order)
        case .batch: return BatchPolicy.simulate(graph, slots: slots, order: order)
        }
    }

    /// The makespan of the simulated schedule alone: what a report needs, without a record per task.
    public static func makespan(
        _ graph: TaskGraph, slots: Int, order: ReadyOrder = .longestPathFirst, mode: SchedulingMode = .eager
    ) -> Double {
        switch mode {
        case .eager: return eager(graph, slots: slots, order: order) { _, _, _ in }
        case .batch: return makespan(BatchPolicy.simulate(graph, slots: slots, order: order))
        }
    }

    /// Event-driven eager simulation. Tasks ending at the same instant all complete before new ones start.
    static func eager(_ graph: TaskGraph, slots: Int, order: ReadyOrder) -> [ScheduledTask] {
        var schedule = graph.tasks.map { ScheduledTask(taskID: $0.taskID, start: 0, end: 0) }
        _ = eager(graph, slots: slots, order: order) { task, start, end in
            schedule[task].start = start
            schedule[task].end = end
        }
        return schedule
    }

    /// The eager simulation, telling `started` each task's start and end; returns the makespan.
    @inline(__always)
    static func eager(_ graph: TaskGraph, slots: Int, order: ReadyOrder,
                      started: (_ task: Int, _ start: Double, _ end: Double) -> Void) -> Double {
        struct Running: Comparable {
            var end: Double
            var task: Int
            static func < (a: Running, b: Running) -> Bool { (a.end, a.task) < (b.end, b.task) }
        }
        let slots = max(1, slots)
        var queue = ReadyQueue(graph: graph, order: order)
        var running = Heap<Running>()
        var now = 0.0, latest = 0.0
        while true {
            while running.count < slots, let task = queue.popNext() {
                let end = now + graph.tasks[task].estimatedSeconds
                started(task, now, end)
                latest = max(latest, end)
                running.insert(Running(end: end, task: task))
            }
            guard let first = running.popMin() else { break }
            now = first.end
            queue.markCompleted(first.task)
            while let next = running.min, next.end == now {
                running.removeMin()
                queue.markCompleted(next.task)
            }
        }
        return latest
    }

    /// The latest end of a schedule.
    public static func makespan(_ schedule: [ScheduledTask]) -> Double {
        schedule.lazy.map(\.end).max() ?? 0
    }
}
