import Foundation

/// How figures read in a report: prices with the decimals their size needs, percentages, signed values.
public enum Format {
    /// `143,210`, `8,034.32`, `12.34`, `0.1234`: cents from 1 to 100,000, four decimals below 1.
    public static func price(_ value: Double) -> String {
        guard value.isFinite else { return "–" }
        let a = abs(value)
        return grouped(value, decimals: a >= 100_000 ? 0 : a >= 1 ? 2 : 4)
    }

    /// An axis label: a round value without decimals (`14,000`), others as prices.
    public static func tick(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? grouped(value, decimals: 0) : price(value)
    }

    /// `12.3 %`, `-4.0 %` (one decimal).
    public static func percent(_ fraction: Double, decimals: Int = 1) -> String {
        guard fraction.isFinite else { return "–" }
        return String(format: "%.\(decimals)f %%", fraction * 100)
    }

    /// `+12.3 %`.
    public static func signedPercent(_ fraction: Double) -> String {
        guard fraction.isFinite else { return "–" }
        return String(format: "%+.1f %%", fraction * 100)
    }

    /// `0.62`.
    public static func fixed(_ value: Double, _ decimals: Int = 2) -> String {
        guard value.isFinite else { return "–" }
        return String(format: "%.\(decimals)f", value)
    }

    /// `+1,234.56` (money: two decimals, sign).
    public static func signedMoney(_ value: Double) -> String {
        guard value.isFinite else { return "–" }
        return (value >= 0 ? "+" : "-") + grouped(abs(value), decimals: 2)
    }

    public static func grouped(_ value: Double, decimals: Int) -> String {
        let text = String(format: "%.\(decimals)f", abs(value))
        let parts = text.split(separator: ".", maxSplits: 1)
        var whole = String(parts[0])
        var out = ""
        while whole.count > 3 {
            out = "," + whole.suffix(3) + out
            whole.removeLast(3)
        }
        out = whole + out
        if parts.count > 1 { out += "." + parts[1] }
        return (value < 0 && text.contains(where: { $0 != "0" && $0 != "." }) ? "-" : "") + out
    }

    /// Epoch seconds as `2021-03-14` or `2021-03-14 09:00`.
    public static func time(_ epoch: Int64) -> String { CivilDate(epoch: epoch).label }
}
