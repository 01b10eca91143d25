import MarketData

/// The bars a backtest trades on: open times and prices, oldest first, as the run's candle file has them.
public struct PriceBars: Sendable, Equatable {
    /// Bar open times, UTC epoch seconds.
    public var time: [Int64]
    public var open: [Double]
    public var high: [Double]
    public var low: [Double]
    public var close: [Double]
    /// The bar interval (median spacing), seconds.
    public var interval: Int64

    public init(time: [Int64], open: [Double], high: [Double], low: [Double], close: [Double], interval: Int64) {
        self.time = time
        self.open = open
        self.high = high
        self.low = low
        self.close = close
        self.interval = interval
    }

    /// The bars `range` of a candle series.
    public init(_ series: CandleSeries, range: Range<Int>? = nil) {
        let r = range ?? 0..<series.count
        self.init(time: Array(series.time[r]), open: Array(series.open[r]), high: Array(series.high[r]),
                  low: Array(series.low[r]), close: Array(series.close[r]), interval: series.report.intervalSeconds)
    }

    public var count: Int { time.count }

    /// When bar `i` closes: the instant a decision at that bar is made as of.
    public func closes(_ i: Int) -> Int64 { time[i] + max(interval, 1) }
}
