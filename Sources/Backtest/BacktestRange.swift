import Foundation
import Moondesk

/// Which bars a backtest covers and where it decides: the bars of `--from`..`--to` (the whole file by default);
/// decisions from the first bar after the agent's warm-up (history before `--from` counts), every `every` bars.
public struct BacktestRange: Sendable, Equatable {
    /// Indices into the candle file: the first and last bar of the backtest, the first decision bar.
    public var first: Int
    public var last: Int
    public var firstDecision: Int
    public var warmup: Int
    public var every: Int

    /// The decision bars, ascending.
    public var decisionBars: [Int] { Array(stride(from: firstDecision, through: last, by: every)) }

    public init(time: [Int64], interval: Int64, from: Int64?, to: Int64?, warmup: Int, every: Int, source: String) throws {
        func day(_ t: Int64) -> String { PointInTime.describe(instant: t) }
        /// An instant something starts at: `2019-06-01` for a day's start.
        func start(_ t: Int64) -> String {
            t % PointInTime.day == 0 ? String(MarketContext.isoDate(t).prefix(10)) : PointInTime.describe(instant: t)
        }
        guard every >= 1 else { throw MoondeskError(.badInput, "--every \(every): must be 1 or more bars") }
        guard let firstTime = time.first, let lastTime = time.last else {
            throw MoondeskError(.badInput, "\(source): no bars")
        }
        if let from, let to, from >= to {
            throw MoondeskError(.badInput, "--from \(start(from)) is not before --to \(day(to))")
        }
        let step = max(interval, 1)
        let first = from.map { f in time.firstIndex(where: { $0 >= f }) ?? time.count } ?? 0
        let last = to.map { t in (time.lastIndex(where: { $0 + step <= t }) ?? -1) } ?? time.count - 1
        guard first <= last, first < time.count, last >= 0 else {
            throw MoondeskError(.badInput, "no bars of \(source) from \(from.map(start) ?? "its start") to \(to.map(day) ?? "its end") (its bars open from \(start(firstTime)) and close by \(day(lastTime + step)))")
        }
        let firstDecision = max(first, warmup)
        guard firstDecision < last else {
            throw MoondeskError(.badInput, "too little data for the agent's warm-up: it needs \(warmup) bars before its first decision and a bar after it to trade, and \(source) has \(last + 1) bars up to \(day(time[last] + step)); lower `warmup` in the agent, or pass an earlier --from or later --to")
        }
        self.first = first
        self.last = last
        self.firstDecision = firstDecision
        self.warmup = warmup
        self.every = every
    }

    /// `--from`/`--to` text: a date is its day's start for `--from` and its end for `--to`; times as `--as-of`.
    public static func instant(_ text: String, end: Bool, flag: String) throws -> Int64 {
        do {
            let t = try PointInTime.parseAsOf(text)
            let dateOnly = text.trimmingCharacters(in: .whitespaces).count == 10
            return dateOnly && !end ? t - PointInTime.day : t
        } catch let error as MoondeskError {
            throw MoondeskError(.badInput, error.description.replacingOccurrences(of: "--as-of", with: flag))
        }
    }
}
