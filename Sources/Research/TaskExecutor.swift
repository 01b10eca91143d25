import LuaHost
import Synchronization

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
        let runner = TaskRunner(graph: graph, handler: handler, options: options, request: request, runStart: .now,
                                events: events)
        if let events { for task in graph.tasks { events(ExecutionEvent(kind: .planned, taskID: task.taskID, attempt: 0, offset: 0)) } }
        let run = SharedRun(ExecutionRun(graph: graph, options: options, runner: runner))
        // The report's estimate does not depend on the run: it is simulated beside it, not after it.
        async let estimate = ScheduleSimulator.makespan(graph, slots: options.slots, order: options.order, mode: options.mode)
        await withTaskGroup(of: SlotExit.self) { group in
            for _ in 0..<options.slots { group.addTask { await run.slot(carrying: nil) } }
            while let exit = await group.next() {
                switch exit {
                case .drained: break
                case .failFast: group.cancelAll()
                case .expired(let carried): group.addTask { await run.slot(carrying: carried) }
                }
            }
        }
        let duration = runner.offset(), cancelled = Task.isCancelled
        return run.finish(duration: duration, estimate: await estimate, parentCancelled: cancelled)
    }
}

/// Why a slot loop ended.
enum SlotExit: Sendable {
    /// No work is left for it (or the run stopped).
    case drained
    /// It recorded the failure that stops a fail-fast run: the other slots must be cancelled.
    case failFast
    /// The watchdog cancelled its task at an attempt's deadline; a new slot takes its place, going on with
    /// the task when that task will retry.
    case expired(TaskProgress?)
}

/// A run's state shared by its slots. Each slot is one child task looping over ready tasks and running their
/// attempts itself: a task costs no Swift task of its own and no hop through a scheduling task.
final class SharedRun: Sendable {
    private let state: Mutex<ExecutionRun>
    private let runner: TaskRunner

    init(_ run: ExecutionRun) {
        runner = run.runner
        state = Mutex(run)
    }

    func slot(carrying carried: TaskProgress?) async -> SlotExit {
        let watch = DeadlineWatch()
        defer { watch.close() }
        var next = carried
        var taken: ExecutionRun.Take?
        while true {
            if next == nil { next = await take(first: taken) }
            taken = nil
            guard let progress = next else { return .drained }
            next = nil
            switch await runner.run(progress, watch: watch) {
            case .moved(let progress):
                return .expired(progress)
            case .finished(let outcome, let slotExpired):
                // Recording a task and taking the next one is one acquisition of the lock: with short tasks the
                // slots otherwise meet at the lock twice per task.
                let cancelled = Task.isCancelled
                let (stop, wake, take) = state.withLock { run in
                    let stop = run.record(outcome, slotCancelled: cancelled && !slotExpired)
                    let take = stop || slotExpired ? nil : run.take(cancelled: cancelled)
                    return (stop, run.waking(), take)
                }
                for waiter in wake { waiter.resume() }
                if slotExpired { return .expired(nil) }
                if stop { return .failFast }
                taken = take
            }
        }
    }

    /// The next task for a slot, waiting while the tasks still running may make some ready; nil when none is left.
    /// `first` is what the slot already took with its last record.
    private func take(first: ExecutionRun.Take?) async -> TaskProgress? {
        var taken = first
        while true {
            let cancelled = Task.isCancelled
            switch taken ?? state.withLock({ $0.take(cancelled: cancelled) }) {
            case .task(let claim): return runner.progress(claim)
            case .none: return nil
            case .wait:
                await withCheckedContinuation { (waiter: CheckedContinuation<Void, Never>) in
                    let parked = state.withLock { $0.park(waiter) }
                    if !parked { waiter.resume() }
                }
            }
            taken = nil
        }
    }

    func finish(duration: Double, estimate: Double, parentCancelled: Bool) -> ExecutionReport {
        state.withLock { run in
            if run.stopReason == nil, parentCancelled { run.stopReason = "cancelled" }
            run.closeUnstarted()
            return run.report(duration: duration, estimate: estimate)
        }
    }
}
