import ArgumentParser
import Foundation
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
              host run agents/balanced.lua --pace 0.01     (tasks wait 1% of their estimate)
              host run agents/conservative.lua --as-of 2018-12-15 --json
              host run agents/aggressive.lua --trace run.json -v
              host run agents/balanced.lua --watch         (re-decide on every save)

            Prints the decision (action, rating, confidence, size, stop, target, rationale), the bull and bear evidence, the risk notes, the research, the warnings and the time of each node. Ctrl-C cancels running tasks, keeps what completed, prints the partial summary and exits 130.

            \(HelpText.exitCodes)
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
            let session = try await DecisionHTML.reportingFailure(to: execution.report, agent: options.agent) { try await options.liveSession() }
            let observers = RunObservers(verbosity: options.verbosity, tracePath: execution.trace)
            let interrupted = InterruptFlag()
            let work = Task { try await session.decide(settings: settings, events: observers.events) }
            let signals = interrupted.install { work.cancel() }
            let outcome = await work.result
            signals.cancel()
            await session.close()
            let decision = try await DecisionHTML.reportingFailure(to: execution.report, agent: options.agent) { try outcome.get() }
            try observers.finish()
            DecisionPrinter(json: options.json).print(decision, session: session)
            if let path = execution.report { try DecisionHTML.write(try DecisionHTML.html(decision, session: session), to: path) }
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

    func install(saying message: String = "interrupted: cancelling running tasks",
                 _ onInterrupt: @escaping @Sendable () -> Void) -> DispatchSourceSignal {
        signal(SIGINT, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        source.setEventHandler { [self] in
            lock.withLock { set = true }
            Diagnostics.error(message)
            onInterrupt()
        }
        source.resume()
        return source
    }
}

