/// Money and durations in messages: `$0.16`, `$0.125`, `40 s`, `40.5 s`.
enum Formatting {
    /// Dollars with at least 2 and at most 4 decimals.
    static func usd(_ value: Double) -> String {
        var cents = (abs(value) * 10_000).rounded()
        var decimals = 4
        while decimals > 2, cents.truncatingRemainder(dividingBy: 10) == 0 {
            cents /= 10
            decimals -= 1
        }
        var digits = String(Int64(cents))
        while digits.count <= decimals { digits = "0" + digits }
        let split = digits.index(digits.endIndex, offsetBy: -decimals)
        return (value < 0 ? "-$" : "$") + digits[..<split] + "." + digits[split...]
    }

    /// Seconds with up to 3 decimals, trailing zeros removed, and the unit.
    static func seconds(_ value: Double) -> String {
        let rounded = (value * 1000).rounded() / 1000
        if rounded == rounded.rounded() { return "\(Int64(rounded)) s" }
        return "\(rounded) s"
    }
}
