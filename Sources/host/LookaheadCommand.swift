import ArgumentParser
import Foundation
import LuaHost
import Moondesk

/// `host lookahead AGENT.lua`: does the agent's decision depend on data after its as-of?
struct LookaheadCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lookahead",
        abstract: "Check that an agent's decisions use no data after their as-of date.",
        usage: "host lookahead <agent> [<options>]",
        discussion: """
            Runs the agent at N as-of dates spread over the data, twice each: once on the data as it is, once on \
            copies of every data file the first run read, cut at that date (in a temporary folder). Any field of \
            the --json decision that differs is reported: the decision depended on data after its as-of.

            Examples:
              host lookahead agents/balanced.lua
              host lookahead agents/aggressive.lua --dates 8 --data FILE.csv

            \(ExitStatus.helpTable)
            For lookahead, 1 means a difference was found (or a run failed).
            """
    )

    @Argument(help: "The agent script, e.g. agents/balanced.lua.")
    var agent: String

    @Option(help: "How many as-of dates to check.")
    var dates: Int = 4

    @Option(help: "A candle CSV to use instead of the bundled series.")
    var data: String?

    @Option(help: "News texts as JSON lines (time, title, body, source).")
    var news: String?

    @Option(help: "The trading pair to decide on.")
    var symbol: String = "BTC/USDT"

    @Option(name: .customLong("as-of"), parsing: .upToNextOption, help: "Check these as-of dates instead of spreading --dates over the data.")
    var asOf: [String] = []

    @Flag(help: "Print one JSON object instead of text.")
    var json = false

    func run() async throws {
        try await reportingErrors(json: json) {
            guard dates >= 1 else { throw MoondeskError(.badInput, "--dates \(dates): expected at least 1", category: "arguments") }
            HostLogging.bootstrap(Verbosity(quiet: true, verbose: false))
            var options = SessionOptions(agentPath: agent)
            options.plan.symbol = symbol
            options.dataPath = data
            options.newsPath = news
            let instants = asOf.isEmpty ? try Lookahead.dates(dates, options: options) : try asOf.map(PointInTime.parseAsOf)
            let quietJSON = json
            let report = try await Lookahead.check(options: options, dates: instants) { line in
                if !quietJSON { Output.error("  " + line) }
            }
            if json {
                let value: LuaValue = [
                    "agent": .string(agent), "ok": .boolean(report.differences.isEmpty),
                    "dates": .array(report.dates.map { .string(MarketContext.isoDate($0)) }),
                    "differences": .array(report.differences.map {
                        ["as_of": .string(MarketContext.isoDate($0.asOf)), "field": .string($0.field),
                         "full": .string($0.full), "cut": .string($0.cut)]
                    }),
                ]
                JSONOutput.emit(value, schema: "lookahead")
            } else if report.differences.isEmpty {
                Output.line("\(agent): no look-ahead: the same decision at \(report.dates.count) as-of date\(report.dates.count == 1 ? "" : "s") with the data cut there")
            } else {
                let n = report.differences.count
                Output.line("\(agent): LOOK-AHEAD: \(n) field\(n == 1 ? " of the decision changes" : "s of the decision change") when the data is cut at the as-of")
                for d in report.differences {
                    Output.line("  \(PointInTime.describe(instant: d.asOf))  \(d.field): \(d.full) (all data) vs \(d.cut) (cut)")
                }
            }
            if !report.differences.isEmpty { throw ExitCode(1) }
        }
    }
}
