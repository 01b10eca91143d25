import LuaHost

/// One attempt of a task: times are seconds since the run started.
public struct AttemptRecord: Codable, Sendable, Hashable {
    public var attempt: Int
    public var start: Double
    public var end: Double
    public var status: TaskStatus
    public var error: String?
    public var errorLocation: String?

    enum CodingKeys: String, CodingKey {
        case attempt, start, end, status, error
        case errorLocation = "error_location"
    }
}

/// What happened to one task. `start`/`end` span all its attempts; nil when it never started.
public struct TaskRecord: Codable, Sendable, Hashable {
    public var status: TaskStatus
    public var attempts: [AttemptRecord]
    public var start: Double?
    public var end: Double?
    public var duration: Double?
    /// The last attempt's error, or why the task was skipped or cancelled.
    public var error: String?
    public var errorLocation: String?
    /// The `actual_cost` the handler reported (summed over attempts), nil when it reported none.
    public var actualCost: Double?
    /// For a failed task: whether its error can change on another try (a transient error) or not (a bug in the
    /// handler, a missing key). The quality gate re-runs only the ones that can. Nil for other statuses.
    public var retryable: Bool?

    public init(status: TaskStatus, attempts: [AttemptRecord], start: Double? = nil, end: Double? = nil,
                duration: Double? = nil, error: String? = nil, errorLocation: String? = nil, actualCost: Double? = nil,
                retryable: Bool? = nil) {
        self.status = status
        self.attempts = attempts
        self.start = start
        self.end = end
        self.duration = duration
        self.error = error
        self.errorLocation = errorLocation
        self.actualCost = actualCost
        self.retryable = retryable
    }

    enum CodingKeys: String, CodingKey {
        case status, attempts, start, end, duration, error, retryable
        case errorLocation = "error_location"
        case actualCost = "actual_cost"
    }
}

/// The plan's estimate against what happened.
public struct EstimateComparison: Codable, Sendable, Hashable {
    /// The simulated makespan for the run's slots and mode (pace-scaled seconds when a pace was set).
    public var estimatedSeconds: Double
    public var actualSeconds: Double
    public var estimatedCost: Double
    /// Sum of the costs handlers reported.
    public var actualCost: Double
    /// Tasks that ran but reported no `actual_cost` (their cost is not in `actual_cost`).
    public var unreportedCostTasks: [String]

    enum CodingKeys: String, CodingKey {
        case estimatedSeconds = "estimated_seconds"
        case actualSeconds = "actual_seconds"
        case estimatedCost = "estimated_cost"
        case actualCost = "actual_cost"
        case unreportedCostTasks = "unreported_cost_tasks"
    }
}

/// The aggregated outcome of a run, with the seed's keys (`total_tasks`, `completed`, `failed`,
/// `success_rate`, `duration_seconds`, `results`) plus per-task records. Returned even when the run was
/// cancelled: completed results are kept.
public struct ExecutionReport: Codable, Sendable, Hashable {
    public var totalTasks: Int
    public var completed: Int
    /// Tasks that ran and did not succeed: failed plus timed out.
    public var failed: Int
    public var timedOut: Int
    public var skipped: Int
    public var cancelled: Int
    /// completed / total_tasks (0 for an empty plan).
    public var successRate: Double
    public var durationSeconds: Double
    /// Result tables of the completed tasks, by task id.
    public var results: [String: LuaValue]
    /// True when a critical task did not complete.
    public var degraded: Bool
    /// One line per critical task that did not complete.
    public var degradedReasons: [String]
    /// Why the run stopped early: "cancelled" or "fail_fast: <task> <status>"; nil when it ran to the end.
    public var stopReason: String?
    public var tasks: [String: TaskRecord]
    public var estimatedVsActual: EstimateComparison

    enum CodingKeys: String, CodingKey {
        case totalTasks = "total_tasks"
        case completed, failed
        case timedOut = "timed_out"
        case skipped, cancelled
        case successRate = "success_rate"
        case durationSeconds = "duration_seconds"
        case results, degraded
        case degradedReasons = "degraded_reasons"
        case stopReason = "stop_reason"
        case tasks
        case estimatedVsActual = "estimated_vs_actual"
    }

    public init(
        totalTasks: Int, completed: Int, failed: Int, timedOut: Int, skipped: Int, cancelled: Int,
        successRate: Double, durationSeconds: Double, results: [String: LuaValue], degraded: Bool,
        degradedReasons: [String], stopReason: String?, tasks: [String: TaskRecord],
        estimatedVsActual: EstimateComparison
    ) {
        self.totalTasks = totalTasks
        self.completed = completed
        self.failed = failed
        self.timedOut = timedOut
        self.skipped = skipped
        self.cancelled = cancelled
        self.successRate = successRate
        self.durationSeconds = durationSeconds
        self.results = results
        self.degraded = degraded
        self.degradedReasons = degradedReasons
        self.stopReason = stopReason
        self.tasks = tasks
        self.estimatedVsActual = estimatedVsActual
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(totalTasks, forKey: .totalTasks)
        try container.encode(completed, forKey: .completed)
        try container.encode(failed, forKey: .failed)
        try container.encode(timedOut, forKey: .timedOut)
        try container.encode(skipped, forKey: .skipped)
        try container.encode(cancelled, forKey: .cancelled)
        try container.encode(successRate, forKey: .successRate)
        try container.encode(durationSeconds, forKey: .durationSeconds)
        try container.encode(results, forKey: .results)
        try container.encode(degraded, forKey: .degraded)
        try container.encode(degradedReasons, forKey: .degradedReasons)
        try container.encodeIfPresent(stopReason, forKey: .stopReason)
        try container.encode(tasks, forKey: .tasks)
        try container.encode(estimatedVsActual, forKey: .estimatedVsActual)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        totalTasks = try container.decode(Int.self, forKey: .totalTasks)
        completed = try container.decode(Int.self, forKey: .completed)
        failed = try container.decode(Int.self, forKey: .failed)
        timedOut = try container.decode(Int.self, forKey: .timedOut)
        skipped = try container.decode(Int.self, forKey: .skipped)
        cancelled = try container.decode(Int.self, forKey: .cancelled)
        successRate = try container.decode(Double.self, forKey: .successRate)
        durationSeconds = try container.decode(Double.self, forKey: .durationSeconds)
        results = try container.decode([String: LuaValue].self, forKey: .results)
        degraded = try container.decode(Bool.self, forKey: .degraded)
        degradedReasons = try container.decode([String].self, forKey: .degradedReasons)
        stopReason = try container.decodeIfPresent(String.self, forKey: .stopReason)
        tasks = try container.decode([String: TaskRecord].self, forKey: .tasks)
        estimatedVsActual = try container.decode(EstimateComparison.self, forKey: .estimatedVsActual)
    }
}
