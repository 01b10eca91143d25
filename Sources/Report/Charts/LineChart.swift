import Foundation

/// Lines over time (equity, buy-and-hold, other agents) or an area below zero (drawdown); with `logToggle` a
/// second, logarithmic set of lines and ticks that the page's "log scale" box shows instead (CSS only).
struct LineChart {
    struct Series { var name: String; var cls: String; var points: [BacktestReportInput.Point] }

    var id: String
    var title: String
    var series: [Series]
    /// "price" (money), "percent" (fractions)
    var format = "price"
    var area = PlotArea(width: 1000, height: 300, padding: 10)
    var cssHeight = 300
    var logToggle = false
    /// Fill the area between the first series and zero (drawdown).
    var filled = false

    struct Counts { var points: [String: Int] }

    func view() -> (ChartView, Counts) {
        let times = series.flatMap { $0.points.map(\.time) }
        let t0 = times.min() ?? 0, t1 = max(times.max() ?? 1, t0 + 1)
        let x = TimeScale(domain: t0, t1, range: 0, area.width)
        let values = series.flatMap { $0.points.map(\.value) }.filter(\.isFinite)
        var lo = values.min() ?? 0, hi = values.max() ?? 1
        if filled { hi = max(hi, 0) }
        let y = area.yScale(lo, hi)
        var view = ChartView(id: id, title: title, width: SVGPath.number(area.width), height: SVGPath.number(area.height),
                             cssHeight: cssHeight)
        view.logToggle = logToggle
        var counts = Counts(points: [:])
        let percent = format == "percent"
        func label(_ value: Double) -> String { percent ? Format.percent(value, decimals: 0) : Format.tick(value) }
        for s in series {
            let xs = s.points.map { x($0.time) }
            let line = Polyline(x: xs, y: s.points.map { $0.value.isFinite ? y($0.value) : .nan })
            counts.points[s.name] = line.pointCount
            let scaleClass = logToggle ? " lin" : ""
            view.polylines += line.segments.map { .init(cls: "series \(s.cls)\(scaleClass)", d: $0) }
            if filled, s.name == series.first?.name {
                view.polygons.append(.init(cls: "area \(s.cls)", d: Polyline.area(x: xs, y: s.points.map { y($0.value) }, baseline: y(0))))
            }
            view.legend.append(.init(cls: s.cls, label: s.name))
        }
        view.yTicks = y.ticks(count: 5).map {
            .init(at: SVGPath.number(y($0)), pos: SVGPath.number(area.percentY(y($0))), label: label($0), cls: logToggle ? "lin" : "")
        }
        if logToggle {
            let positive = values.filter { $0 > 0 }
            lo = positive.min() ?? 1
            hi = positive.max() ?? 2
            let ly = area.logScale(lo, hi)
            for s in series {
                let line = Polyline(x: s.points.map { x($0.time) }, y: s.points.map { $0.value > 0 && $0.value.isFinite ? ly($0.value) : .nan })
                view.polylines += line.segments.map { .init(cls: "series \(s.cls) log", d: $0) }
            }
            view.yTicks += ly.ticks(count: 5).map {
                .init(at: SVGPath.number(ly($0)), pos: SVGPath.number(area.percentY(ly($0))), label: label($0), cls: "log")
            }
        }
        view.xTicks = x.ticks(count: 7).map {
            .init(at: SVGPath.number(x($0.time)), pos: SVGPath.number(area.percentX(x($0.time))), label: $0.label)
        }
        // The readout shows every series at the hovered time; series are aligned on the first one's times.
        let base = series.first?.points ?? []
        let dataSeries: [ChartData.Series] = series.map { s in
            var byTime: [Int64: Double] = [:]
            for p in s.points { byTime[p.time] = p.value }
            return .init(name: s.name, format: format, values: base.map { p in byTime[p.time].flatMap { $0.isFinite ? $0 : nil } })
        }
        view.data = ChartData(t0: t0, t1: t1, width: area.width, d0: y.domain.lower, d1: y.domain.upper,
                              r0: y.range.from, r1: y.range.to, height: area.height,
                              times: base.map(\.time), series: dataSeries, low: nil, high: nil).json()
        return (view, counts)
    }
}
