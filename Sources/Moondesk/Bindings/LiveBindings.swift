import Foundation
import LiveData
import LuaHost
import MarketData

/// `desk.live.*` (only in `--live` runs): async host functions, so a handler's coroutine is suspended while
/// the request runs and a task timeout cancels it. A provider failure raises a Lua error naming the provider;
/// the task fails (and is retried), the run goes on.
///
/// Point in time: every response is filtered to the run's as-of before a script sees it (a reading or text at
/// its timestamp, a daily chart point or FRED observation at the end of its day). With `--as-of` in the past,
/// alternative.me is asked for its whole history, FRED for the vintage of the as-of day (values as published
/// then, before later revisions); a blockchain.com chart whose timespan does not reach back to the as-of is
/// refused with the reason (its timespans count back from today).
enum LiveBindings {
    static func install(in state: LuaState, live: LiveSources, market: MarketContext, reads: DataReads) throws {
        let cutoff = market.clock.cutoff
        let past = market.clock.requested != nil
        try state.define("live.fear_greed", .function(HostFunction(async: "desk.live.fear_greed") { args in
            let limit = args.arg(0).intValue ?? 30
            let all = try await live.providers.fearGreed.readings(limit: past ? 0 : limit)
            let known = all.filter { $0.time <= cutoff }
            if past, known.isEmpty {
                throw ArgumentError("desk.live.fear_greed: alternative.me has no reading at or before the as-of \(MarketContext.isoDate(cutoff)) (its history starts \(all.first.map { MarketContext.isoDate($0.time) } ?? "-"))")
            }
            let readings = Array(known.suffix(max(0, limit == 0 ? known.count : limit)))
            reads.record(file: "live:alternative.me/fng", sha256: digest(readings.map { "\($0.time)=\($0.value)" }),
                         latest: readings.last?.time, interval: PointInTime.day)
            return [.array(readings.map {
                ["time": .integer($0.time), "value": .integer(Int64($0.value)), "classification": .string($0.classification)]
            })]
        }))
        try state.define("live.chart", .function(HostFunction(async: "desk.live.chart") { args in
            let name = try args.string(0), timespan = args.arg(1).stringValue ?? "1year"
            let chart = try await live.providers.charts.chart(name, timespan: timespan)
            let known = daily(chart, cutoff: cutoff)
            if known.time.isEmpty, !chart.time.isEmpty {
                throw ArgumentError("desk.live.chart(\"\(name)\", \"\(timespan)\"): blockchain.com's timespans count back from today and this one starts \(MarketContext.isoDate(chart.time[0])), after the as-of \(MarketContext.isoDate(cutoff)); --live cannot answer for that date with this timespan (try \"all\")")
            }
            reads.record(file: "live:blockchain.com/charts/" + name, sha256: digest(series: known),
                         latest: known.time.last.map { $0 + PointInTime.day }, interval: PointInTime.day)
            return [series(known, name: name)]
        }))
        try state.define("live.fred", .function(HostFunction(async: "desk.live.fred") { args in
            let name = try args.string(0)
            // With a past as-of, the values as published then (FRED revises them later), cut at the as-of.
            let vintage = past ? String(MarketContext.isoDate(cutoff - 1).prefix(10)) : nil
            let known = daily(try await live.providers.fred.observations(name, vintage: vintage), cutoff: cutoff)
            reads.record(file: "live:fred/" + name, sha256: digest(series: known),
                         latest: known.time.last.map { $0 + PointInTime.day }, interval: PointInTime.day)
            return [series(known, name: name)]
        }))
        try state.define("live.news", .function(HostFunction(async: "desk.live.news") { args in
            let urls = (args.arg(0).arrayValue ?? []).compactMap(\.stringValue)
            let items = try await live.providers.feeds.items(from: urls).filter { $0.time <= cutoff }
            for url in urls {
                reads.record(file: "live:" + url, sha256: nil, latest: items.map(\.time).max())
            }
            return [.array(items.map(SentimentBindings.newsTable))]
        }))
    }

    /// The points of a daily series known at `cutoff` (a point stamped with its day is known at the day's end).
    static func daily(_ s: LabelledSeries, cutoff: Int64) -> LabelledSeries { PointInTime.cut(s, at: cutoff) }

    static func digest(_ lines: [String]) -> String { ScriptSet.sha256(Data(lines.joined(separator: "\n").utf8)) }
    static func digest(series s: LabelledSeries) -> String {
        let values = s.columnNames.first.flatMap { s.columns[$0] } ?? []
        return digest(zip(s.time, values).map { "\($0)=\($1)" })
    }

    /// A provider's series as `{source, name, time, values, count}` (time and values are series views).
    static func series(_ s: LabelledSeries, name: String) -> LuaValue {
        let values = s.columnNames.first.flatMap { s.columns[$0] } ?? []
        return ["source": .string(s.source), "name": .string(name), "label": .string(s.label),
                "time": .object(SeriesView(s.time.map(Double.init))), "values": .object(SeriesView(values)),
                "count": .integer(Int64(values.count))]
    }
}
