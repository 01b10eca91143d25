import Foundation

/// Maps positive values onto a pixel range by their logarithm: equal ratios, equal distances (an equity curve
/// that doubles twice climbs twice as far).
public struct LogScale: Sendable {
    public let lower: Double
    public let upper: Double
    public let from: Double
    public let to: Double

    /// Values at or below zero cannot be drawn on a log axis: the domain is clamped to a positive floor.
    public init(domain lower: Double, _ upper: Double, range from: Double, _ to: Double) {
        let floor = 1e-9
        var lo = max(Swift.min(lower, upper), floor), hi = max(Swift.max(lower, upper), floor)
        if lo == hi { lo /= 2; hi *= 2 }
        self.lower = lo
        self.upper = hi
        self.from = from
        self.to = to
    }

    public func callAsFunction(_ value: Double) -> Double {
        let v = max(value, lower)
        return from + (log(v) - log(lower)) / (log(upper) - log(lower)) * (to - from)
    }

    /// 1, 2 and 5 times each power of ten inside the domain; only powers of ten when that gives enough.
    public func ticks(count: Int = 5) -> [Double] {
        var out: [Double] = []
        var power = NiceTicks.pow10(Int(log10(lower).rounded(.down)))
        while power <= upper, out.count < 60 {
            for m in [1.0, 2, 5] where power * m >= lower * (1 - 1e-12) && power * m <= upper * (1 + 1e-12) {
                out.append(power * m)
            }
            power *= 10
        }
        let decades = out.filter { v in NiceTicks.pow10(Int(log10(v).rounded())) == v }
        return decades.count >= count / 2 && decades.count >= 2 ? decades : out
    }
}
