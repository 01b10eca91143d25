import ArgumentParser
import Backtest
import Foundation
import Journal
import LuaHost
import Moondesk
import Report

/// `host backtest AGENT.lua [more agents]`: the agent's whole decision graph at every bar, as of each bar's close.
struct BacktestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backtest",
        abstract: "Walk forward: decide at every bar as of its close, trade the decisions, print backtesting.py's statistics.",
        discussion: """
            Examples:
              host backtest agents/balanced.lua
              host backtest agents/balanced.lua --from 2018-01-01 --to 2018-12-31
              host backtest agents/balanced.lua --fee-bps 10 --slippage-bps 5 --json
              host backtest agents/balanced.lua agents/aggressive.lua   (side by side)
              host backtest agents/examples/sma_cross.lua --allow-short
              host backtest agents/balanced.lua --trades t.csv --equity e.csv

            At each decision bar the agent decides with only the data known at the bar's close. BUY goes long its \
            position_size of equity, SELL goes flat (short with --allow-short), HOLD keeps the position; orders fill \
            at the next bar's open; stops and targets are checked on each later bar's low and high (docs/BACKTEST.md). \
            Decisions start after the warm-up the agent declares (`warmup = N` in desk.agent{...}, else 200 bars). \
            A bar whose graph fails is recorded as failed and the position kept; Ctrl-C prints the partial result.

            Exit codes: 0 the backtest ran (failed bars are counted, not fatal), 1 an error while running, 2 bad \
            input (agent, data, range, options), 3 stopped by --fail-fast, 130 interrupted (the partial result is printed).
            """
    )

    @Argument(help: "The agent scripts, e.g. agents/balanced.lua (several: compared over the same bars).")
    var agents: [String]

    @Option(help: "The trading pair.")
    var symbol: String = "BTC/USDT"

    @OptionGroup var market: BacktestOptions

    @Option(help: "Sessions deciding side by side (default: one per core).")
    var jobs: Int?

    @Flag(name: .customLong("fail-fast"), help: "Stop at the first bar whose decision fails (exit 3).")
    var failFast = false

    @Option(help: "Write the closed trades (and the open position) as CSV.")
    var trades: String?

    @Option(help: "Write the equity curve, buy-and-hold and drawdown at every bar as CSV.")
    var equity: String?

    @Option(help: "Write an HTML report (equity, drawdown, trades on the price, metrics, decisions; docs/REPORT.md).")
    var report: String?

    @Flag(help: "Print one JSON object (docs/BACKTEST.md) instead of text.")
    var json = false

    @Flag(name: .shortAndLong, help: "No progress on stderr.")
    var quiet = false

    @OptionGroup var journaling: JournalOptions

    func validate() throws {
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be 1 or more") }
    }

    func spec(agent: String) throws -> BacktestSpec {
        var spec = BacktestSpec(agentPath: agent)
        spec.symbol = symbol
        spec.profile = market.profile
        spec.dataPath = market.data
        spec.newsPath = market.news
        (spec.from, spec.to) = try market.range()
        spec.every = market.every
        spec.capital = market.capital
        spec.costs = market.costs
        spec.allowShort = market.allowShort
        if let jobs { spec.jobs = jobs }
        spec.failFast = failFast
        return spec
    }

    func run() async throws {
        try await reportingErrors(json: json) {
            HostLogging.bootstrap(Verbosity(quiet: true, verbose: false))
            var warnings: [String] = []
            let project = ProjectPaths.containing(agents[0])
            var start = RunStart(command: "backtest", arguments: RunJournal.arguments, agent: agents.joined(separator: " "), symbol: symbol)
            start.profile = market.profile
            let journal = try RunJournal.begin(journaling, project: project, start: start) {
                Diagnostics.warning($0)
                warnings.append($0)
            }
            journal?.recorder.files(RunJournal.startFiles(agents: agents, data: market.data, news: market.news))
            let specs = try agents.map { agent in
                var spec = try spec(agent: agent)
                spec.memory = journal?.recorder
                return spec
            }
            let files = MarketFiles(sharesIndicators: true)
            let interrupted = InterruptFlag()
            let bar = BacktestProgress(enabled: !quiet && !json && isatty(2) != 0)
            let work = Task { () throws -> [BacktestResult] in
                var results: [BacktestResult] = []
                for (n, spec) in specs.enumerated() {
                    let label = specs.count > 1 ? "\(n + 1)/\(specs.count) \(URL(fileURLWithPath: spec.agentPath).lastPathComponent)" : ""
                    let result = try await Backtest.run(spec, files: files) { done, total in bar.show(done, of: total, label: label) }
                    bar.finish()
                    results.append(result)
                    if result.stop != nil { break }
                }
                return results
            }
            let signals = interrupted.install(saying: "interrupted: printing the partial backtest") { work.cancel() }
            let outcome = await work.result
            signals.cancel()
            let results = try outcome.get()
            let status: ExitStatus = switch results.last?.stop {
            case nil: .decided
            case .interrupted: .interrupted
            case .failed: .degraded
            case .badInput: .badInput
            }
            let document = BacktestJSON.document(results, exitCode: status.rawValue)
            let text = BacktestSummary.text(results)
            if let journal {
                var end = RunEnd(status: status == .interrupted ? "interrupted" : status == .badInput ? "failed" : "completed",
                                 exitCode: status.rawValue)
                end.outputText = text
                end.outputJSON = document.jsonText()
                end.warnings = warnings
                journal.finishBars(end, what: "backtest", quiet: quiet || json)
            }
            if json {
                JSONOutput.emit(document, schema: "backtest")
            } else {
                Output.out(text)
            }
            // The files after the result is printed: one that cannot be written loses nothing else.
            var unwritten: [String] = []
            func save(_ path: String?, _ make: () throws -> String) {
                guard let path else { return }
                do {
                    try make().write(toFile: path, atomically: true, encoding: .utf8)
                } catch {
                    unwritten.append("\(path): cannot write (\(error.localizedDescription))")
                }
            }
            if let last = results.last {
                save(trades) { BacktestCSV.trades(last) }
                save(equity) { BacktestCSV.equity(last) }
            }
            if let first = results.first {
                save(report) { try BacktestHTML.html(BacktestReportInput(first, others: Array(results.dropFirst()))) }
            }
            for line in unwritten { Diagnostics.error(line) }
            if !unwritten.isEmpty { throw ExitCode(1) }
            if case .badInput(let message) = results.last?.stop { Diagnostics.error(Palette.stderr.error(message)) }
            if let signal = interrupted.signal { throw ExitCode(ExitStatus.interrupted(bySignal: signal)) }
            if status != .decided { throw ExitCode(status.rawValue) }
        }
    }

}

