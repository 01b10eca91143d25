import Foundation

/// What the chart template draws: every coordinate already computed (in `PlotArea` user units), every label
/// already formatted. The template only places them.
struct ChartView {
    struct Shape { var cls: String; var d: String; var title: String = "" }
    struct Line { var cls: String; var x1: String; var y1: String; var x2: String; var y2: String; var label: String; var left: String; var top: String; var isMark: Bool }
    struct Tick { var at: String; var pos: String; var label: String; var cls: String = "" }
    struct Key { var cls: String; var label: String }

    var id: String
    var title: String
    /// How to use the chart (nil: nothing to say).
    var note: String?
    var width: String
    var height: String
    var cssHeight: Int
    var legend: [Key] = []
    var polygons: [Shape] = []
    var paths: [Shape] = []
    var polylines: [Shape] = []
    var lines: [Line] = []
    var markers: [Shape] = []
    var yTicks: [Tick] = []
    var xTicks: [Tick] = []
    /// JSON for the page's script: times and series for the hover readout, the scales for zooming.
    var data: String = "{}"
    var zoom = false
    var logToggle = false
}

/// What the page's script reads of a chart (`<script type="application/json">`): the times, the series, how to
/// turn a time and a value into user units.
struct ChartData: Encodable {
    struct Series: Encodable {
        var name: String
        /// "price", "percent", "number"
        var format: String
        var values: [Double?]
    }
    /// The time axis: user units = (t - t0) / (t1 - t0) * width.
    var t0: Int64
    var t1: Int64
    var width: Double
    /// The value axis (linear): units = r0 + (v - d0) / (d1 - d0) * (r1 - r0).
    var d0: Double
    var d1: Double
    var r0: Double
    var r1: Double
    var height: Double
    var times: [Int64]
    var series: [Series]
    /// For a price chart: the indices in `series` of the lows and highs (what zoom fits the value axis to).
    var low: Int?
    var high: Int?

    /// Seven significant digits: what a readout shows, at half the bytes of a full double (20,000 bars of OHLC).
    static func compact(_ value: Double?) -> Double? {
        guard let value, value.isFinite else { return nil }
        guard value != 0 else { return 0 }
        let scale = pow(10, 6 - (log10(abs(value))).rounded(.down))
        return (value * scale).rounded() / scale
    }

    func json() -> String {
        var copy = self
        for k in copy.series.indices { copy.series[k].values = copy.series[k].values.map(Self.compact) }
        let encoder = JSONEncoder()
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "null", negativeInfinity: "null", nan: "null")
        let data = (try? encoder.encode(copy)) ?? Data("{}".utf8)
        // inside <script>: a "</" in a label must not end the element
        return String(decoding: data, as: UTF8.self).replacingOccurrences(of: "</", with: "<\\/")
    }
}
