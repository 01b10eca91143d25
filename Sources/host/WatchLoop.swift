import ArgumentParser
import Foundation
import Journal
import LuaHost
import Moondesk

/// `host watch` / `host run --watch`: run, then watch the agent, everything it requires, the config and the data;
/// on a change reload the changed scripts (one that does not compile keeps its last good version and its error is
/// shown) and re-run only what the change affects. A run in progress finishes on the scripts it started with:
/// changes are taken up between runs.
struct WatchLoop {
    var options: AgentOptions
    var execution: RunOptions
    var journaling: JournalOptions

    func start() async throws {
        let settings = try execution.settings()
        let printer = DecisionPrinter(json: options.json)
        let paths = options.basics.paths
        let scripts = try ScriptSet(root: paths.agents)
        var session = try options.session(scripts: scripts)
        let watcher = try FileWatcher(paths: watchedFiles(scripts: scripts, session: session), settle: 0.005, newFiles: ".lua")
        let interrupted = InterruptFlag()
        let current = Task {
            var previous = await runOnce(session, settings: settings, reuse: nil, changed: [], previous: nil, printer: printer)
            printer.note("watching \(paths.agents)/, \(paths.config)/planning.yaml and the data; Ctrl-C stops")
            for await changed in watcher.changes {
                let usable = reload(changed, scripts: scripts, printer: printer)
                guard !usable.isEmpty else { continue }
                // A new session (agent, presets, market data) only when the change reaches one of those.
                if previous.map({ ReloadScope.changesSession(usable, previous: $0, session: session) }) ?? true {
                    do {
                        session = try options.session(scripts: scripts)
                    } catch {
                        printer.problem(MoondeskError.from(error), fields: ["changed": files(usable)])
                        continue
                    }
                }
                let reuse: Reuse?
                switch previous.map({ ReloadScope.of(usable, previous: $0, session: session) }) ?? .full {
                case .unaffected:
                    printer.note("changed: \(usable.sorted().joined(separator: ", ")) (not used by this agent; nothing to re-run)")
                    continue
                case .full: reuse = nil
                case .reuse(let scope): reuse = previous.map { Reuse(previous: $0, scope: scope) }
                }
                previous = await runOnce(session, settings: settings, reuse: reuse, changed: usable, previous: previous, printer: printer)
            }
        }
        let signals = interrupted.install(saying: "interrupted: stopped watching") { watcher.stop(); current.cancel() }
        await current.value
        signals.cancel()
        throw ExitCode(ExitStatus.interrupted(bySignal: interrupted.signal ?? SIGINT))
    }

    /// Every Lua file under agents/, the presets, the data and news files.
    func watchedFiles(scripts: ScriptSet, session: Session) -> [String] {
        Array(scripts.hashes.keys).sorted() + [session.paths.config + "/planning.yaml"] + session.runtime.market.dataFiles
    }

    /// Reloads the changed scripts; returns the files a run should take up (compiled scripts, config, data).
    func reload(_ changed: Set<String>, scripts: ScriptSet, printer: DecisionPrinter) -> Set<String> {
        var usable: Set<String> = []
        for path in changed.sorted() {
            guard path.hasSuffix(".lua") else { usable.insert(path); continue }
            switch scripts.reload(path) {
            case .changed, .removed: usable.insert(path)
            case .unchanged: continue
            case .failed(let error):
                var problem = MoondeskError.from(error)
                problem.description += " (keeping the last good version of \(path))"
                problem.file = problem.file ?? path
                printer.problem(problem, fields: ["kept_last_good": .boolean(true), "changed": files([path])])
            }
        }
        return usable
    }

    /// One decision: runs, prints (with what changed since `previous`), returns the run to build on.
    func runOnce(_ session: Session, settings: RunSettings, reuse: Reuse?, changed: Set<String>,
                 previous: DecisionRun?, printer: DecisionPrinter) async -> DecisionRun? {
        do {
            let observers = RunObservers(verbosity: options.verbosity, tracePath: execution.trace)
            var start = RunStart(command: "watch", arguments: RunJournal.arguments, agent: options.agent, symbol: options.basics.symbol)
            start.profile = options.basics.profile ?? session.agent.profile
            start.effectiveAsOf = session.runtime.market.asOf
            var warnings: [String] = []
            let journal = try RunJournal.begin(journaling, project: session.paths, start: start) {
                Diagnostics.warning($0)
                warnings.append($0)
            }
            session.memory = journal?.recorder
            journal?.recorder.files(RunJournal.startFiles(session))
            let run = try await session.decide(settings: settings, events: journal?.events(observers.events) ?? observers.events, reuse: reuse)
            let traceProblem = observers.finish()
            if let traceProblem { Diagnostics.warning(traceProblem); warnings.append(traceProblem) }
            let recorded = journal.map { journal in
                let (problem, report) = journal.finish(run, session: session, status: ExitStatus.of(run: run, strict: false), interrupted: false)
                if let problem { Diagnostics.warning(problem); warnings.append(problem) }
                return (summary: journal.summary(run, recorded: problem == nil), report: report)
            }
            if let recorded, !options.json, options.verbosity != .quiet { Diagnostics.note(recorded.summary.text) }
            var reload: LuaValue?
            if let previous {
                let changes = DecisionChange.between(previous.decision, run.decision)
                reload = [
                    "changed": files(changed),
                    "resumed_at": run.resumedAt.map { .string($0) } ?? .nil,
                    "rerun_tasks": run.rerunTasks.map { .array($0.map { .string($0) }) } ?? .nil,
                    "since_last": .table(changes),
                ]
                printer.note("\n=== \(changed.sorted().joined(separator: ", ")) changed: re-ran "
                    + (run.resumedAt.map { "from \($0)" } ?? "the graph")
                    + (run.rerunTasks.map { $0.isEmpty ? ", research reused" : ", tasks " + $0.joined(separator: ", ") } ?? "") + " ===")
                printer.print(run, session: session, reload: reload, extraWarnings: warnings, journal: recorded?.summary.json)
                printer.note(DecisionChange.text(changes))
            } else {
                printer.print(run, session: session, extraWarnings: warnings, journal: recorded?.summary.json)
            }
            if let failure = run.failure { Diagnostics.error(Palette.stderr.error(failure.description)) }
            // A failed run leaves nothing to build on but its research; the next change re-runs from the start.
            return run.failure == nil ? run : previous
        } catch {
            printer.problem(MoondeskError.from(error), fields: ["changed": files(changed)])
            return previous
        }
    }

    func files(_ set: Set<String>) -> LuaValue { .array(set.sorted().map { .string($0) }) }
}
