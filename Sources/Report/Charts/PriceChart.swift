import Foundation

/// A candle chart with its overlays: indicator lines, horizontal levels, vertical marks, trade markers.
struct PriceChart {
    struct Overlay { var name: String; var cls: String; var values: [Double] }
    struct Level { var name: String; var cls: String; var value: Double }
    struct Mark { var name: String; var cls: String; var time: Int64 }
    struct Marker { var cls: String; var time: Int64; var price: Double; var title: String }

    var id: String
    var title: String
    var bars: [Bar]
    var overlays: [Overlay] = []
    var levels: [Level] = []
    var marks: [Mark] = []
    var markers: [Marker] = []
    var cssHeight = 420
    var zoom = true

    /// The counts a reader (and the browser test) can check: candles, markers, overlay points.
    struct Counts { var candles: Int; var markers: Int; var overlayPoints: [String: Int] }

    /// Ten user units per bar and 4,000 for the height: coordinates to a tenth of a unit stay exact enough for a
    /// candle to keep its shape when the reader zooms in on a few dozen of 20,000 bars.
    var area: PlotArea { PlotArea(width: max(1000, Double(bars.count) * 10), height: 4000, padding: 100) }

    func view() -> (ChartView, Counts) {
        let area = self.area
        let interval = CandleGeometry.interval(bars)
        let t0 = bars.first?.time ?? 0, t1 = (bars.last?.time ?? 1) + interval
        let x = TimeScale(domain: t0, t1, range: 0, area.width)
        var lows = bars.map(\.low), highs = bars.map(\.high)
        // levels and indicator lines inside the picture: the value axis covers them too
        let extra = levels.map(\.value) + overlays.flatMap(\.values) + markers.map(\.price)
        lows += extra.filter(\.isFinite)
        highs += extra.filter(\.isFinite)
        let lo = lows.min() ?? 0, hi = highs.max() ?? 1
        let margin = (hi - lo) * 0.03
        let y = area.yScale(lo - margin, hi + margin)
        let candles = CandleGeometry(bars: bars, x: x, interval: interval, y: y)
        var view = ChartView(id: id, title: title, width: SVGPath.number(area.width), height: SVGPath.number(area.height),
                             cssHeight: cssHeight)
        view.zoom = zoom
        view.note = zoom ? "wheel to zoom, drag to pan, double-click to reset" : nil
        view.paths = [
            .init(cls: "wick", d: candles.wicks.data),
            .init(cls: "candle up", d: candles.up.data),
            .init(cls: "candle down", d: candles.down.data),
        ]
        var counts = Counts(candles: candles.up.count + candles.down.count, markers: 0, overlayPoints: [:])
        for overlay in overlays {
            let line = Polyline(values: overlay.values, centres: candles.centres, y: { y($0) })
            counts.overlayPoints[overlay.name] = line.pointCount
            view.polylines += line.segments.map { .init(cls: "overlay " + overlay.cls, d: $0) }
            view.legend.append(.init(cls: overlay.cls, label: overlay.name))
        }
        for level in levels {
            let yy = SVGPath.number(y(level.value))
            view.lines.append(.init(cls: "level " + level.cls, x1: "0", y1: yy, x2: SVGPath.number(area.width), y2: yy,
                                    label: "\(level.name) \(Format.price(level.value))", left: "0",
                                    top: SVGPath.number(area.percentY(y(level.value))), isMark: false))
        }
        for mark in marks {
            let xx = SVGPath.number(x(mark.time))
            view.lines.append(.init(cls: "mark " + mark.cls, x1: xx, y1: "0", x2: xx, y2: SVGPath.number(area.height),
                                    label: mark.name, left: SVGPath.number(area.percentX(x(mark.time))), top: "0", isMark: true))
        }
        for marker in markers {
            var path = SVGPath()
            path.move(x(marker.time + interval / 2), y(marker.price))
            path.horizontal(to: x(marker.time + interval / 2))
            view.markers.append(.init(cls: marker.cls, d: path.data, title: marker.title))
        }
        counts.markers = view.markers.count
        view.yTicks = y.ticks(count: 6).map {
            .init(at: SVGPath.number(y($0)), pos: SVGPath.number(area.percentY(y($0))), label: Format.tick($0))
        }
        view.xTicks = x.ticks(count: 7).map {
            .init(at: SVGPath.number(x($0.time)), pos: SVGPath.number(area.percentX(x($0.time))), label: $0.label)
        }
        func values(_ v: [Double]) -> [Double?] { v.map { $0.isFinite ? $0 : nil } }
        var series: [ChartData.Series] = [
            .init(name: "open", format: "price", values: values(bars.map(\.open))),
            .init(name: "high", format: "price", values: values(bars.map(\.high))),
            .init(name: "low", format: "price", values: values(bars.map(\.low))),
            .init(name: "close", format: "price", values: values(bars.map(\.close))),
        ]
        series += overlays.map { .init(name: $0.name, format: "price", values: values($0.values)) }
        view.data = ChartData(t0: t0, t1: t1, width: area.width, d0: y.domain.lower, d1: y.domain.upper,
                              r0: y.range.from, r1: y.range.to, height: area.height,
                              times: bars.map { $0.time + interval / 2 }, series: series, low: 2, high: 1).json()
        return (view, counts)
    }
}
