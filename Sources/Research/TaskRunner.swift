import LuaHost

/// The outcome of running one task to its end (all attempts).
struct TaskOutcome: Sendable {
    var index: Int
    var record: TaskRecord
    var result: LuaValue?
}

/// A task a slot took from the run, with its dependencies' results in `graph.dependencies` order: what the
/// lock hands out. The rest of its `TaskProgress` is made outside the lock.
struct TaskClaim: Sendable {
    let index: Int
    let dependencyResults: [LuaValue?]
}

/// A task between its attempts: what has happened so far and what comes next. It can move to another slot,
/// which is how a task goes on after its attempt timed out (the slot that ran it was cancelled for good).
struct TaskProgress: Sendable {
    /// Why the next attempt first waits: the previous attempt's error, and what the task ends as when the run
    /// is cancelled during that wait.
    struct Backoff: Sendable {
        var message: String
        var location: String?
        var afterTimeout: Bool
    }

    /// The task's index in the plan (the task itself stays in the plan: copying it costs a retain per field).
    let index: Int
    let dependencyResults: [String: LuaValue]
    var attempts: [AttemptRecord] = []
    var random: SplitMix64
    var cost: Double?
    /// The attempt to run next (1-based).
    var attempt = 1
    var backoff: Backoff?

    init(index: Int, taskID: String, dependencyResults: [String: LuaValue], seed: UInt64) {
        self.index = index
        self.dependencyResults = dependencyResults
        random = SplitMix64(seed: seed, stream: taskID)
    }
}

/// Runs a task's attempts on the calling slot, each under its deadline, with seeded backoff between retries.
struct TaskRunner: Sendable {
    /// The plan: its tasks, ids and dependencies, by index.
    let graph: TaskGraph
    let handler: any TaskHandler
    let options: ExecutionOptions
    let request: ResearchRequest
    let runStart: ContinuousClock.Instant
    let events: ExecutionEventSink?

    /// How one attempt ended.
    enum AttemptEnd: Sendable {
        case value(LuaValue)
        case failure(any Error)
        case timedOut(location: String?)
        /// The task running the attempt was cancelled (the caller, or fail-fast).
        case interrupted
    }

    /// Where a task stands when `run` returns.
    enum Step: Sendable {
        /// All attempts are over. `slotExpired`: the watchdog cancelled the slot's task, which cannot run more.
        case finished(TaskOutcome, slotExpired: Bool)
        /// An attempt timed out and will be retried: the slot's task is cancelled, another slot goes on with it.
        case moved(TaskProgress)
    }

    /// The progress of a task just taken: its inputs by dependency id, its seeded random stream.
    func progress(_ claim: TaskClaim) -> TaskProgress {
        var inputs: [String: LuaValue] = [:]
        for (need, result) in zip(graph.dependencies[claim.index], claim.dependencyResults) { inputs[graph.ids[need]] = result }
        return TaskProgress(index: claim.index, taskID: graph.ids[claim.index], dependencyResults: inputs, seed: options.seed)
    }

    func offset(_ instant: ContinuousClock.Instant = .now) -> Double { (instant - runStart).seconds }

    func emit(_ kind: ExecutionEvent.Kind, _ task: ResearchTask, attempt: Int) {
        events?(ExecutionEvent(kind: kind, taskID: task.taskID, attempt: attempt, offset: offset()))
    }

