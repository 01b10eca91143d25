import Foundation
import LuaHost
import MarketData
import Orchestrator

/// The point-in-time rules of a run (docs/POINT_IN_TIME.md), in one place:
///
/// - A bar is known once it has closed: open time + interval <= as-of. The interval is the median spacing of the
///   file's bars (`LoadReport.intervalSeconds`).
/// - A daily row of a synthetic sample (stamped with its day) is known at the end of that day (+ 1 day).
/// - A news text or a live reading is known at its timestamp.
/// - `--as-of DATE` is the end of that UTC day, 24:00:00 (= the next day's 00:00:00Z), so the daily bar of DATE
///   counts; a time without zone is UTC. Without `--as-of` the run is as of the close of the run file's last bar.
public enum PointInTime {
    /// Seconds in a day: the span of a synthetic sample's row.
    public static let day: Int64 = 86_400

    /// When a bar opening at `open` closes.
    public static func closes(_ open: Int64, interval: Int64) -> Int64 { open + max(interval, 1) }

    /// The bars of `series` known at `cutoff`, as a new series that holds nothing later (so no view, slice or
    /// report made from it can reach past the cutoff). Its report describes the cut series, not the file: the
    /// interval is the median spacing of the bars opened by the cutoff (`CandleSeries.interval(knownAt:)`), the
    /// gaps are those between the kept bars.
    public static func cut(_ series: CandleSeries, at cutoff: Int64) -> CandleSeries {
        let interval = series.interval(knownAt: cutoff)
        var end = series.lastIndex(atOrBefore: cutoff).map { $0 + 1 } ?? 0
        while end > 0, closes(series.time[end - 1], interval: interval) > cutoff { end -= 1 }
        var report = LoadReport(layout: series.report.layout)
        report.rowsRead = end
        report.cutAt = cutoff
        report.wasReordered = series.report.wasReordered
        report.intervalSeconds = interval
        report.gaps = series.gaps(before: end, interval: interval)
        return CandleSeries(time: Array(series.time[0..<end]), open: Array(series.open[0..<end]),
                            high: Array(series.high[0..<end]), low: Array(series.low[0..<end]),
                            close: Array(series.close[0..<end]), volume: Array(series.volume[0..<end]),
                            report: report, source: series.source)
    }

    /// The rows of a daily labelled sample known at `cutoff` (row day + 1 day <= cutoff).
    public static func cut(_ series: LabelledSeries, at cutoff: Int64) -> LabelledSeries {
        var end = series.time.count
        while end > 0, series.time[end - 1] + day > cutoff { end -= 1 }
        var columns: [String: [Double]] = [:]
        for (name, values) in series.columns { columns[name] = Array(values[0..<end]) }
        return LabelledSeries(source: series.source, label: series.label, columns: columns,
                              columnNames: series.columnNames, time: Array(series.time[0..<end]))
    }

    /// Closes and volumes by UTC day (the day's last close, its summed volume) for bars shorter than a day;
    /// daily and longer bars as they are.
    public static func daily(_ slice: CandleSlice) -> (close: [Double], volume: [Double]) {
        guard slice.series.report.intervalSeconds > 0, slice.series.report.intervalSeconds < day else {
            return (Array(slice.close), Array(slice.volume))
        }
        var close: [Double] = [], volume: [Double] = [], current: Int64?
        for (t, (c, v)) in zip(slice.time, zip(slice.close, slice.volume)) {
            let d = t >= 0 ? t / day : (t - day + 1) / day
            if d == current {
                close[close.count - 1] = c
                volume[volume.count - 1] += v
            } else {
                close.append(c); volume.append(v); current = d
            }
        }
        return (close, volume)
    }

    /// Bars in a year for bars of `seconds`: crypto trades 24/7, so 365 days (8,760 hours, 525,600 minutes).
    public static func barsPerYear(barSeconds seconds: Int64) -> Double {
        seconds > 0 ? Double(365 * day) / Double(seconds) : 365
    }

    /// A bar interval in words: "1 day", "1 hour", "4 hours", "15 minutes", "90 seconds".
    public static func describe(interval seconds: Int64) -> String {
        func unit(_ n: Int64, _ name: String) -> String { "\(n) \(name)\(n == 1 ? "" : "s")" }
        if seconds > 0, seconds % day == 0 { return unit(seconds / day, "day") }
        if seconds > 0, seconds % 3600 == 0 { return unit(seconds / 3600, "hour") }
        if seconds > 0, seconds % 60 == 0 { return unit(seconds / 60, "minute") }
        return unit(seconds, "second")
    }

