/// A fear & greed reading for one bar: the 0–100 index, its label and the components it was weighted from.
public struct FearGreedReading: Sendable, Equatable {
    /// 0 (extreme fear) ... 100 (extreme greed).
    public var value: Double
    public var label: FearGreedLabel
    /// Each component on the same 0–100 scale.
    public var components: FearGreedComponents
    /// The raw measurements behind the components.
    public var inputs: FearGreedInputs
}

/// The components of a `FearGreedReading`, each 0 (fear) ... 100 (greed).
public struct FearGreedComponents: Sendable, Equatable {
    /// 100 · (1 − logistic(mean of the z of 30-day realised volatility and the z of the drawdown from the
    /// 30-day high)): calm markets near their highs read greedy, turbulent or falling ones fearful.
    public var volatility: Double
    /// 100 · logistic(z of 7-day momentum × 2·logistic(z of 7-day volume)): rallies on high volume read greedy.
    public var momentumVolume: Double
    /// 100 · logistic(ln(close / 50-day mean) / 0.10): price far above its 50-day average reads greedy.
    public var trend: Double
}

/// The measurements the components are mapped from.
public struct FearGreedInputs: Sendable, Equatable {
    /// Annualised (√365) standard deviation of the last 30 daily log returns.
    public var realisedVolatility30d: Double
    /// Mean of its z-scores against the last 30 and 90 days of the same measure.
    public var volatilityZ: Double
    /// 1 − close / highest close of the last 30 bars (0 at a new high).
    public var drawdown30d: Double
    /// Mean of its z-scores against the last 30 and 90 days.
    public var drawdownZ: Double
    /// ln(close / close 7 bars earlier).
    public var momentum7d: Double
    /// Mean of its z-scores against the last 30 and 90 days.
    public var momentumZ: Double
    /// Mean of the z-scores of ln(1 + 7-day mean volume) against the last 30 and 90 days.
    public var volumeZ: Double
    /// ln(close / 50-bar simple moving average of close).
    public var trendDeviation: Double
}

/// The label alternative.me attaches to an index value.
public enum FearGreedLabel: String, Sendable {
    case extremeFear = "Extreme Fear"
    case fear = "Fear"
    case neutral = "Neutral"
    case greed = "Greed"
    case extremeGreed = "Extreme Greed"

    /// Extreme Fear below 25, Fear below 45, Neutral up to 55, Greed up to 75, Extreme Greed above.
    public init(value: Double) {
        switch value {
        case ..<25: self = .extremeFear
        case ..<45: self = .fear
        case ...55: self = .neutral
        case ...75: self = .greed
        default: self = .extremeGreed
        }
    }
}
