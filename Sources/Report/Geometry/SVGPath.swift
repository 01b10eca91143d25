/// Builds SVG path data and point lists compactly: coordinates to one decimal, no spaces a parser does not need
/// (20,000 candles make a few hundred kilobytes, not megabytes).
public struct SVGPath: Sendable {
    public private(set) var data = ""
    /// How many subpaths (`M` commands) were added: one per candle, marker or segment.
    public private(set) var count = 0

    public init() {}

    public mutating func move(_ x: Double, _ y: Double) {
        data.append("M")
        Self.append(x, to: &data)
        data.append(",")
        Self.append(y, to: &data)
        count += 1
    }

    public mutating func vertical(to y: Double) {
        data.append("V")
        Self.append(y, to: &data)
    }

    public mutating func horizontal(to x: Double) {
        data.append("H")
        Self.append(x, to: &data)
    }

    public mutating func line(_ x: Double, _ y: Double) {
        data.append("L")
        Self.append(x, to: &data)
        data.append(",")
        Self.append(y, to: &data)
    }

    /// A cubic Bézier to `end` through the control points `c1`, `c2`.
    public mutating func curve(_ c1: (Double, Double), _ c2: (Double, Double), _ end: (Double, Double)) {
        data.append("C")
        for (i, p) in [c1, c2, end].enumerated() {
            if i > 0 { data.append(" ") }
            Self.append(p.0, to: &data)
            data.append(",")
            Self.append(p.1, to: &data)
        }
    }

    /// A closed rectangle as one subpath.
    public mutating func rect(x: Double, y: Double, width: Double, height: Double) {
        move(x, y)
        data.append("h")
        Self.append(width, to: &data)
        data.append("v")
        Self.append(height, to: &data)
        data.append("h")
        Self.append(-width, to: &data)
        data.append("z")
    }

    /// A number with at most one decimal, without Foundation's formatter (called for every coordinate).
    public static func append(_ value: Double, to text: inout String) {
        guard value.isFinite else { text.append("0"); return }
        let tenths = Int((value * 10).rounded())
        if tenths < 0 { text.append("-") }
        let magnitude = tenths.magnitude
        text.append(String(magnitude / 10))
        if magnitude % 10 != 0 {
            text.append(".")
            text.append(String(magnitude % 10))
        }
    }

    public static func number(_ value: Double) -> String {
        var s = ""
        append(value, to: &s)
        return s
    }
}