    /// An instant for people: `2018-12-15 24:00 UTC` for a day's end, `2019-10-17 10:00 UTC` otherwise.
    public static func describe(instant epoch: Int64) -> String {
        if epoch % day == 0 {
            return String(MarketContext.isoDate(epoch - day).prefix(10)) + " 24:00 UTC"
        }
        let iso = MarketContext.isoDate(epoch)
        let time = iso.dropFirst(11).prefix(8)
        return String(iso.prefix(10)) + " " + (time.hasSuffix(":00") ? String(time.prefix(5)) : String(time)) + " UTC"
    }

    /// How many bars older than the as-of the data may end before a run warns that it is stale.
    public static let staleBars: Int64 = 3

    /// Parses `--as-of`: `YYYY-MM-DD` is the end of that UTC day (24:00:00, i.e. the next day's 00:00:00Z);
    /// `YYYY-MM-DDTHH:MM[:SS]` (or with a space) without a zone is UTC; `Z` or `±HH:MM` offsets are honoured.
    /// Dates that do not exist (2018-02-30, 25:00) are refused, not rolled over.
    public static func parseAsOf(_ text: String) throws -> Int64 {
        let bad = { (why: String) in
            MoondeskError(.badInput, "--as-of \(text): \(why) (expected a date like 2019-06-30, 2019-06-30T12:00 or 2019-06-30T12:00:00Z)")
        }
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let chars = Array(trimmed.utf8)
        func number(_ range: Range<Int>) -> Int? {
            guard range.upperBound <= chars.count, range.allSatisfy({ chars[$0] >= 48 && chars[$0] <= 57 }) else { return nil }
            return Int(String(decoding: chars[range], as: UTF8.self))
        }
        guard chars.count >= 10, let year = number(0..<4), chars[4] == 45, let month = number(5..<7), chars[7] == 45,
              let dayOfMonth = number(8..<10) else { throw bad("not a date") }
        guard (1...12).contains(month) else { throw bad("there is no month \(month)") }
        let isLeap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        let monthDays = [31, isLeap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
        guard (1...monthDays).contains(dayOfMonth) else {
            throw bad("\(String(format: "%04d-%02d", year, month)) has \(monthDays) days")
        }
        let dayStart = Self.daysFromCivil(year: year, month: month, day: dayOfMonth) * day
        if chars.count == 10 { return dayStart + day }
        guard chars[10] == 84 || chars[10] == 32, let hour = number(11..<13), chars.count >= 16, chars[13] == 58,
              let minute = number(14..<16) else { throw bad("not a time of day") }
        var index = 16, second = 0
        if index < chars.count, chars[index] == 58 {
            guard let s = number(17..<19) else { throw bad("not a time of day") }
            second = s
            index = 19
        }
        guard hour <= 24, minute <= 59, second <= 59, hour < 24 || (minute == 0 && second == 0) else {
            throw bad("there is no time \(String(format: "%02d:%02d:%02d", hour, minute, second))")
        }
        var offset = 0
        if index < chars.count {
            if chars[index] == 90, index + 1 == chars.count {
                offset = 0
            } else if chars[index] == 43 || chars[index] == 45, let oh = number((index + 1)..<(index + 3)),
                      index + 6 == chars.count, chars[index + 3] == 58, let om = number((index + 4)..<(index + 6)),
                      oh <= 23, om <= 59 {
                offset = (chars[index] == 43 ? 1 : -1) * (oh * 3600 + om * 60)
            } else {
                throw bad("unreadable zone")
            }
        }
        return dayStart + Int64(hour * 3600 + minute * 60 + second - offset)
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return Int64(era * 146_097 + doe - 719_468)
    }
}

/// The as-of of one run: what was asked for, where the data is cut, what the data could answer.
public struct AsOfClock: Sendable, Equatable {
    /// `--as-of` as an instant, or nil (as of the end of the data).
    public let requested: Int64?
    /// Every data source is cut here: the requested as-of, or the close of the run file's last bar.
    public let cutoff: Int64
    /// The close of the last bar of the run's series that counts: the instant the decision's data reaches.
    public let effective: Int64
    /// The run series' bar interval (median spacing), seconds.
    public let barSeconds: Int64
    /// What the run knew when the effective as-of is a bar or more before the requested one (how far back, and
    /// whether the data is stale): in the state's `warnings`, so scripts and the decision see it.
    public let warnings: [String]
    /// Why (a date past the end of the data, a hole in it): found from the whole file, so shown in the run's
    /// output (text and JSON `warnings`) but never handed to scripts.
    public let diagnoses: [String]

    /// The clock of a run without candles (planning only): cut at the requested as-of, or nowhere.
    public init(requested: Int64?) {
        self.requested = requested
        cutoff = requested ?? .max
        effective = requested ?? 0
        barSeconds = PointInTime.day
        warnings = []
        diagnoses = []
    }

