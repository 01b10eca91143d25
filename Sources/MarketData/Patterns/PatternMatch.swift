/// One earlier window that resembled the latest one.
public struct PatternNeighbour: Sendable, Equatable {
    /// Bar index at which the neighbour's window of returns ends (its "now").
    public let endIndex: Int
    /// Euclidean distance between the z-scored return windows (0 = identical shape).
    public let distance: Double
    /// close[endIndex + horizon] / close[endIndex] - 1: what followed that window.
    public let forwardReturn: Double
}

/// What followed the past windows most like the latest one (see `PatternMatcher`).
public struct PatternMatch: Sendable {
    /// Window length k (returns) and forward horizon h (bars) the match used.
    public let window: Int
    public let horizon: Int
    /// Bar index where the query window ends (the last bar of the input).
    public let queryEndIndex: Int
    /// Earlier windows compared (every one whose forward return is known).
    public let candidates: Int
    /// The nearest windows, closest first (ties: earlier first).
    public let neighbours: [PatternNeighbour]
    /// Number of neighbours used (min(requested, candidates)).
    public var sampleSize: Int { neighbours.count }
    /// Mean forward return of the neighbours.
    public let expectedMove: Double
    /// Median forward return of the neighbours (mean of the middle two for an even count).
    public let medianMove: Double
    /// Fraction of neighbours whose forward return was positive.
    public let hitRate: Double
    /// Population standard deviation of the neighbours' forward returns.
    public let dispersion: Double
}

/// Why a pattern match could not be made.
public enum PatternError: Error, CustomStringConvertible, Equatable, Sendable {
    case invalidParameter(String)
    /// The series needs `needed` closes for one candidate window plus the query; it has `have`.
    case insufficientHistory(needed: Int, have: Int)
    /// A close at `index` is not a positive finite number, so returns are undefined.
    case invalidClose(index: Int, value: Double)

    public var description: String {
        switch self {
        case .invalidParameter(let what): return "pattern match: \(what)"
        case .insufficientHistory(let needed, let have):
            return "pattern match: needs at least \(needed) closes, got \(have)"
        case .invalidClose(let index, let value):
            return "pattern match: close at bar \(index) is \(value); closes must be positive and finite"
        }
    }
}