/// A progress bar with the ETA on stderr (a terminal only), redrawn at most ten times a second.
final class BacktestProgress: @unchecked Sendable {
    private let enabled: Bool
    private let lock = NSLock()
    private var started = ContinuousClock.now
    private var lastDraw = ContinuousClock.now - .seconds(1)
    private var drawn = false

    init(enabled: Bool) { self.enabled = enabled }

    func show(_ done: Int, of total: Int, label: String) {
        guard enabled else { return }
        lock.withLock {
            let now = ContinuousClock.now
            if !drawn { started = now }
            guard done == total || now - lastDraw >= .milliseconds(100) else { return }
            lastDraw = now
            drawn = true
            let fraction = total > 0 ? Double(done) / Double(total) : 1
            let width = 30, filled = Int(fraction * Double(width))
            let elapsed = Double((now - started).components.seconds) + Double((now - started).components.attoseconds) * 1e-18
            let eta = done > 0 ? elapsed / Double(done) * Double(total - done) : 0
            let line = "\r\(label.isEmpty ? "" : label + " ")[\(String(repeating: "#", count: filled))\(String(repeating: ".", count: width - filled))] \(done)/\(total) bars \(Int(fraction * 100))%  ETA \(Int(eta.rounded()))s \u{1B}[K"
            Output.errorRaw(line)
        }
    }

    func finish() {
        guard enabled else { return }
        lock.withLock {
            if drawn { Output.errorRaw("\r\u{1B}[K") }
            drawn = false
        }
    }
}
