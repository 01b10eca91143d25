import LuaHost

/// The outcome of running one task to its end (all attempts).
struct TaskOutcome: Sendable {
    var index: Int
    var record: TaskRecord
    var result: LuaValue?
}

/// Runs one task: its attempts, each raced against its timeout, with seeded backoff between retries.
struct TaskRunner: Sendable {
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

    func offset(_ instant: ContinuousClock.Instant = .now) -> Double { (instant - runStart).seconds }

    func emit(_ kind: ExecutionEvent.Kind, _ task: ResearchTask, attempt: Int) {
        events?(ExecutionEvent(kind: kind, taskID: task.taskID, attempt: attempt, offset: offset()))
    }

    func run(_ task: ResearchTask, index: Int, dependencyResults: [String: LuaValue]) async -> TaskOutcome {
        var attempts: [AttemptRecord] = []
        var random = SplitMix64(seed: options.seed, stream: task.taskID)
        var cost: Double?
        let maxAttempts = 1 + max(0, task.retries)

        func finish(_ status: TaskStatus, error: String? = nil, location: String? = nil, result: LuaValue? = nil) -> TaskOutcome {
            let start = attempts.first?.start, end = attempts.last?.end
            let duration = start.flatMap { s in end.map { $0 - s } }
            let record = TaskRecord(status: status, attempts: attempts, start: start, end: end, duration: duration,
                                    error: error, errorLocation: location, actualCost: cost)
            return TaskOutcome(index: index, record: record, result: result)
        }
        func backoff(after attempt: Int, error: String) async -> Bool {
            let delay = options.backoffDelay(retry: attempt, random: &random)
            emit(.retrying(delay: delay, error: error), task, attempt: attempt)
            do { try await Task.sleep(for: .seconds(delay)) } catch { return false }
            return true
        }

        for attempt in 1...maxAttempts {
            if Task.isCancelled {
                emit(.cancelled, task, attempt: attempt - 1)
                return finish(.cancelled, error: "cancelled before attempt \(attempt)")
            }
            emit(.started, task, attempt: attempt)
            let begin = ContinuousClock.now
            let context = TaskContext(request: request, dependencyResults: dependencyResults, attempt: attempt,
                                      deadline: begin + .seconds(task.timeoutSeconds))
            let end = await self.attempt(task, context: context)
            func record(_ status: TaskStatus, _ error: String? = nil, _ location: String? = nil) {
                attempts.append(AttemptRecord(attempt: attempt, start: offset(begin), end: offset(), status: status,
                                              error: error, errorLocation: location))
            }
            switch end {
            case .value(let result):
                let reported = result["actual_cost"]
                if !reported.isNil {
                    guard let value = reported.doubleValue, value.isFinite, value >= 0 else {
                        let message = "actual_cost must be a number, zero or more, got \(reported.doubleValue.map { "\($0)" } ?? reported.typeName)"
                        record(.failed, message)
                        emit(.failed(error: message, location: nil), task, attempt: attempt)
                        return finish(.failed, error: message)
                    }
                    cost = (cost ?? 0) + value
                }
                record(.completed)
                emit(.completed, task, attempt: attempt)
                return finish(.completed, result: result)
            case .failure(let error):
                let failure = error as? any TaskFailure
                let message = failure?.message ?? String(describing: error)
                let location = failure?.location
                if failure?.isTimeout == true {
                    record(.timedOut, message, location)
                    if options.retryTimeouts, attempt < maxAttempts, await backoff(after: attempt, error: message) { continue }
                    emit(.timedOut(location: location), task, attempt: attempt)
                    return finish(.timedOut, error: message, location: location)
                }
                record(.failed, message, location)
                if failure?.isRetryable ?? true, attempt < maxAttempts {
                    if await backoff(after: attempt, error: message) { continue }
                    emit(.cancelled, task, attempt: attempt)
                    return finish(.cancelled, error: "cancelled during backoff after: \(message)", location: location)
                }
                emit(.failed(error: message, location: location), task, attempt: attempt)
                return finish(.failed, error: message, location: location)
            case .timedOut(let location):
                let message = "timed out after \(Formatting.seconds(task.timeoutSeconds))"
                record(.timedOut, message, location)
                if options.retryTimeouts, attempt < maxAttempts, await backoff(after: attempt, error: message) { continue }
                emit(.timedOut(location: location), task, attempt: attempt)
                return finish(.timedOut, error: message, location: location)
            case .interrupted:
                record(.cancelled, "cancelled")
                emit(.cancelled, task, attempt: attempt)
                return finish(.cancelled, error: "cancelled during attempt \(attempt)")
            }
        }
        fatalError("unreachable: the last attempt always returns")
    }

    /// Runs one attempt in a child task, which the shared `DeadlineWatchdog` cancels at the deadline; the
    /// attempt is then awaited, and a `TaskFailure` it throws gives the timeout's location. The child keeps the
    /// cancellation from sticking to the slot's task, so a timed-out attempt can be retried.
    func attempt(_ task: ResearchTask, context: TaskContext) async -> AttemptEnd {
        let handler = self.handler, pace = options.pace
        async let outcome: (Result<LuaValue, any Error>, expired: Bool) = {
            let watch = DeadlineWatchdog.shared.start(deadline: context.deadline)
            let result: Result<LuaValue, any Error>
            do {
                if let pace, task.estimatedSeconds > 0 { try await Task.sleep(for: .seconds(task.estimatedSeconds * pace)) }
                result = .success(try await handler.run(task, context: context))
            } catch {
                result = .failure(error)
            }
            return (result, DeadlineWatchdog.shared.finish(watch))
        }()
        let (result, expired) = await outcome
        if expired {
            if case .failure(let error) = result { return .timedOut(location: (error as? any TaskFailure)?.location) }
            return .timedOut(location: nil)
        }
        switch result {
        case .success(let value): return .value(value)
        case .failure(let error): return Task.isCancelled ? .interrupted : .failure(error)
        }
    }
}
