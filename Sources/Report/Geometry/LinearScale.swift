import Foundation

/// Maps a value domain onto a pixel range in proportion (`range` may run downwards, as a y axis does).
public struct LinearScale: Sendable, Equatable {
    public var domain: (lower: Double, upper: Double)
    public var range: (from: Double, to: Double)

    /// A zero-width domain is widened by 1 either side, so a flat series still draws as a line in the middle.
    public init(domain lower: Double, _ upper: Double, range from: Double, _ to: Double) {
        let (lo, hi) = lower < upper ? (lower, upper) : lower == upper ? (lower - 1, upper + 1) : (upper, lower)
        domain = (lo, hi)
        range = (from, to)
    }

    public func callAsFunction(_ value: Double) -> Double {
        range.from + (value - domain.lower) / (domain.upper - domain.lower) * (range.to - range.from)
    }

    /// About `count` round values (1, 2 or 5 times a power of ten apart) inside the domain.
    public func ticks(count: Int = 5) -> [Double] {
        NiceTicks.values(lower: domain.lower, upper: domain.upper, count: count)
    }

    public static func == (a: LinearScale, b: LinearScale) -> Bool {
        a.domain == b.domain && a.range == b.range
    }
}

/// Round tick values: a step of 1, 2 or 5 x 10^k chosen so about `count` ticks fall in the interval.
public enum NiceTicks {
    public static func step(span: Double, count: Int) -> Double {
        let (nice, exponent) = parts(span: span, count: count)
        return exponent >= 0 ? nice * pow10(exponent) : nice / pow10(-exponent)
    }

    /// The step as 1, 2, 5 or 10 and a power of ten, so tick values are computed with one exact division
    /// (-3 x 2 / 10 is -0.6; -3 x 0.2 is -0.6000000000000001).
    static func parts(span: Double, count: Int) -> (Double, Int) {
        guard span > 0, span.isFinite, count > 0 else { return (1, 0) }
        let raw = span / Double(count)
        let exponent = Int(log10(raw).rounded(.down))
        let fraction = raw / (exponent >= 0 ? pow10(exponent) : 1 / pow10(-exponent))
        let nice: Double = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10
        return (nice, exponent)
    }

    public static func values(lower: Double, upper: Double, count: Int) -> [Double] {
        let (nice, exponent) = parts(span: upper - lower, count: count)
        let step = exponent >= 0 ? nice * pow10(exponent) : nice / pow10(-exponent)
        func value(_ k: Double) -> Double { exponent >= 0 ? k * nice * pow10(exponent) : k * nice / pow10(-exponent) }
        var out: [Double] = []
        var k = (lower / step).rounded(.up)
        while value(k) <= upper + step * 1e-9, out.count < 100 {
            let v = value(k)
            out.append(abs(v) < step * 1e-9 ? 0 : v)
            k += 1
        }
        return out
    }

    static func pow10(_ n: Int) -> Double {
        var p = 1.0
        if n >= 0 { for _ in 0..<n { p *= 10 } } else { for _ in 0..<(-n) { p /= 10 } }
        return p
    }
}

