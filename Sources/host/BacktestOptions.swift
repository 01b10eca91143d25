import ArgumentParser
import Backtest
import Foundation

/// What `backtest` and `sweep` share: the profile, the data, the bars, the money and the fill costs.
struct BacktestOptions: ParsableArguments {
    @Option(help: "Risk profile (default: each agent's own).")
    var profile: String?

    @Option(help: "A candle CSV to use instead of the bundled series.")
    var data: String?

    @Option(help: "News texts as JSON lines (time, title, body, source).")
    var news: String?

    @Option(help: "First bar: YYYY-MM-DD (that day's start) or a UTC time (default: the data's first bar).")
    var from: String?

    @Option(help: "Last bar: the last one closed by YYYY-MM-DD's end or the time given (default: the data's last bar).")
    var to: String?

    @Option(help: "Decide at every N-th bar.")
    var every: Int = 1

    @Option(help: "Starting equity, USD.")
    var capital: Double = 10_000

    @Option(name: .customLong("fee-bps"), help: "Fee on the traded notional, basis points, charged on entry and on exit.")
    var feeBps: Double = 10

    @Option(name: .customLong("slippage-bps"), help: "Slippage against the trader on market fills, basis points.")
    var slippageBps: Double = 0

    @Flag(name: .customLong("allow-short"), help: "SELL goes short position_size of equity instead of flat.")
    var allowShort = false

    func validate() throws {
        guard every >= 1 else { throw ValidationError("--every must be 1 or more bars") }
        guard capital.isFinite, capital > 0 else { throw ValidationError("--capital must be a positive amount") }
        guard feeBps.isFinite, (0..<1000).contains(feeBps) else { throw ValidationError("--fee-bps must be between 0 and 1000") }
        guard slippageBps.isFinite, (0..<1000).contains(slippageBps) else {
            throw ValidationError("--slippage-bps must be between 0 and 1000")
        }
    }

    /// `--from` and `--to` as instants (the start of a `--from` day, the end of a `--to` day).
    func range() throws -> (from: Int64?, to: Int64?) {
        (try from.map { try BacktestRange.instant($0, end: false, flag: "--from") },
         try to.map { try BacktestRange.instant($0, end: true, flag: "--to") })
    }

    var costs: Costs { Costs(fee: feeBps / 10_000, slippage: slippageBps / 10_000) }
}
