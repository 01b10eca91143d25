/// A span of time on the run's axis: a node run or a task attempt.
public struct TimeSpan: Sendable, Hashable {
    public var label: String
    /// "node" or "task": the row's kind (drawn in different colours).
    public var kind: String
    /// Seconds from the run's start.
    public var start: Double
    public var end: Double
    /// completed, failed, timed_out, cancelled, retrying, skipped...
    public var status: String
    public var detail: String

    public init(label: String, kind: String, start: Double, end: Double, status: String, detail: String = "") {
        self.label = label
        self.kind = kind
        self.start = start
        self.end = end
        self.status = status
        self.detail = detail
    }
}

/// Lays spans out as a Gantt chart: one row per span in the order given, a bar from start to end on one shared
/// time axis, labels in a column on the left.
public struct GanttLayout: Sendable {
    public struct Row: Sendable, Hashable {
        public var span: TimeSpan
        public var x: Double
        public var y: Double
        public var width: Double
        public var height: Double
        /// Where the row's label sits (baseline).
        public var labelY: Double
        /// The duration as text: `12.3 ms`, `1.20 s`.
        public var duration: String
    }

    public struct Tick: Sendable, Hashable {
        public var x: Double
        public var label: String
    }

    public static let labelWidth = 170.0
    public static let rowHeight = 20.0
    public static let axisHeight = 24.0

    public var width: Double
    public var height: Double
    public var rows: [Row] = []
    public var ticks: [Tick] = []

    /// A bar is at least 1.5 units wide, so an instant (a skipped task) still shows.
    public init(spans: [TimeSpan], width: Double = 1000) {
        self.width = width
        let total = max(spans.map(\.end).max() ?? 0, 1e-6)
        // the right-hand 70 units hold the last bars' durations
        let scale = LinearScale(domain: 0, total, range: Self.labelWidth, width - 70)
        height = Self.axisHeight + Double(spans.count) * Self.rowHeight + 6
        for (index, span) in spans.enumerated() {
            let y = Self.axisHeight + Double(index) * Self.rowHeight
            let x = scale(max(0, span.start))
            rows.append(Row(span: span, x: x, y: y + 3, width: max(scale(max(span.end, span.start)) - x, 1.5),
                            height: Self.rowHeight - 6, labelY: y + Self.rowHeight - 6,
                            duration: Self.describe(seconds: span.end - span.start)))
        }
        ticks = scale.ticks(count: 6).map { Tick(x: scale($0), label: Self.describe(seconds: $0)) }
    }

    /// `0 s`, `850 µs`, `12.3 ms`, `1.20 s`.
    public static func describe(seconds: Double) -> String {
        let s = max(seconds, 0)
        if s == 0 { return "0 s" }
        if s < 0.001 { return "\(Int((s * 1e6).rounded())) µs" }
        if s < 1 { return "\(SVGPath.number(s * 1000)) ms" }
        let hundredths = Int((s * 100).rounded())
        return "\(hundredths / 100)." + String(hundredths % 100 + 100).dropFirst() + " s"
    }
}
