/// A line through (x, y) points as SVG `points` lists, one per run of finite values: an indicator's warm-up
/// (NaN) leaves a gap instead of a drop to zero.
public struct Polyline: Sendable, Equatable {
    /// Each segment's `points` attribute.
    public var segments: [String] = []
    /// How many points were drawn in all.
    public var pointCount = 0

    public init(x: [Double], y: [Double]) {
        precondition(x.count == y.count, "Polyline needs as many x as y")
        var current = "", inSegment = 0
        for i in x.indices {
            guard x[i].isFinite, y[i].isFinite else {
                if inSegment > 0 { segments.append(current); current = ""; inSegment = 0 }
                continue
            }
            if inSegment > 0 { current.append(" ") }
            SVGPath.append(x[i], to: &current)
            current.append(",")
            SVGPath.append(y[i], to: &current)
            inSegment += 1
            pointCount += 1
        }
        if inSegment > 0 { segments.append(current) }
    }

    /// The values of `series` at evenly spaced x (bar centres), through `y`.
    public init(values: [Double], centres: [Double], y: (Double) -> Double) {
        self.init(x: centres, y: values.map { $0.isFinite ? y($0) : .nan })
    }

    /// A closed area between the line and `baseline` (for a drawdown), for a `polygon`'s `points`.
    public static func area(x: [Double], y: [Double], baseline: Double) -> String {
        guard let first = x.first, let last = x.last else { return "" }
        var out = ""
        SVGPath.append(first, to: &out); out.append(","); SVGPath.append(baseline, to: &out)
        for i in x.indices where y[i].isFinite {
            out.append(" ")
            SVGPath.append(x[i], to: &out); out.append(","); SVGPath.append(y[i], to: &out)
        }
        out.append(" ")
        SVGPath.append(last, to: &out); out.append(","); SVGPath.append(baseline, to: &out)
        return out
    }
}
