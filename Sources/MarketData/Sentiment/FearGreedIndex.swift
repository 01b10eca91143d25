import Foundation

/// A crypto fear & greed index from daily candles alone, in the spirit of alternative.me's index.
///
/// alternative.me weighs volatility 25%, momentum/volume 25%, social media 15%, surveys 15%, dominance 10%
/// and Google Trends 10%. Candles carry no social, survey, dominance or search data, so this index keeps
/// volatility (25) and momentum/volume (25), adds a price-trend component in the 10% slot of Google Trends
/// (a different signal: close against its 50-day average), and renormalises over those 60 points:
/// volatility 25/60, momentum/volume 25/60, trend 10/60. See docs/SENTIMENT.md for the formulas.
///
/// Bars are taken as consecutive days (gaps in the data shorten nothing: windows count bars).
public enum FearGreedIndex {
    /// Component weights, summing to 1.
    public static let weights = (volatility: 25.0 / 60, momentumVolume: 25.0 / 60, trend: 10.0 / 60)
    /// The first bar index with a reading: 30 returns for the first volatility value, then 90 of them.
    public static let warmUpBars = 119
    /// The trend deviation (log ratio) that maps to logistic(1) ≈ 73.
    public static let trendScale = 0.10

    /// The reading at bar `index`, or nil during the warm-up (index < 119) or when a close in the window is
    /// not a positive finite number. `close` and `volume` must have the same length and contain `index`.
    public static func compute(close: [Double], volume: [Double], at index: Int) -> FearGreedReading? {
        precondition(close.count == volume.count, "close and volume differ in length")
        precondition(close.indices.contains(index), "bar \(index) is outside 0..<\(close.count)")
        guard index >= warmUpBars else { return nil }
        let first = index - warmUpBars
        let measures = Measures(close: close[first...index], volume: volume[first...index])
        return measures.reading(at: index - first)
    }

    /// The reading of every bar (nil during the warm-up and where a window holds a non-positive close).
    public static func series(close: [Double], volume: [Double]) -> [FearGreedReading?] {
        precondition(close.count == volume.count, "close and volume differ in length")
        let measures = Measures(close: close[...], volume: volume[...])
        return close.indices.map { $0 >= warmUpBars ? measures.reading(at: $0) : nil }
    }

    static func logistic(_ x: Double) -> Double { 1 / (1 + exp(-x)) }
}

/// The per-bar measurements the components need, computed once over a run of bars (NaN where undefined).
/// Indices are local: bar 0 is the first bar given.
private struct Measures {
    let close: [Double]
    let realisedVolatility: [Double]
    let drawdown: [Double]
    let momentum: [Double]
    let logVolume: [Double]

    init(close: ArraySlice<Double>, volume: ArraySlice<Double>) {
        let close = Array(close), volume = Array(volume)
        let n = close.count
        var returns = [Double](repeating: .nan, count: n)
        for t in 1..<max(1, n) where close[t] > 0 && close[t - 1] > 0 {
            returns[t] = log(close[t] / close[t - 1])
        }
        var sigma = [Double](repeating: .nan, count: n)
        var momentum = sigma, logVolume = sigma, drawdown = sigma
        for t in 0..<n {
            if t >= 29 { drawdown[t] = 1 - close[t] / close[(t - 29)...t].max()! }
            if t >= 30 {
                let window = returns[(t - 29)...t]
                if !window.contains(where: \.isNaN) { sigma[t] = Self.standardDeviation(window) * sqrt(365) }
            }
            if t >= 7, close[t] > 0, close[t - 7] > 0 { momentum[t] = log(close[t] / close[t - 7]) }
            if t >= 6 { logVolume[t] = log1p(volume[(t - 6)...t].reduce(0, +) / 7) }
        }
        self.close = close
        self.realisedVolatility = sigma
        self.drawdown = drawdown
        self.momentum = momentum
        self.logVolume = logVolume
    }

    /// The reading at local bar t (t >= 119).
    func reading(at t: Int) -> FearGreedReading? {
        let recent = close[(t - 49)...t]
        guard recent.allSatisfy({ $0 > 0 && $0.isFinite }) else { return nil }
        guard let volatilityZ = Self.meanZ(realisedVolatility, at: t),
              let drawdownZ = Self.meanZ(drawdown, at: t),
              let momentumZ = Self.meanZ(momentum, at: t),
              let volumeZ = Self.meanZ(logVolume, at: t) else { return nil }
        let deviation = log(close[t] / (recent.reduce(0, +) / 50))
        let logistic = FearGreedIndex.logistic
        let components = FearGreedComponents(
            volatility: 100 * (1 - logistic((volatilityZ + drawdownZ) / 2)),
            momentumVolume: 100 * logistic(momentumZ * 2 * logistic(volumeZ)),
            trend: 100 * logistic(deviation / FearGreedIndex.trendScale))
        let w = FearGreedIndex.weights
        let value = w.volatility * components.volatility + w.momentumVolume * components.momentumVolume
            + w.trend * components.trend
        return FearGreedReading(
            value: value, label: FearGreedLabel(value: value), components: components,
            inputs: FearGreedInputs(
                realisedVolatility30d: realisedVolatility[t], volatilityZ: volatilityZ,
                drawdown30d: drawdown[t], drawdownZ: drawdownZ, momentum7d: momentum[t],
                momentumZ: momentumZ, volumeZ: volumeZ, trendDeviation: deviation))
    }

    /// The mean of the z-scores of `values[t]` against the 30 and the 90 values ending at t (a window with
    /// no spread contributes 0); nil when any of those values is undefined.
    static func meanZ(_ values: [Double], at t: Int) -> Double? {
        guard t >= 89 else { return nil }
        let long = values[(t - 89)...t]
        guard !long.contains(where: \.isNaN) else { return nil }
        return (z(values[t], in: values[(t - 29)...t]) + z(values[t], in: long)) / 2
    }

    static func z(_ value: Double, in window: ArraySlice<Double>) -> Double {
        let deviation = standardDeviation(window)
        guard deviation > 0 else { return 0 }
        return (value - window.reduce(0, +) / Double(window.count)) / deviation
    }

    /// Sample (n − 1) standard deviation.
    static func standardDeviation(_ window: ArraySlice<Double>) -> Double {
        let mean = window.reduce(0, +) / Double(window.count)
        let squares = window.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        return (squares / Double(window.count - 1)).squareRoot()
    }
}
