import Foundation
import LuaHost
import MarketData

/// A candle series seen from Lua without copying: `c.close`, `c.open`, ... are series views, `c.time` the bar
/// times (UTC epoch seconds), `#c` the bar count, `c.source` the file, `c.report` what loading found,
/// `c:slice(a, b)` and `c:up_to(epoch)` views of fewer bars.
public final class CandleView: LuaObject, @unchecked Sendable {
    public let slice: CandleSlice
    /// The whole file's columns, when `slice` starts at its first bar (a cut series and its prefixes).
    let origin: CandleOrigin?

    public init(_ slice: CandleSlice) { self.slice = slice; origin = nil }
    public convenience init(_ series: CandleSeries) { self.init(series.slice(0..<series.count)) }

    init(_ slice: CandleSlice, origin: CandleOrigin?) {
        self.slice = slice
        self.origin = slice.indices.lowerBound == 0 ? origin : nil
    }

    public override var luaTypeName: String { "candles" }
    public override var length: Int? { slice.count }
    public override var luaDescription: String { "candles(\(slice.count) bars of \(slice.series.source))" }

    public override func index(_ key: LuaValue) throws -> LuaValue {
        guard let name = key.stringValue else { return .nil }
        switch name {
        case "open": return .object(SeriesView(slice.open, origin: origin?.open))
        case "high": return .object(SeriesView(slice.high, origin: origin?.high))
        case "low": return .object(SeriesView(slice.low, origin: origin?.low))
        case "close": return .object(SeriesView(slice.close, origin: origin?.close))
        case "volume": return .object(SeriesView(slice.volume, origin: origin?.volume))
        case "time": return .object(SeriesView(slice.time.map(Double.init)))
        case "source": return .string(slice.series.source)
        case "first_time": return slice.time.first.map { .integer($0) } ?? .nil
        case "last_time": return slice.time.last.map { .integer($0) } ?? .nil
        case "report": return Self.report(slice.series.report)
        case "interval": return .integer(slice.series.report.intervalSeconds)
        case "bars_per_year": return .number(PointInTime.barsPerYear(barSeconds: slice.series.report.intervalSeconds))
        case "slice":
            return .function(HostFunction("candles:slice") { args in
                let view = try CandleView.receiver(args, "slice")
                let n = view.slice.count
                let a = max(1, args.arg(1).intValue ?? 1), b = min(n, args.arg(2).intValue ?? n)
                let start = view.slice.indices.lowerBound
                let range = a <= b ? (start + a - 1)..<(start + b) : start..<start
                return [.object(CandleView(view.slice.series.slice(range), origin: view.origin))]
            })
        case "up_to":
            return .function(HostFunction("candles:up_to") { args in
                let view = try CandleView.receiver(args, "up_to")
                let epoch = try CheckedNumber.epoch(try CheckedNumber.finite(args.arg(1), "c:up_to: argument 1 (epoch)"), "c:up_to: argument 1 (epoch)")
                let end = min(view.slice.indices.upperBound, (view.slice.series.lastIndex(atOrBefore: epoch) ?? -1) + 1)
                let start = view.slice.indices.lowerBound
                return [.object(CandleView(view.slice.series.slice(start..<max(start, end)), origin: view.origin))]
            })
        default: return .nil
        }
    }

    static func receiver(_ args: [LuaValue], _ method: String) throws -> CandleView {
        guard let view = candles(args.arg(0)) else { throw ArgumentError("call it as c:\(method)(...) on candles") }
        return view
    }

    static func candles(_ value: LuaValue) -> CandleView? {
        if case .object(let o) = value { return o as? CandleView }
        return nil
    }

    /// The loader's report as a Lua table.
    static func report(_ r: LoadReport) -> LuaValue {
        if let cut = r.cutAt {
            return [
                "layout": .string(r.layout.rawValue), "rows_read": .integer(Int64(r.rowsRead)),
                "reordered": .boolean(r.wasReordered), "interval_seconds": .integer(r.intervalSeconds),
                "cut_at": .integer(cut),
                "gaps": .array(r.gaps.map {
                    ["start": .integer($0.start), "end": .integer($0.end), "missing_bars": .integer(Int64($0.missingBars))]
                }),
            ]
        }
        return [
            "layout": .string(r.layout.rawValue),
            "rows_read": .integer(Int64(r.rowsRead)),
            "duplicates": .integer(Int64(r.duplicates)),
            "dropped": .integer(Int64(r.droppedCount)),
            "dropped_rows": .array(r.droppedRows.map { ["line": .integer(Int64($0.line)), "reason": .string($0.reason)] }),
            "reordered": .boolean(r.wasReordered),
            "interval_seconds": .integer(r.intervalSeconds),
            "gaps": .array(r.gaps.map {
                ["start": .integer($0.start), "end": .integer($0.end), "missing_bars": .integer(Int64($0.missingBars))]
            }),
        ]
    }
}