    /// The clock for `series` (the run file, uncut) and `requested`.
    public init(series: CandleSeries, requested: Int64?) {
        self.requested = requested
        let fileInterval = max(series.report.intervalSeconds, 1)
        let end = series.time.last.map { PointInTime.closes($0, interval: fileInterval) }
        cutoff = requested ?? end ?? 0
        // The interval as knowable at the cutoff (the bars opened by then), the one the cut uses.
        let interval = max(series.interval(knownAt: cutoff), 1)
        barSeconds = interval
        let known = series.lastIndex(atOrBefore: cutoff - interval)
        effective = known.map { PointInTime.closes(series.time[$0], interval: interval) } ?? cutoff
        var warnings: [String] = [], diagnoses: [String] = []
        if let requested, let known {
            let lag = requested - effective
            let words = PointInTime.describe(instant: requested)
            let decided = PointInTime.describe(instant: effective)
            // What the run knew at the as-of: how far back its last closed bar is. Scripts see this one.
            if lag >= interval {
                let bars = lag / interval
                warnings.append("as-of \(words): the data's last closed bar ends \(decided), \(bars) bar\(bars == 1 ? "" : "s") of \(PointInTime.describe(interval: interval)) earlier: deciding as of \(decided)"
                                + (lag > PointInTime.staleBars * interval ? " (data older than \(PointInTime.staleBars) bars)" : ""))
            }
            // Why, which only the whole file can tell (a hole has bars after it; the end has none): for the
            // run's output only, never for scripts, since it depends on data after the as-of.
            if let end, requested > end {
                diagnoses.append("as-of \(words) is past the end of the data (\(series.source) ends \(PointInTime.describe(instant: end)))")
            } else if lag >= interval, let gap = series.report.gaps.first(where: { $0.start == series.time[known] }) {
                diagnoses.append("as-of \(words) falls in a hole of the data (\(series.source): \(gap.missingBars) bars missing after \(decided))")
            }
        }
        // Rows with a missing value are dropped (exports write them); the run says how many, and where.
        let dropped = series.report.droppedCount
        if dropped > 0, let first = series.report.droppedRows.first {
            diagnoses.append("\(series.source): \(dropped) row\(dropped == 1 ? "" : "s") dropped (\(first.reason)\(dropped > 1 ? ", ..." : ""))")
        }
        self.warnings = warnings
        self.diagnoses = diagnoses
    }
}

/// The point-in-time fields of scripts' ctx, the initial state and the run output (kept here so the files that
/// print them change by one line each).
enum PointInTimeFields {
    /// `ctx.bar_seconds`, `ctx.bars_per_year`, `ctx.bar_interval` ("1 hour"), `ctx.as_of_requested`, `ctx.cutoff`.
    static func ctx(_ market: MarketContext) -> [String: LuaValue] {
        let clock = market.clock
        return [
            "bar_seconds": .integer(clock.barSeconds),
            "bars_per_year": .number(PointInTime.barsPerYear(barSeconds: clock.barSeconds)),
            "bar_interval": .string(PointInTime.describe(interval: clock.barSeconds)),
            "as_of_requested": clock.requested.map { .integer($0) } ?? .nil,
            "cutoff": .integer(clock.cutoff),
        ]
    }

    /// The state a run starts from: its as-of and the clock's warnings.
    static func initialState(_ market: MarketContext) -> [String: LuaValue] {
        ["as_of": .string(MarketContext.isoDate(market.asOf)),
         AgentState.Field.warnings: .array(market.clock.warnings.map { .string($0) })]
    }

    /// The output's warnings: the state's, then the clock's diagnoses (which scripts never see).
    static func warnings(_ state: LuaValue, _ market: MarketContext) -> LuaValue {
        .array((state.arrayValue ?? []) + market.clock.diagnoses.map { .string($0) })
    }

    /// `as_of_requested`, `as_of_effective`, `bar_seconds`, `data_reads` (every read of the run) and `node_reads`
    /// (what each node's last run read) for `--json`.
    static func report(_ market: MarketContext) -> [String: LuaValue] {
        let clock = market.clock
        return [
            "as_of_requested": clock.requested.map { .string(MarketContext.isoDate($0)) } ?? .nil,
            "as_of_effective": .string(MarketContext.isoDate(clock.effective)),
            "bar_seconds": .integer(clock.barSeconds),
            "data_reads": market.runReads.luaValue,
            "node_reads": .table(market.nodeReads.withLock { $0 }.mapValues(\.luaValue)),
        ]
    }

    /// The first line of the text summary's as-of: `as of 2018-12-15 24:00 UTC` and, when it differs, what was asked.
    static func header(_ market: MarketContext) -> String {
        let clock = market.clock
        var text = "as of " + PointInTime.describe(instant: clock.effective)
        if let requested = clock.requested, requested != clock.effective {
            text += " (requested " + PointInTime.describe(instant: requested) + ")"
        }
        return text
    }
}
