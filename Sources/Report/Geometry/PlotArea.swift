/// The coordinate space every stretched chart draws in: `width` x `height` user units, shown at the page's width
/// (`preserveAspectRatio="none"`), so geometry is computed once and fits 1280 px and a phone alike. Lines keep
/// their width (`vector-effect: non-scaling-stroke`) and labels are HTML placed by percent.
public struct PlotArea: Sendable, Equatable {
    public var width: Double
    public var height: Double
    /// Space left empty above and below the data, in user units.
    public var padding: Double

    public init(width: Double = 1000, height: Double = 400, padding: Double = 8) {
        self.width = width
        self.height = height
        self.padding = padding
    }

    /// A y scale putting `lower`...`upper` between the padding (higher values higher up).
    public func yScale(_ lower: Double, _ upper: Double) -> LinearScale {
        LinearScale(domain: lower, upper, range: height - padding, padding)
    }

    public func logScale(_ lower: Double, _ upper: Double) -> LogScale {
        LogScale(domain: lower, upper, range: height - padding, padding)
    }

    /// Percent of the width / height of a user-unit coordinate (where an HTML label goes).
    public func percentX(_ x: Double) -> Double { x / width * 100 }
    public func percentY(_ y: Double) -> Double { y / height * 100 }
}
