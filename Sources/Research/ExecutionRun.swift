import LuaHost

/// The state of one run, behind the `SharedRun` lock: which task a free slot takes next (eager: the ready
/// queue; batch: the seed's chunks), the records and results, skips, fail-fast, and the final report.
struct ExecutionRun: Sendable {
    enum Take: Sendable {
        case task(TaskClaim)
        /// Nothing is ready but running tasks may make some ready.
        case wait
        /// No work is left for a slot.
        case none
    }

    let graph: TaskGraph
    let options: ExecutionOptions
    let runner: TaskRunner
    var queue: ReadyQueue
    var records: [TaskRecord?]
    var results: [LuaValue?]
    /// Tasks without a record yet: when none is left, nothing needs closing.
    var unrecorded: Int
    var stopReason: String?
    /// Tasks handed to a slot and not yet recorded.
    var running = 0
    /// Slots waiting for a task to become ready.
    var waiters: [CheckedContinuation<Void, Never>] = []
    /// Batch mode: the chunks, the one running, and how many of its tasks were handed out.
    let chunks: [[Int]]
    var chunk = 0
    var taken = 0

    init(graph: TaskGraph, options: ExecutionOptions, runner: TaskRunner) {
        self.graph = graph
        self.options = options
        self.runner = runner
        queue = ReadyQueue(graph: graph, order: options.order)
        records = Array(repeating: nil, count: graph.count)
        unrecorded = graph.count
        results = Array(repeating: nil, count: graph.count)
        chunks = options.mode == .batch ? BatchPolicy.chunks(graph, slots: options.slots, order: options.order) : []
    }

    mutating func take(cancelled: Bool) -> Take {
        if stopReason == nil, cancelled { stopReason = "cancelled" }
        if stopReason != nil { return .none }
        guard let index = nextIndex() else { return running > 0 ? .wait : .none }
        running += 1
        return .task(TaskClaim(index: index, dependencyResults: graph.dependencies[index].map { results[$0] }))
    }

    /// Eager: the first ready task. Batch: the next task of the running chunk (skipped ones left out); the
    /// next chunk only once the whole running chunk has finished.
    private mutating func nextIndex() -> Int? {
        guard options.mode == .batch else { return queue.popNext() }
        while chunk < chunks.count {
            while taken < chunks[chunk].count {
                let index = chunks[chunk][taken]
                taken += 1
                if records[index] == nil { return index }
            }
            if running > 0 { return nil }
            chunk += 1
            taken = 0
        }
        return nil
    }

    /// Parks a slot until something changes; false when something already did (the slot takes again).
    mutating func park(_ waiter: CheckedContinuation<Void, Never>) -> Bool {
        if stopReason != nil || running == 0 { return false }
        if options.mode == .eager ? queue.readyCount > 0 : (chunk < chunks.count && taken < chunks[chunk].count) {
            return false
        }
        waiters.append(waiter)
        return true
    }

    /// Records an outcome; skips what depended on a task that did not complete; applies fail-fast. Returns
    /// whether the run stops for fail-fast. The caller then takes its next task, if any, and wakes `waking()`.
    mutating func record(_ outcome: TaskOutcome, slotCancelled: Bool) -> Bool {
        let index = outcome.index, status = outcome.record.status
        running -= 1
        records[index] = outcome.record
        unrecorded -= 1
        results[index] = outcome.result
        var failFast = false
        if status == .completed {
            queue.markCompleted(index)
        } else {
            for (task, blocker) in queue.markAbandoned(index) {
                let reason = "dependency \(graph.ids[blocker]) \(records[blocker]!.status.rawValue)"
                records[task] = TaskRecord(status: .skipped, attempts: [], error: reason)
                unrecorded -= 1
                runner.emit(.skipped(reason: reason), graph.tasks[task], attempt: 0)
            }
            if options.failFast, stopReason == nil, status == .failed || status == .timedOut {
                stopReason = "fail_fast: \(graph.ids[index]) \(status.rawValue)"
                failFast = true
            }
        }
        if stopReason == nil, slotCancelled { stopReason = "cancelled" }
        return failFast
    }

