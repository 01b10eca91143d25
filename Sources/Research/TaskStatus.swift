/// Where a research task is in its life. Raw values are the snake_case names used in JSON and by Lua.
public enum TaskStatus: String, Codable, Sendable, CaseIterable {
    case pending
    case inProgress = "in_progress"
    case completed
    case failed
    case skipped
    case timedOut = "timed_out"
    case cancelled

    /// True for the statuses a task ends in.
    public var isFinal: Bool { self != .pending && self != .inProgress }
}
