/// One bar of a price chart.
public struct Bar: Sendable, Hashable, Codable {
    public var time: Int64
    public var open: Double
    public var high: Double
    public var low: Double
    public var close: Double

    public init(time: Int64, open: Double, high: Double, low: Double, close: Double) {
        self.time = time
        self.open = open
        self.high = high
        self.low = low
        self.close = close
    }
}

/// Candles as three paths (wicks, rising bodies, falling bodies), one subpath per bar: 20,000 bars are three DOM
/// elements, which the browser lays out in milliseconds, instead of 40,000.
public struct CandleGeometry: Sendable {
    public var wicks = SVGPath()
    public var up = SVGPath()
    public var down = SVGPath()
    /// The x of each bar's centre, in user units.
    public var centres: [Double] = []
    public var bodyWidth: Double = 0

    /// Bars at the given x centres (one per bar); a body takes `bodyWidth`.
    public init(bars: [Bar], centres: [Double], bodyWidth: Double, y: LinearScale) {
        precondition(bars.count == centres.count, "CandleGeometry needs a centre per bar")
        self.centres = centres
        self.bodyWidth = bodyWidth
        for (bar, x) in zip(bars, centres) {
            wicks.move(x, y(bar.high))
            wicks.vertical(to: y(bar.low))
            let top = y(max(bar.open, bar.close)), bottom = y(min(bar.open, bar.close))
            // a doji still shows a body: at least 0.5 units tall
            let height = max(bottom - top, 0.5)
            if bar.close >= bar.open {
                up.rect(x: x - bodyWidth / 2, y: top, width: bodyWidth, height: height)
            } else {
                down.rect(x: x - bodyWidth / 2, y: top, width: bodyWidth, height: height)
            }
        }
    }

    /// Bars placed by time: each centred in its interval (`interval` seconds, the median spacing), the body 70 %
    /// of the interval's width, so a gap in the data shows as a gap.
    public init(bars: [Bar], x: TimeScale, interval: Int64, y: LinearScale) {
        let centres = bars.map { x($0.time + interval / 2) }
        let width = abs(x(interval) - x(0)) * 0.7
        self.init(bars: bars, centres: centres, bodyWidth: width, y: y)
    }

    /// The median spacing of the bars' times (60 s when there are fewer than two).
    public static func interval(_ bars: [Bar]) -> Int64 {
        guard bars.count > 1 else { return 60 }
        var gaps = zip(bars.dropFirst(), bars).map { $0.time - $1.time }
        gaps.sort()
        return max(gaps[gaps.count / 2], 1)
    }
}