    /// The parked slots to wake after a record (and the recording slot's own take, so no slot is woken for the
    /// task that slot took): everyone when the run stops or drains, or (batch) while the running chunk has tasks
    /// not handed out (the recording slot's take may have started the next chunk); else one per ready task.
    mutating func waking() -> [CheckedContinuation<Void, Never>] {
        guard !waiters.isEmpty else { return [] }
        let everyone = stopReason != nil || running == 0
            || (options.mode == .batch && chunk < chunks.count && taken < chunks[chunk].count)
        let count = everyone ? waiters.count : options.mode == .eager ? min(waiters.count, queue.readyCount) : 0
        guard count > 0 else { return [] }
        let wake = Array(waiters.suffix(count))
        waiters.removeLast(count)
        return wake
    }

    /// Tasks that never started because the run stopped: cancelled (caller) or skipped (fail-fast).
    mutating func closeUnstarted() {
        guard unrecorded > 0 else { return }
        let cancelled = stopReason == "cancelled"
        for index in records.indices where records[index] == nil {
            let status: TaskStatus = cancelled ? .cancelled : .skipped
            let reason = cancelled ? "execution cancelled" : (stopReason ?? "not run")
            records[index] = TaskRecord(status: status, attempts: [], error: reason)
            unrecorded -= 1
            runner.emit(cancelled ? .cancelled : .skipped(reason: reason), graph.tasks[index], attempt: 0)
        }
    }

    /// The report, built once at the end, with `estimate` (the plan's simulated makespan): records and results
    /// move into it rather than being copied (a copy is a retain per field per task, and its release when the run
    /// goes).
    mutating func report(duration: Double, estimate: Double) -> ExecutionReport {
        var counts = [Int](repeating: 0, count: 7)
        var tasks: [String: TaskRecord] = [:], resultsByID: [String: LuaValue] = [:]
        tasks.reserveCapacity(graph.count)
        resultsByID.reserveCapacity(graph.count)
        var degradedReasons: [String] = []
        var actualCost = 0.0
        var unreported: [String] = []
        var records: [TaskRecord?] = [], results: [LuaValue?] = []
        swap(&records, &self.records)
        swap(&results, &self.results)
        for index in graph.tasks.indices {
            let record = records[index].take()!, id = graph.ids[index]
            counts[record.status.ordinal] += 1
            if let result = results[index].take() { resultsByID[id] = result }
            if record.status != .completed, let reason = ExecutionReport.degradedReason(graph.tasks[index], record) {
                degradedReasons.append(reason)
            }
            if let cost = record.actualCost { actualCost += cost } else if !record.attempts.isEmpty { unreported.append(id) }
            tasks[id] = consume record
        }
        func count(_ status: TaskStatus) -> Int { counts[status.ordinal] }
        let completed = count(.completed)
        return ExecutionReport(
            totalTasks: graph.count, completed: completed,
            failed: count(.failed) + count(.timedOut), timedOut: count(.timedOut), skipped: count(.skipped),
            cancelled: count(.cancelled),
            successRate: graph.count > 0 ? Double(completed) / Double(graph.count) : 0,
            durationSeconds: duration, results: resultsByID, degraded: !degradedReasons.isEmpty,
            degradedReasons: degradedReasons, stopReason: stopReason, tasks: tasks,
            estimatedVsActual: EstimateComparison(
                estimatedSeconds: estimate * (options.pace ?? 1), actualSeconds: duration,
                estimatedCost: graph.tasks.reduce(0) { $0 + $1.estimatedCost }, actualCost: actualCost,
                unreportedCostTasks: unreported))
    }
}

extension TaskStatus {
    /// A small index per status, for counting without a dictionary.
    var ordinal: Int {
        switch self {
        case .pending: 0
        case .inProgress: 1
        case .completed: 2
        case .failed: 3
        case .skipped: 4
        case .timedOut: 5
        case .cancelled: 6
        }
    }
}
