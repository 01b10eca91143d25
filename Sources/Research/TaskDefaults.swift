/// Values for the fields a Lua task spec leaves out. `name` always defaults to the task's id.
public struct TaskDefaults: Sendable, Hashable {
    /// Retries after a retryable failure (the seed's max_retries).
    public var retries: Int
    /// Per-attempt timeout, usually from the config.
    public var timeoutSeconds: Double
    public var priority: TaskPriority
    public var estimatedCost: Double
    public var estimatedSeconds: Double

    public init(
        retries: Int = 2, timeoutSeconds: Double = 60, priority: TaskPriority = .medium,
        estimatedCost: Double = 0, estimatedSeconds: Double = 0
    ) {
        self.retries = retries
        self.timeoutSeconds = timeoutSeconds
        self.priority = priority
        self.estimatedCost = estimatedCost
        self.estimatedSeconds = estimatedSeconds
    }
}
