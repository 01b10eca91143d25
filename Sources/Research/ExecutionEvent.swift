/// Something that happened to a task during a run, for a progress display or a trace writer.
public struct ExecutionEvent: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        /// The task is part of the run (sent for every task before anything starts; attempt 0).
        case planned
        case started
        /// The attempt failed and will be retried after `delay` seconds.
        case retrying(delay: Double, error: String)
        case completed
        case failed(error: String, location: String?)
        case timedOut(location: String?)
        case skipped(reason: String)
        case cancelled
    }

    public var kind: Kind
    public var taskID: String
    /// The attempt the event is about (1-based; 0 for planned and for tasks that never started).
    public var attempt: Int
    /// Seconds since the run started.
    public var offset: Double

    public init(kind: Kind, taskID: String, attempt: Int, offset: Double) {
        self.kind = kind
        self.taskID = taskID
        self.attempt = attempt
        self.offset = offset
    }
}

/// Receives events; called from several tasks at once, so it must be thread-safe. To get an
/// `AsyncStream<ExecutionEvent>`, pass `{ continuation.yield($0) }`.
public typealias ExecutionEventSink = @Sendable (ExecutionEvent) -> Void
