/// What a plan will cost and how long it will take, computed with the executor's own scheduling policy.
/// Encodes with the seed's keys (`execution_order`, `estimated_cost`, `speedup`, ...).
public struct PlanEstimate: Codable, Sendable, Hashable {
    public var taskCount: Int
    /// Parallel slots the parallel time was simulated with.
    public var maxParallel: Int
    /// Dependency levels, as task ids in declaration order.
    public var executionOrder: [[String]]
    /// The longest chain by estimated seconds, first task first.
    public var criticalPath: [String]
    public var criticalPathSeconds: Double
    /// Sum of the tasks' estimated costs, USD.
    public var estimatedCost: Double
    /// Sum of the tasks' estimated seconds.
    public var estimatedTimeSequential: Double
    /// Makespan of the simulated schedule.
    public var estimatedTimeParallel: Double
    /// Sequential time / parallel time (1 for an empty plan).
    public var speedup: Double
    /// Per task, its simulated start and end (declaration order).
    public var schedule: [ScheduledTask]

    /// Estimates `graph` on `maxParallel` slots (1 when `parallel` is false: the same order, one at a time).
    public init(
        _ graph: TaskGraph, maxParallel: Int, parallel: Bool = true, order: ReadyOrder = .longestPathFirst,
        mode: SchedulingMode = .eager
    ) {
        let slots = parallel ? max(1, maxParallel) : 1
        let schedule = ScheduleSimulator.simulate(graph, slots: slots, order: order, mode: mode)
        let critical = graph.criticalPath
        taskCount = graph.count
        self.maxParallel = slots
        executionOrder = graph.levels.map { $0.map { graph.tasks[$0].taskID } }
        criticalPath = critical.tasks.map { graph.tasks[$0].taskID }
        criticalPathSeconds = critical.seconds
        estimatedCost = graph.tasks.reduce(0) { $0 + $1.estimatedCost }
        estimatedTimeSequential = graph.tasks.reduce(0) { $0 + $1.estimatedSeconds }
        estimatedTimeParallel = ScheduleSimulator.makespan(schedule)
        speedup = estimatedTimeParallel > 0 ? estimatedTimeSequential / estimatedTimeParallel : 1
        self.schedule = schedule
    }

    /// Validates the structure of `tasks` and estimates them.
    public init(
        _ tasks: [ResearchTask], maxParallel: Int, parallel: Bool = true, order: ReadyOrder = .longestPathFirst,
        mode: SchedulingMode = .eager
    ) throws(PlanError) {
        self.init(try TaskGraph(tasks), maxParallel: maxParallel, parallel: parallel, order: order, mode: mode)
    }

    enum CodingKeys: String, CodingKey {
        case taskCount = "task_count"
        case maxParallel = "max_parallel"
        case executionOrder = "execution_order"
        case criticalPath = "critical_path"
        case criticalPathSeconds = "critical_path_seconds"
        case estimatedCost = "estimated_cost"
        case estimatedTimeSequential = "estimated_time_sequential"
        case estimatedTimeParallel = "estimated_time_parallel"
        case speedup, schedule
    }
}
