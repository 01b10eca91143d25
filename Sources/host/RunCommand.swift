import ArgumentParser
import Foundation
import Journal
import LiveData
import Moondesk
import Orchestrator
import Report
import Research

/// `host run AGENT.lua`: plan and run the research (the default subcommand).
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Plan, research and decide: run an agent's decision graph and print the decision.",
        discussion: """
            Examples:
              host agents/balanced.lua
              host run agents/balanced.lua --pace 0.01     (tasks wait 1% of estimates)
              host run agents/conservative.lua --as-of 2018-12-15 --json
              host run agents/aggressive.lua --trace run.json -v
              host run agents/balanced.lua --watch         (re-decide on every save)

            Prints the warnings first (substituted, synthetic or stale data, degraded research), then the decision (action, rating, confidence, size, stop, target, rationale), the evidence for and against it, the risk notes, the research and the time of each node. Ctrl-C (or SIGTERM, SIGHUP) cancels running tasks, keeps what completed and prints the partial summary.

            \(ExitStatus.helpTable)
            """
    )

    @OptionGroup var options: AgentOptions
    @OptionGroup var execution: RunOptions
    @OptionGroup var journaling: JournalOptions

    @Flag(help: "After the run, watch the scripts, config and data and re-run what a change affects (as `host watch`).")
    var watch = false

    func validate() throws {
        if watch && execution.strict { throw ValidationError("--strict sets the exit code of one run; --watch goes on (drop one of them)") }
    }

    func run() async throws {
        try await reportingErrors(json: options.json) {
            if watch { return try await WatchLoop(options: options, execution: execution, journaling: journaling).start() }
            let settings = try execution.settings()
            // A live run's answers go to the journal with it, so `host replay` needs no network.
            if options.live, !journaling.noJournal, HTTPTape.current == nil { HTTPTape.current = HTTPTape() }
            let session = try await DecisionHTML.reportingFailure(to: execution.report, agent: options.agent) { try await options.liveSession() }
            var extra: [String] = []
            let journal = try RunJournal.begin(journaling, project: session.paths, start: start(session, settings: settings)) {
                Diagnostics.warning($0)
                extra.append($0)
            }
            session.memory = journal?.recorder
            journal?.recorder.files(RunJournal.startFiles(session))
            let observers = RunObservers(verbosity: options.verbosity, tracePath: execution.trace)
            let interrupted = InterruptFlag()
            let events = journal?.events(observers.events) ?? observers.events
            let work = Task { try await session.decide(settings: settings, events: events) }
            let signals = interrupted.install { work.cancel() }
            let outcome = await work.result
            signals.cancel()
            await session.close()
            let decision = try await DecisionHTML.reportingFailure(to: execution.report, agent: options.agent) { try outcome.get() }
            if let problem = observers.finish() {
                // The decision is not lost to a trace that cannot be written: it is printed, with the problem.
                Diagnostics.warning(problem)
                extra.append(problem)
            }
            let status = ExitStatus.of(run: decision, strict: execution.strict)
            let recorded = journal.map { journal in
                if let tape = HTTPTape.current, !tape.isReplaying { journal.recorder.responses(tape.exchanges) }
                // A journal the disk refuses does not cost the decision: it is printed, with the warning (exit 0).
                let (problem, report) = journal.finish(decision, session: session, status: status, interrupted: interrupted.isSet)
                if let problem {
                    Diagnostics.warning(problem)
                    extra.append(problem)
                }
                return (summary: journal.summary(decision, recorded: problem == nil), report: report)
            }
            if let recorded, !options.json, options.verbosity != .quiet { Diagnostics.note(recorded.summary.text) }
            DecisionPrinter(json: options.json).print(decision, session: session, exitStatus: status, extraWarnings: extra,
                                                      journal: recorded?.summary.json, report: recorded?.report)
            // Its Lua states go with the process, not state by state; the journal is let go, so it closes (and
            // checkpoints its write-ahead log into the file) as before.
            session.memory = nil
            KeptUntilExit.keep(session)
            if let path = execution.report { try DecisionHTML.write(try DecisionHTML.html(decision, session: session), to: path) }
            if let signal = interrupted.signal { throw ExitCode(ExitStatus.interrupted(bySignal: signal)) }
            if let failure = decision.failure {
                Diagnostics.error(Palette.stderr.error(failure.description))   // with --json too: the line on stderr
                throw ExitCode(status.rawValue)
            }
            if status == .degraded {
                Diagnostics.warning(decision.stoppedByFailFast ? "the research was stopped by --fail-fast (exit 3)"
                                    : "the run is degraded and --strict is set (exit 3)")
                throw ExitCode(status.rawValue)
            }
        }
    }
}

extension RunCommand {
    /// What the journal records before the run starts.
    func start(_ session: Session, settings: RunSettings) -> RunStart {
        var start = RunStart(command: "run", arguments: RunJournal.arguments, agent: options.agent, symbol: options.basics.symbol)
        start.profile = options.basics.profile ?? session.agent.profile
        start.requestedAsOf = session.options.asOf
        start.effectiveAsOf = session.runtime.market.asOf
        start.seed = settings.seed
        return start
    }
}

/// Ctrl-C, SIGTERM, SIGHUP: the first one cancels the run (which then reports what it has).
final class InterruptFlag: @unchecked Sendable {
    static let signals: [Int32] = [SIGINT, SIGTERM, SIGHUP]
    private let lock = NSLock()
    private var received: Int32?
    var isSet: Bool { signal != nil }
    /// The first signal received.
    var signal: Int32? { lock.withLock { received } }

    struct Installed {
        let sources: [any DispatchSourceSignal]
        func cancel() { for source in sources { source.cancel() } }
    }

    func install(saying message: String = "interrupted: cancelling running tasks",
                 _ onInterrupt: @escaping @Sendable () -> Void) -> Installed {
        var sources: [any DispatchSourceSignal] = []
        for number in Self.signals {
            Foundation.signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { [self] in
                let first = lock.withLock { () -> Bool in
                    guard received == nil else { return false }
                    received = number
                    return true
                }
                guard first else { return }
                Diagnostics.error(message + (number == SIGINT ? "" : " (\(number == SIGTERM ? "SIGTERM" : "SIGHUP"))"))
                onInterrupt()
            }
            source.resume()
            sources.append(source)
        }
        return Installed(sources: sources)
    }
}
