/// One unit of research: what to find out, with which handler, what it costs and what it waits for.
///
/// JSON keys are the seed's snake_case names (`task_id`, `data_sources`, `estimated_cost`, ...);
/// `declaredAt` is encoded as `"declared_at": "file:line"` when known.
public struct ResearchTask: Codable, Sendable, Hashable {
    /// Unique id within a plan; dependencies refer to it.
    public var taskID: String
    /// Human-readable name (defaults to the id).
    public var name: String
    public var description: String
    public var priority: TaskPriority
    /// Data sources the task reads (informational: news, onchain, ...).
    public var dataSources: [String]
    /// Ids of the tasks that must complete before this one starts.
    public var dependencies: [String]
    /// Estimated cost in USD.
    public var estimatedCost: Double
    /// Estimated run time in seconds: what estimates and schedules are computed from.
    public var estimatedSeconds: Double
    /// Each attempt is stopped after this many seconds.
    public var timeoutSeconds: Double
    /// How many times a retryable failure is retried (attempts = 1 + retries).
    public var retries: Int
    /// The handler module that does the work, e.g. `"handlers.sentiment"`.
    public var handler: String
    /// An optional task may be left out by a profile; it is informational for the executor.
    public var optional: Bool
    public var status: TaskStatus
    /// Where the Lua code declared the task, for error messages.
    public var declaredAt: SourceLocation?

    public init(
        id: String, name: String? = nil, description: String = "", priority: TaskPriority = .medium,
        dataSources: [String] = [], dependencies: [String] = [], estimatedCost: Double = 0,
        estimatedSeconds: Double = 0, timeoutSeconds: Double = 60, retries: Int = 2, handler: String,
        optional: Bool = false, status: TaskStatus = .pending, declaredAt: SourceLocation? = nil
    ) {
        self.taskID = id
        self.name = name ?? id
        self.description = description
        self.priority = priority
        self.dataSources = dataSources
        self.dependencies = dependencies
        self.estimatedCost = estimatedCost
        self.estimatedSeconds = estimatedSeconds
        self.timeoutSeconds = timeoutSeconds
        self.retries = retries
        self.handler = handler
        self.optional = optional
        self.status = status
        self.declaredAt = declaredAt
    }

    enum CodingKeys: String, CodingKey {
        case taskID = "task_id"
        case name, description, priority
        case dataSources = "data_sources"
        case dependencies
        case estimatedCost = "estimated_cost"
        case estimatedSeconds = "estimated_seconds"
        case timeoutSeconds = "timeout_seconds"
        case retries, handler, optional, status
        case declaredAt = "declared_at"
    }
}
