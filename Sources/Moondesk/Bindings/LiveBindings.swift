import Foundation
import LiveData
import LuaHost
import MarketData

/// `desk.live.*` (only in `--live` runs): async host functions, so a handler's coroutine is suspended while
/// the request runs and a task timeout cancels it. A provider failure raises a Lua error naming the provider;
/// the task fails (and is retried), the run goes on.
enum LiveBindings {
    static func install(in state: LuaState, live: LiveSources) throws {
        try state.define("live.fear_greed", .function(HostFunction(async: "desk.live.fear_greed") { args in
            let readings = try await live.providers.fearGreed.readings(limit: args.arg(0).intValue ?? 30)
            return [.array(readings.map {
                ["time": .integer($0.time), "value": .integer(Int64($0.value)), "classification": .string($0.classification)]
            })]
        }))
        try state.define("live.chart", .function(HostFunction(async: "desk.live.chart") { args in
            [series(try await live.providers.charts.chart(try args.string(0), timespan: args.arg(1).stringValue ?? "1year"),
                    name: try args.string(0))]
        }))
        try state.define("live.fred", .function(HostFunction(async: "desk.live.fred") { args in
            [series(try await live.providers.fred.observations(try args.string(0)), name: try args.string(0))]
        }))
        try state.define("live.news", .function(HostFunction(async: "desk.live.news") { args in
            let urls = (args.arg(0).arrayValue ?? []).compactMap(\.stringValue)
            return [.array(try await live.providers.feeds.items(from: urls).map(SentimentBindings.newsTable))]
        }))
    }

    /// A provider's series as `{source, name, time, values, count}` (time and values are series views).
    static func series(_ s: LabelledSeries, name: String) -> LuaValue {
        let values = s.columnNames.first.flatMap { s.columns[$0] } ?? []
        return ["source": .string(s.source), "name": .string(name), "label": .string(s.label),
                "time": .object(SeriesView(s.time.map(Double.init))), "values": .object(SeriesView(values)),
                "count": .integer(Int64(values.count))]
    }
}
