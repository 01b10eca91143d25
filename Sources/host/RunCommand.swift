import ArgumentParser
import Foundation
import Moondesk
import Orchestrator
import Research

/// `host run AGENT.lua`: plan and run the research (the default subcommand).
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Plan, research and decide: run an agent's decision graph and print the decision.",
        discussion: """
            Examples:
              host agents/balanced.lua
              host run agents/balanced.lua --pace 0.01          tasks wait their estimated seconds x 0.01
              host run agents/conservative.lua --as-of 2018-12-15 --json
            Ctrl-C cancels running tasks, keeps what completed, prints the partial summary and exits 130.
            """
    )

    @OptionGroup var options: AgentOptions
    @OptionGroup var execution: RunOptions

    @Flag(help: "After the run, watch the scripts, config and data and re-run what a change affects (as `host watch`).")
    var watch = false

    func run() async throws {
        try await reportingErrors {
            if watch { return try await WatchLoop(options: options, execution: execution).start() }
            let settings = try execution.settings()
            let session = try await options.liveSession()
            let progress = Progress()
            let interrupted = InterruptFlag()
            let work = Task { try await session.decide(settings: settings, events: options.quiet ? nil : progress.show) }
            let signals = interrupted.install { work.cancel() }
            let outcome = await work.result
            signals.cancel()
            await session.close()
            let decision = try outcome.get()
            DecisionPrinter(json: options.json).print(decision, session: session)
            if interrupted.isSet { throw ExitCode(130) }
            if let failure = decision.failure {
                if !options.json { Diagnostics.error(failure.description) }
                throw ExitCode(failure.kind == .badInput ? 2 : failure.kind == .interrupted ? 130 : 1)
            }
        }
    }
}

/// Ctrl-C: the first one cancels the run (which then reports what it has).
final class InterruptFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var set = false
    var isSet: Bool { lock.withLock { set } }

    func install(_ onInterrupt: @escaping @Sendable () -> Void) -> DispatchSourceSignal {
        signal(SIGINT, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        source.setEventHandler { [self] in
            lock.withLock { set = true }
            Diagnostics.error("interrupted: cancelling running tasks")
            onInterrupt()
        }
        source.resume()
        return source
    }
}

/// Progress lines on stderr as tasks start, retry and finish.
struct Progress: Sendable {
    func show(_ event: RunEvent) {
        switch event {
        case .task(let task, let researchStart): show(task, base: researchStart)
        case .node(let node): show(node)
        }
    }

    func show(_ event: GraphEvent) {
        switch event {
        case .nodeStarted(let node, _, let offset):
            Diagnostics.error(String(format: "%6.2fs ", offset) + "node     \(node)")
        case .nodeFailed(let record), .nodeTimedOut(let record), .nodeCancelled(let record):
            Diagnostics.error(String(format: "%6.2fs ", record.end) + "node     \(record.name) \(record.status.rawValue): "
                + (record.errorLocation.map { "\($0): " } ?? "") + (record.error ?? ""))
        case .nodeCompleted, .routed: return
        }
    }

    func show(_ event: ExecutionEvent, base: Double = 0) {
        let t = String(format: "%6.2fs", base + event.offset)
        switch event.kind {
        case .planned: return
        case .started: Diagnostics.error("\(t) start    \(event.taskID)" + (event.attempt > 1 ? " (attempt \(event.attempt))" : ""))
        case .completed: Diagnostics.error("\(t) done     \(event.taskID)")
        case .retrying(let delay, let error): Diagnostics.error("\(t) retry    \(event.taskID) in \(String(format: "%.2f", delay)) s: \(error)")
        case .failed(let error, let location): Diagnostics.error("\(t) failed   \(event.taskID): \(location.map { "\($0): " } ?? "")\(error)")
        case .timedOut(let location): Diagnostics.error("\(t) timeout  \(event.taskID)" + (location.map { " at \($0)" } ?? ""))
        case .skipped(let reason): Diagnostics.error("\(t) skipped  \(event.taskID): \(reason)")
        case .cancelled: Diagnostics.error("\(t) cancel   \(event.taskID)")
        }
    }
}
