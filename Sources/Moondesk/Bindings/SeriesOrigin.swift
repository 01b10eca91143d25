import MarketData
import Synchronization

/// The whole of a column a script's series views are prefixes of: a candle file's column, or an indicator computed
/// over one. A backtest asks for the same indicator at thousands of as-ofs, each over a longer prefix of the same
/// file; every indicator `desk.ta` memoizes is causal (its value at bar i depends on bars ≤ i only, tested bit for
/// bit against computing it on the prefix), so it is computed once over the whole column and each view gets the
/// prefix it is entitled to. The whole column never reaches a script: a view holds only `full[0..<count]`.
final class SeriesOrigin: Sendable {
    let full: [Double]
    private let memo = Mutex<[String: [SeriesOrigin]]>([:])

    init(_ full: [Double]) { self.full = full }

    /// The results of `key` (a function and its parameters over this and other origins), computed once.
    func derived(_ key: String, _ make: () -> [[Double]]) -> [SeriesOrigin] {
        if let known = memo.withLock({ $0[key] }) { return known }
        let made = make().map(SeriesOrigin.init)
        memo.withLock { $0[key] = made }
        return made
    }
}

/// The columns of a whole candle file, as origins.
final class CandleOrigin: Sendable {
    let open, high, low, close, volume: SeriesOrigin
    init(_ series: CandleSeries) {
        open = SeriesOrigin(series.open)
        high = SeriesOrigin(series.high)
        low = SeriesOrigin(series.low)
        close = SeriesOrigin(series.close)
        volume = SeriesOrigin(series.volume)
    }
}
