import Foundation
import LuaHost

/// Does the work of a research task. The Lua adapter implements it by calling the task's handler module;
/// tests implement it in Swift.
public protocol TaskHandler: Sendable {
    /// Runs one attempt of `task` and returns its result table. CPU-bound work must stop at
    /// `context.deadline`; waits must honour Task cancellation (the executor cancels the attempt at the
    /// deadline and awaits it). A CPU-bound loop must check the deadline itself (as the Lua hook does), not
    /// only `Task.isCancelled`: the timer that cancels it needs a free thread of the cooperative pool, which
    /// has one thread per core.
    ///
    /// Cost: a numeric `actual_cost` field in the returned table is read as the attempt's actual cost in USD
    /// (it stays in the result). Throw a `TaskFailure` to say whether the error is retryable and where it
    /// happened; any other error is a retryable failure described by `String(describing:)`.
    func run(_ task: ResearchTask, context: TaskContext) async throws -> LuaValue

    /// The result an earlier run recorded for this very task and inputs (a journal's cache, a resumed run), used
    /// instead of running the attempt; nil runs it. The default recalls nothing.
    func recall(_ task: ResearchTask, context: TaskContext) -> LuaValue?
}

extension TaskHandler {
    public func recall(_ task: ResearchTask, context: TaskContext) -> LuaValue? { nil }
}

/// What one research run is about: shared by every task of the run.
public struct ResearchRequest: Sendable, Hashable {
    /// Trading pair, e.g. `"BTC/USDT"`.
    public var symbol: String
    /// Risk profile, e.g. `"balanced"`.
    public var profile: String
    /// The moment the research is as of (a replay date), or nil for now.
    public var asOf: Date?
    /// The run's configuration table.
    public var config: LuaValue

    public init(symbol: String, profile: String, asOf: Date? = nil, config: LuaValue = .table([:])) {
        self.symbol = symbol
        self.profile = profile
        self.asOf = asOf
        self.config = config
    }
}

/// Everything a handler gets for one attempt.
public struct TaskContext: Sendable {
    public var symbol: String
    public var profile: String
    public var asOf: Date?
    public var config: LuaValue
    /// Results of the task's declared dependencies only, by task id.
    public var dependencyResults: [String: LuaValue]
    /// 1 for the first attempt.
    public var attempt: Int
    /// The attempt must have stopped by then (its start + the task's timeout_seconds).
    public var deadline: ContinuousClock.Instant

    public init(
        request: ResearchRequest, dependencyResults: [String: LuaValue], attempt: Int,
        deadline: ContinuousClock.Instant
    ) {
        symbol = request.symbol
        profile = request.profile
        asOf = request.asOf
        config = request.config
        self.dependencyResults = dependencyResults
        self.attempt = attempt
        self.deadline = deadline
    }
}

/// An error a handler throws to tell the executor how to treat it.
public protocol TaskFailure: Error {
    /// False for errors a retry cannot fix (sandbox refusal, syntax error): the task fails at once.
    var isRetryable: Bool { get }
    /// True when the handler itself stopped at the deadline (e.g. the Lua hook fired): status timed_out.
    var isTimeout: Bool { get }
    /// `"file:line"` where it happened, when known.
    var location: String? { get }
    /// What went wrong, one line.
    var message: String { get }
}