    func run(_ progress: TaskProgress, watch: DeadlineWatch) async -> Step {
        var p = progress
        let task = graph.tasks[p.index]
        let maxAttempts = 1 + max(0, task.retries)

        func finish(_ status: TaskStatus, error: String? = nil, location: String? = nil, result: LuaValue? = nil,
                    expired: Bool = false, retryable: Bool? = nil) -> Step {
            let start = p.attempts.first?.start, end = p.attempts.last?.end
            let duration = start.flatMap { s in end.map { $0 - s } }
            let record = TaskRecord(status: status, attempts: p.attempts, start: start, end: end, duration: duration,
                                    error: error, errorLocation: location, actualCost: p.cost, retryable: retryable)
            return .finished(TaskOutcome(index: p.index, record: record, result: result), slotExpired: expired)
        }

        while true {
            let attempt = p.attempt
            if let backoff = p.backoff {
                p.backoff = nil
                let delay = options.backoffDelay(retry: attempt - 1, random: &p.random)
                emit(.retrying(delay: delay, error: backoff.message), task, attempt: attempt - 1)
                do {
                    try await Task.sleep(for: CheckedNumber.duration(delay))
                } catch {
                    if backoff.afterTimeout {
                        emit(.timedOut(location: backoff.location), task, attempt: attempt - 1)
                        return finish(.timedOut, error: backoff.message, location: backoff.location)
                    }
                    emit(.cancelled, task, attempt: attempt - 1)
                    return finish(.cancelled, error: "cancelled during backoff after: \(backoff.message)",
                                  location: backoff.location)
                }
            }
            if Task.isCancelled {
                emit(.cancelled, task, attempt: attempt - 1)
                return finish(.cancelled, error: "cancelled before attempt \(attempt)")
            }
            emit(.started, task, attempt: attempt)
            let begin = ContinuousClock.now
            let context = TaskContext(request: request, dependencyResults: p.dependencyResults, attempt: attempt,
                                      deadline: begin + CheckedNumber.duration(task.timeoutSeconds))
            let (end, expired) = await self.attempt(task, context: context, watch: watch)
            func record(_ status: TaskStatus, _ error: String? = nil, _ location: String? = nil) {
                p.attempts.append(AttemptRecord(attempt: attempt, start: offset(begin), end: offset(), status: status,
                                                error: error, errorLocation: location))
            }
            /// A timed-out attempt: retried when allowed (elsewhere if this slot was cancelled), else the end.
            func timedOut(_ message: String, _ location: String?) -> Step? {
                record(.timedOut, message, location)
                if options.retryTimeouts, attempt < maxAttempts {
                    p.attempt += 1
                    p.backoff = TaskProgress.Backoff(message: message, location: location, afterTimeout: true)
                    return expired ? .moved(p) : nil
                }
                emit(.timedOut(location: location), task, attempt: attempt)
                return finish(.timedOut, error: message, location: location, expired: expired)
            }
            switch end {
            case .value(let result):
                let reported = result["actual_cost"]
                if !reported.isNil {
                    guard let value = reported.doubleValue, value.isFinite, value >= 0 else {
                        let message = "actual_cost must be a number, zero or more, got \(reported.doubleValue.map { "\($0)" } ?? reported.typeName)"
                        record(.failed, message)
                        emit(.failed(error: message, location: nil), task, attempt: attempt)
                        return finish(.failed, error: message, retryable: false)
                    }
                    p.cost = (p.cost ?? 0) + value
                }
                record(.completed)
                emit(.completed, task, attempt: attempt)
                return finish(.completed, result: result)
            case .failure(let error):
                let failure = error as? any TaskFailure
                let message = failure?.message ?? String(describing: error)
                let location = failure?.location
                if failure?.isTimeout == true {
                    if let step = timedOut(message, location) { return step }
                    continue
                }
                record(.failed, message, location)
                let retryable = failure?.isRetryable ?? true
                if retryable, attempt < maxAttempts {
                    p.attempt += 1
                    p.backoff = TaskProgress.Backoff(message: message, location: location, afterTimeout: false)
                    continue
                }
                emit(.failed(error: message, location: location), task, attempt: attempt)
                return finish(.failed, error: message, location: location, retryable: retryable)
            case .timedOut(let location):
                if let step = timedOut("timed out after \(Formatting.seconds(task.timeoutSeconds))", location) { return step }
                continue
            case .interrupted:
                record(.cancelled, "cancelled")
                emit(.cancelled, task, attempt: attempt)
                return finish(.cancelled, error: "cancelled during attempt \(attempt)")
            }
        }
    }

    /// Runs one attempt on the slot's own task, which the watchdog cancels at the deadline: no task is created
    /// per attempt. `expired` says the watchdog did cancel it, so the slot cannot run anything more (Task
    /// cancellation cannot be undone); a `TaskFailure` the attempt throws gives the timeout's location.
    func attempt(_ task: ResearchTask, context: TaskContext, watch: DeadlineWatch) async -> (AttemptEnd, expired: Bool) {
        watch.arm(until: context.deadline)
        let result: Result<LuaValue, any Error>
        do {
            if let recalled = handler.recall(task, context: context) {
                result = .success(recalled)   // recorded earlier for the same inputs: neither paced nor run
            } else {
                if let pace = options.pace, task.estimatedSeconds > 0 { try await Task.sleep(for: CheckedNumber.duration(task.estimatedSeconds * pace)) }
                result = .success(try await handler.run(task, context: context))
            }
        } catch {
            result = .failure(error)
        }
        if watch.disarm() {
            if case .failure(let error) = result { return (.timedOut(location: (error as? any TaskFailure)?.location), true) }
            return (.timedOut(location: nil), true)
        }
        switch result {
        case .success(let value): return (.value(value), false)
        case .failure(let error): return (Task.isCancelled ? .interrupted : .failure(error), false)
        }
    }
}
