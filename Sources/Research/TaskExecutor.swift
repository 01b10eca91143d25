import LuaHost

/// Runs a research plan: eager DAG scheduling on `maxParallel` slots, retries with seeded backoff, timeouts
/// that stop the work, failure isolation (dependents of a task that did not complete are skipped, the rest
/// go on), events, and an aggregated report.
///
/// Cancelling the calling Task cancels the running attempts and marks them and every task not yet started
/// `cancelled`; completed results are kept and the partial report is returned (nothing is thrown).
public struct TaskExecutor: Sendable {
    public var options: ExecutionOptions

    public init(options: ExecutionOptions = ExecutionOptions()) { self.options = options }

    /// Checks the plan's structure (duplicates, unknown dependencies, cycles) and runs it.
    public func execute(
        _ tasks: [ResearchTask], request: ResearchRequest, handler: any TaskHandler,
        events: ExecutionEventSink? = nil
    ) async throws(PlanError) -> ExecutionReport {
        await execute(try TaskGraph(tasks), request: request, handler: handler, events: events)
    }

    /// Runs an already built plan.
    public func execute(
        _ graph: TaskGraph, request: ResearchRequest, handler: any TaskHandler, events: ExecutionEventSink? = nil
    ) async -> ExecutionReport {
        let runner = TaskRunner(handler: handler, options: options, request: request, runStart: .now, events: events)
        if let events { for task in graph.tasks { events(ExecutionEvent(kind: .planned, taskID: task.taskID, attempt: 0, offset: 0)) } }
        var run = ExecutionRun(graph: graph, order: options.order, runner: runner)
        await withTaskGroup(of: TaskOutcome.self) { group in
            switch options.mode {
            case .eager: await run.eager(&group, slots: options.slots, failFast: options.failFast)
            case .batch: await run.batch(&group, slots: options.slots, failFast: options.failFast)
            }
        }
        return run.report(duration: runner.offset(), options: options)
    }
}

/// The state of one run, owned by the scheduling loop (no locks: children only return outcomes).
struct ExecutionRun {
    let graph: TaskGraph
    let runner: TaskRunner
    var queue: ReadyQueue
    var records: [TaskRecord?]
    var results: [LuaValue?]
    var stopReason: String?

    init(graph: TaskGraph, order: ReadyOrder, runner: TaskRunner) {
        self.graph = graph
        self.runner = runner
        queue = ReadyQueue(graph: graph, order: order)
        records = Array(repeating: nil, count: graph.count)
        results = Array(repeating: nil, count: graph.count)
    }

    func launch(_ index: Int, in group: inout TaskGroup<TaskOutcome>) {
        var dependencyResults: [String: LuaValue] = [:]
        for need in graph.dependencies[index] { dependencyResults[graph.tasks[need].taskID] = results[need] }
        let task = graph.tasks[index], runner = self.runner
        group.addTask { await runner.run(task, index: index, dependencyResults: dependencyResults) }
    }

    /// Eager: a task starts the moment its dependencies completed and a slot is free.
    mutating func eager(_ group: inout TaskGroup<TaskOutcome>, slots: Int, failFast: Bool) async {
        var running = 0
        while true {
            if stopReason == nil, Task.isCancelled { stopReason = "cancelled" }
            while stopReason == nil, running < slots, let next = queue.popNext() {
                launch(next, in: &group)
                running += 1
            }
            guard let outcome = await group.next() else { break }
            running -= 1
            finish(outcome, failFast: failFast, group: &group)
        }
        closeUnstarted()
    }

    /// The seed's baseline: chunks of dependency levels, each waiting for the previous chunk.
    mutating func batch(_ group: inout TaskGroup<TaskOutcome>, slots: Int, failFast: Bool) async {
        for chunk in BatchPolicy.chunks(graph, slots: slots, order: queue.order) {
            if stopReason == nil, Task.isCancelled { stopReason = "cancelled" }
            if stopReason != nil { break }
            for index in chunk where records[index] == nil { launch(index, in: &group) }
            while let outcome = await group.next() { finish(outcome, failFast: failFast, group: &group) }
        }
        closeUnstarted()
    }

    /// Records an outcome; skips what depended on a task that did not complete; applies fail-fast.
    mutating func finish(_ outcome: TaskOutcome, failFast: Bool, group: inout TaskGroup<TaskOutcome>) {
        let index = outcome.index, status = outcome.record.status
        records[index] = outcome.record
        results[index] = outcome.result
        if status == .completed {
            queue.markCompleted(index)
        } else {
            for (task, blocker) in queue.markAbandoned(index) {
                let reason = "dependency \(graph.tasks[blocker].taskID) \(records[blocker]!.status.rawValue)"
                records[task] = TaskRecord(status: .skipped, attempts: [], error: reason)
                runner.emit(.skipped(reason: reason), graph.tasks[task], attempt: 0)
            }
            if failFast, stopReason == nil, status == .failed || status == .timedOut {
                stopReason = "fail_fast: \(graph.tasks[index].taskID) \(status.rawValue)"
                group.cancelAll()
            }
        }
        if stopReason == nil, Task.isCancelled { stopReason = "cancelled" }
    }

    /// Tasks that never started because the run stopped: cancelled (caller) or skipped (fail-fast).
    mutating func closeUnstarted() {
        let cancelled = stopReason == "cancelled"
        for index in records.indices where records[index] == nil {
            let status: TaskStatus = cancelled ? .cancelled : .skipped
            let reason = cancelled ? "execution cancelled" : (stopReason ?? "not run")
            records[index] = TaskRecord(status: status, attempts: [], error: reason)
            runner.emit(cancelled ? .cancelled : .skipped(reason: reason), graph.tasks[index], attempt: 0)
        }
    }

    func report(duration: Double, options: ExecutionOptions) -> ExecutionReport {
        var counts: [TaskStatus: Int] = [:]
        var tasks: [String: TaskRecord] = [:]
        var resultsByID: [String: LuaValue] = [:]
        var degradedReasons: [String] = []
        var actualCost = 0.0
        var unreported: [String] = []
        for (index, task) in graph.tasks.enumerated() {
            let record = records[index]!
            counts[record.status, default: 0] += 1
            tasks[task.taskID] = record
            if let result = results[index] { resultsByID[task.taskID] = result }
            if let reason = ExecutionReport.degradedReason(task, record) { degradedReasons.append(reason) }
            if let cost = record.actualCost { actualCost += cost } else if !record.attempts.isEmpty { unreported.append(task.taskID) }
        }
        let estimate = ScheduleSimulator.makespan(
            ScheduleSimulator.simulate(graph, slots: options.slots, order: options.order, mode: options.mode))
        let completed = counts[.completed, default: 0]
        return ExecutionReport(
            totalTasks: graph.count, completed: completed,
            failed: counts[.failed, default: 0] + counts[.timedOut, default: 0],
            timedOut: counts[.timedOut, default: 0], skipped: counts[.skipped, default: 0],
            cancelled: counts[.cancelled, default: 0],
            successRate: graph.count > 0 ? Double(completed) / Double(graph.count) : 0,
            durationSeconds: duration, results: resultsByID, degraded: !degradedReasons.isEmpty,
            degradedReasons: degradedReasons, stopReason: stopReason, tasks: tasks,
            estimatedVsActual: EstimateComparison(
                estimatedSeconds: estimate * (options.pace ?? 1), actualSeconds: duration,
                estimatedCost: graph.tasks.reduce(0) { $0 + $1.estimatedCost }, actualCost: actualCost,
                unreportedCostTasks: unreported))
    }
}
