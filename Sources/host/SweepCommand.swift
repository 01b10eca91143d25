import ArgumentParser
import Backtest
import Foundation
import Journal
import LuaHost
import Moondesk
import Queue
import Sweep

/// `host sweep AGENT.lua --set KEY=V1,V2 ...`: a backtest per grid point × symbol × window, one ranked table;
/// on this machine, or written as jobs to a PostgreSQL queue that `host worker`s on any machine run.
struct SweepCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sweep",
        abstract: "Backtest every combination of config values and rank them; locally or through a PostgreSQL queue.",
        discussion: """
            Examples:
              host sweep agents/examples/sma_cross.lua --set sma_fast=5,10,20 \\
                  --set sma_slow=30,50
              host sweep agents/examples/sma_cross.lua --set sma_fast=5,10 \\
                  --symbols BTC/USDT,ETH/USDT --rank sortino \\
                  --train 2018-01-01..2018-12-31 --test 2019-01-01..2019-12-31
              host sweep agents/examples/sma_cross.lua --set sma_fast=5,10 \\
                  --queue postgres://u:p@db/moondesk --wait
              host sweep --queue postgres://u:p@db/moondesk --status
              host sweep --queue postgres://u:p@db/moondesk --cancel --sweep 3

            Each --set key is a key of config/planning.yaml, a node setting the agent's graph declares, or a key of \
            the agent's own config; every combination of the values is one grid point, backtested on each symbol \
            and window (docs/SWEEP.md). With --train/--test each point is ranked on the train window and shown on \
            the test window beside it, so overfitting shows. Rows are sorted by --rank, best first, ties in grid order.

            With --queue (or MOONDESK_QUEUE) the sweep is written as jobs with its scripts and data by content \
            hash, and `host worker --queue ...` on any machine runs them (docs/SCALE.md); --wait shows the \
            progress and prints the same table a local run does.

            Exit codes: 0 every backtest ran, 1 some backtest failed or did not run (its row says so; the rest is \
            kept) or the queue could not be reached, 2 bad input (agent, keys, values, windows, options), 130 \
            interrupted (a local sweep prints what finished; a queued sweep goes on).
            """
    )

    @Argument(help: "The agent script, e.g. agents/examples/sma_cross.lua.")
    var agent: String?

    @OptionGroup var journaling: JournalOptions

    @Option(name: .customLong("set"), help: "KEY=V1,V2,...: a config key and the values to try (repeat for more keys).")
    var sets: [String] = []

    @Option(help: "The trading pairs, comma-separated.")
    var symbols: String = "BTC/USDT"

    @Option(help: "Train window FROM..TO (dates or UTC times): rows are ranked on it.")
    var train: String?

    @Option(help: "Test window FROM..TO: shown beside the train window.")
    var test: String?

    @Option(help: "The statistic rows are ranked by: sharpe, sortino, calmar, return, drawdown, win_rate, profit_factor, sqn, ... or a label as host backtest prints it.")
    var rank: String = "sharpe"

    @Option(help: "Backtests side by side on this machine (default: one per core).")
    var jobs: Int?

    @OptionGroup var market: BacktestOptions

    @Option(help: "The PostgreSQL queue, postgres://USER:PASSWORD@HOST:PORT/DATABASE (default: MOONDESK_QUEUE).")
    var queue: String?

    @Flag(help: "Run here even when MOONDESK_QUEUE is set.")
    var local = false

    @Flag(help: "With --queue: wait for the workers, show the progress, print the table.")
    var wait = false

    @Flag(help: "With --queue: the progress of this sweep (or --sweep ID, or every sweep).")
    var status = false

    @Flag(help: "With --queue: cancel this sweep (or --sweep ID); completed results are kept.")
    var cancel = false

    @Option(help: "With --queue: the sweep's number, as --status lists it.")
    var sweep: Int?

    @Option(name: .customLong("max-attempts"), help: "With --queue: attempts before a job is parked with its error.")
    var maxAttempts: Int = 3

    @Flag(help: "Print one JSON object (docs/SWEEP.md) instead of text.")
    var json = false

    @Flag(name: .shortAndLong, help: "No progress on stderr.")
    var quiet = false

    func validate() throws {
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be 1 or more") }
        if local && queue != nil { throw ValidationError("--local and --queue exclude each other") }
        guard (1...100).contains(maxAttempts) else { throw ValidationError("--max-attempts must be between 1 and 100") }
        guard (train == nil) == (test == nil) else { throw ValidationError("--train and --test go together") }
        if train != nil, market.from != nil || market.to != nil { throw ValidationError("--from/--to and --train/--test exclude each other: the windows are the ranges") }
        if status && cancel { throw ValidationError("--status and --cancel exclude each other") }
        if (wait || status || cancel || sweep != nil) && queueText == nil {
            throw ValidationError("--wait, --status, --cancel and --sweep need --queue postgres://... (or MOONDESK_QUEUE)")
        }
        if agent == nil && !(status || (cancel && sweep != nil) || (wait && sweep != nil)) {
            throw ValidationError("give the agent script (e.g. agents/examples/sma_cross.lua)")
        }
        if agent != nil && sets.isEmpty { throw ValidationError("nothing to sweep: give at least one --set KEY=V1,V2,...") }
    }

    var queueText: String? { local ? nil : queue ?? ProcessInfo.processInfo.environment["MOONDESK_QUEUE"].flatMap { $0.isEmpty ? nil : $0 } }

    func definition() throws -> SweepDefinition {
        var base = SweepBase(agentPath: agent!)
        base.profile = market.profile
        base.dataPath = market.data
        base.newsPath = market.news
        base.every = market.every
        base.capital = market.capital
        base.feeBps = market.feeBps
        base.slippageBps = market.slippageBps
        base.allowShort = market.allowShort
        let windows: [SweepWindow]
        if let train, let test {
            windows = [try SweepWindow.parse(train, role: .train), try SweepWindow.parse(test, role: .test)]
        } else {
            let (f, t) = try market.range()
            if let f, let t, f >= t { throw MoondeskError(.badInput, "--from \(market.from!) is not before --to \(market.to!)") }
            let text = market.from == nil && market.to == nil ? "" : "\(market.from ?? "")..\(market.to ?? "")"
            windows = [SweepWindow(role: .all, from: f, to: t, text: text)]
        }
        let symbolList = symbols.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        return SweepDefinition(base: base, parameters: try sets.map(SweepParameter.parse), symbols: symbolList,
                               windows: windows, rank: try SweepRank.parse(rank))
    }

    func run() async throws {
        try await reportingErrors(json: json) {
            HostLogging.bootstrap(Verbosity(quiet: true, verbose: false))
            if let text = queueText {
                try await queued(try QueueAddress.parse(text))
            } else {
                try await runLocally()
            }
        }
    }

    // MARK: Locally

    func runLocally() async throws {
        let definition = try definition()
        let files = MarketFiles(sharesIndicators: true)
        try definition.check(files: files)
        let all = definition.jobs
        let bar = BacktestProgress(enabled: !quiet && !json && isatty(2) != 0)
        // A local sweep is a journal entry: its bars are recorded, reused by later sweeps and backtests, resumable.
        var start = RunStart(command: "sweep", arguments: RunJournal.arguments, agent: definition.base.agentPath,
                             symbol: symbols)
        start.profile = definition.base.profile
        let journal = try RunJournal.begin(journaling, project: ProjectPaths.containing(definition.base.agentPath), start: start) {
            Diagnostics.warning($0)
        }
        journal?.recorder.files(RunJournal.startFiles(agents: [definition.base.agentPath], data: market.data, news: market.news))
        let runner = SweepRunner(jobs: jobs ?? ProcessInfo.processInfo.activeProcessorCount, files: files,
                                 memory: journal?.recorder)
        let interrupted = InterruptFlag()
        let work = Task { await runner.run(all) { done, total in bar.show(done, of: total, label: "sweep") } }
        let signals = interrupted.install(saying: "interrupted: printing the backtests that finished") { work.cancel() }
        let outcomes = await work.value
        signals.cancel()
        bar.finish()
        let table = SweepTable(definition, outcomes: outcomes)
        if let journal {
            let status = Self.status(table, interrupted: interrupted.signal)
            var end = RunEnd(status: interrupted.signal != nil ? "interrupted" : status == 0 ? "completed" : "failed", exitCode: status)
            end.outputText = table.text
            end.outputJSON = table.json(exitCode: status, queue: .nil).jsonText()
            journal.finishBars(end, what: "sweep", quiet: quiet || json)
        }
        try finish(table, interrupted: interrupted.signal)
    }

    /// The exit status of a table: 130-style when interrupted, 1 when a backtest failed or did not run, else 0.
    static func status(_ table: SweepTable, interrupted: Int32?) -> Int32 {
        let incomplete = !table.failures.isEmpty || table.rows.contains { $0.outcomes.count < table.definition.windows.count }
        return interrupted.map { ExitStatus.interrupted(bySignal: $0) } ?? (incomplete ? ExitStatus.noDecision.rawValue : 0)
    }

    /// Prints the table (or JSON) and exits with its status.
    func finish(_ table: SweepTable, interrupted: Int32? = nil, queueInfo: LuaValue = .nil) throws {
        let status = Self.status(table, interrupted: interrupted)
        if json {
            JSONOutput.emit(table.json(exitCode: status, queue: queueInfo), schema: "sweep")
        } else {
            Output.out(table.text)
        }
        if status != 0 { throw ExitCode(status) }
    }

    // MARK: Through the queue

    func queued(_ address: QueueAddress) async throws {
        let queue = JobQueue(QueueLink(address))
        defer { Task { await queue.link.close() } }
        if status, agent == nil, sweep == nil {
            let all = try await queue.sweeps()
            if json {
                JSONOutput.emit(["command": "sweep", "exit_code": 0, "queue": ["address": .string(address.display), "sweeps": .array(all.map(progressValue))]], schema: "sweep")
            } else {
                Output.out(all.isEmpty ? "No sweeps in \(address.display)\n" : all.map(progressLine).joined(separator: "\n") + "\n")
            }
            return
        }
        var id = sweep
        var given: SweepDefinition?
        if agent != nil {
            let d = try definition()
            given = d
            if id == nil, status || cancel {
                let files = try SweepFiles.collect(d)
                id = try await queue.find(d, files: files, version: DeskBasics.version)
                guard id != nil else { throw MoondeskError(.badInput, "this sweep is not in \(address.display) (host sweep --queue URL --status lists the sweeps there)") }
            }
        }
        if cancel, let id {
            let n = try await queue.cancel(id)
            if json {
                JSONOutput.emit(["command": "sweep", "exit_code": 0, "queue": ["address": .string(address.display), "sweep": .integer(Int64(id)), "cancelled_jobs": .integer(Int64(n))]], schema: "sweep")
            } else {
                Output.line("sweep \(id): cancelled \(n) job\(n == 1 ? "" : "s") not yet done; completed results are kept")
            }
            return
        }
        if status, let id {
            let p = try await queue.progress(id)
            if json {
                JSONOutput.emit(["command": "sweep", "exit_code": 0, "queue": ["address": .string(address.display), "sweeps": [progressValue(p)]]], schema: "sweep")
            } else {
                Output.line(progressLine(p))
            }
            return
        }
        if id == nil, let d = given {
            try d.check(files: MarketFiles(sharesIndicators: true))
            let files = try SweepFiles.collect(d)
            let e = try await queue.enqueue(d, files: files, version: DeskBasics.version, maxAttempts: maxAttempts)
            id = e.sweep
            let said = e.created
                ? "sweep \(e.sweep): \(e.jobs) backtests queued in \(address.display) (\(e.filesStored) new file\(e.filesStored == 1 ? "" : "s") stored of \(files.hashes.count)); run workers: host worker --queue URL"
                : "sweep \(e.sweep): already queued (the same sweep, scripts and data); \(wait ? "waiting for it" : "see --status")"
            if wait || !json { Diagnostics.error(said) }
            if !wait {
                if json {
                    JSONOutput.emit(["command": "sweep", "exit_code": 0, "queue": ["address": .string(address.display), "sweep": .integer(Int64(e.sweep)), "jobs": .integer(Int64(e.jobs)), "created": .boolean(e.created)]], schema: "sweep")
                }
                return
            }
        }
        guard let id else { return }
        try await waitFor(id, queue: queue, address: address)
    }

    /// Polls until no job is queued or running, showing the progress on stderr, then prints the table.
    func waitFor(_ id: Int, queue: JobQueue, address: QueueAddress) async throws {
        let tty = !quiet && !json && isatty(2) != 0
        var lastLine = ""
        var lastPrinted = ContinuousClock.now - .seconds(60)
        var lost = false
        let interrupted = InterruptFlag()
        let me = Task<Void, any Error> {
            while true {
                try Task.checkCancellation()
                do {
                    let p = try await queue.progress(id)
                    if lost { Diagnostics.error("the queue is back"); lost = false }
                    let line = progressLine(p)
                    if tty {
                        Output.errorRaw("\r\(line)\u{1B}[K")
                    } else if !quiet, line != lastLine, ContinuousClock.now - lastPrinted > .seconds(5) || p.finished {
                        Diagnostics.error(line)
                        lastPrinted = ContinuousClock.now
                    }
                    lastLine = line
                    if p.finished || p.isCancelled { break }
                } catch let error as QueueError where error.transient {
                    if !lost { Diagnostics.error("\(error.description): waiting for it to come back"); lost = true }
                }
                try await Task.sleep(for: .milliseconds(300))
            }
        }
        let signals = interrupted.install(saying: "interrupted: the sweep goes on in the queue (host sweep --queue URL --status)") { me.cancel() }
        let result = await me.result
        signals.cancel()
        if tty { Output.errorRaw("\r\u{1B}[K") }
        if let signal = interrupted.signal { throw ExitCode(ExitStatus.interrupted(bySignal: signal)) }
        try result.get()
        let (definition, outcomes) = try await queue.outcomes(id)
        let p = try await queue.progress(id)
        try finish(SweepTable(definition, outcomes: outcomes), queueInfo: ["address": .string(address.display), "sweeps": [progressValue(p)]])
    }

    func progressLine(_ p: JobQueue.Progress) -> String {
        var parts = ["sweep \(p.sweep): \(p.done)/\(p.jobs) done", "\(p.running) running", "\(p.queued) queued"]
        if p.parked > 0 { parts.append("\(p.parked) parked") }
        if p.cancelled > 0 || p.isCancelled { parts.append("\(p.cancelled) cancelled") }
        if p.version != DeskBasics.version { parts.append("Moondesk \(p.version)") }
        let workers = p.workers.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }
        return parts.joined(separator: ", ") + (workers.isEmpty ? "" : "; by worker: " + workers.joined(separator: ", "))
    }

    func progressValue(_ p: JobQueue.Progress) -> LuaValue {
        ["sweep": .integer(Int64(p.sweep)), "moondesk_version": .string(p.version), "jobs": .integer(Int64(p.jobs)),
         "queued": .integer(Int64(p.queued)), "running": .integer(Int64(p.running)), "done": .integer(Int64(p.done)),
         "parked": .integer(Int64(p.parked)), "cancelled": .integer(Int64(p.cancelled)), "is_cancelled": .boolean(p.isCancelled),
         "workers": .table(p.workers.mapValues { .integer(Int64($0)) })]
    }
}
