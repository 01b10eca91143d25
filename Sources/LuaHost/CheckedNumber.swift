/// The one conversion from a number a script or a config file gave to what Swift makes of it: a whole number
/// (an `Int` period, count or epoch) or a number of seconds (a `Duration`). Swift traps on `Int(x)` of NaN, ±inf
/// or a value out of range, and on `.seconds(x)` past about 9e18; every such value here is an error that names
/// the argument instead. `ArgumentError`s thrown by a host function get the calling script's file and line.
public enum CheckedNumber {
    /// The longest time Moondesk makes from a number: 1e9 seconds (about 31 years).
    public static let maxSeconds = 1e9
    /// The largest whole number taken from a Lua float: 2^53 (every integer up to it is exact in a double).
    public static let maxWhole = 9_007_199_254_740_992.0

    /// A whole number in `range`, from an integer or a float with no fraction.
    public static func integer(_ value: LuaValue, _ name: String, in range: ClosedRange<Int>) throws -> Int {
        let shown = "\(name) must be a whole number from \(range.lowerBound) to \(range.upperBound)"
        switch value {
        case .integer(let i):
            guard i >= Int64(range.lowerBound), i <= Int64(range.upperBound) else { throw ArgumentError("\(shown), got \(i)") }
            return Int(i)
        case .number(let d):
            guard d.isFinite, d == d.rounded(), abs(d) <= maxWhole else { throw ArgumentError("\(shown), got \(describe(d))") }
            let i = Int(d)
            guard range.contains(i) else { throw ArgumentError("\(shown), got \(describe(d))") }
            return i
        default:
            throw ArgumentError("\(shown), got \(value.typeName)")
        }
    }

    /// A number of seconds: finite, not negative (or positive when `positive`), at most `maxSeconds`.
    public static func seconds(_ value: LuaValue, _ name: String, positive: Bool = false) throws -> Double {
        let shown = "\(name) must be a \(positive ? "positive" : "non-negative") number of seconds, at most \(describe(maxSeconds))"
        guard let d = value.doubleValue else { throw ArgumentError("\(shown), got \(value.typeName)") }
        guard d.isFinite, d <= maxSeconds, positive ? d > 0 : d >= 0 else { throw ArgumentError("\(shown), got \(describe(d))") }
        return d
    }

    /// An instant in UTC epoch seconds (fractions dropped): finite and within ±1e15 s.
    public static func epoch(_ value: Double, _ name: String) throws -> Int64 {
        guard value.isFinite, abs(value) <= 1e15 else {
            throw ArgumentError("\(name) must be a finite time in epoch seconds, got \(describe(value))")
        }
        return Int64(value.rounded(.down))
    }

    /// A finite number (prices, thresholds): NaN and ±inf refused.
    public static func finite(_ value: LuaValue, _ name: String) throws -> Double {
        guard let d = value.doubleValue else { throw ArgumentError("\(name) must be a number, got \(value.typeName)") }
        guard d.isFinite else { throw ArgumentError("\(name) must be a finite number, got \(describe(d))") }
        return d
    }

    /// A checked number of seconds as a Duration (clamped to ±maxSeconds, NaN as zero: never a trap).
    public static func duration(_ seconds: Double) -> Duration {
        guard seconds.isFinite else { return seconds.isNaN ? .zero : .seconds(seconds > 0 ? maxSeconds : -maxSeconds) }
        return .milliseconds(Int64((min(max(seconds, -maxSeconds), maxSeconds) * 1000).rounded()))
    }

    /// `nan`, `inf`, `-inf`, `1e+300` as Lua prints them.
    public static func describe(_ d: Double) -> String {
        if d.isNaN { return "nan" }
        if d.isInfinite { return d > 0 ? "inf" : "-inf" }
        if d == d.rounded(), abs(d) < 1e15 { return String(Int64(d)) }
        return "\(d)"
    }
}

extension Array where Element == LuaValue {
    /// Argument `index` (0-based) as a whole number in `range`, or `defaultValue` when absent (nil).
    public func integer(_ index: Int, _ name: String, in range: ClosedRange<Int>, default defaultValue: Int? = nil) throws -> Int {
        let value = arg(index)
        if value.isNil, let defaultValue { return defaultValue }
        return try CheckedNumber.integer(value, "argument \(index + 1) (\(name))", in: range)
    }
}
