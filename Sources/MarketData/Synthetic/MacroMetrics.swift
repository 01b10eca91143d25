/// The macro figures a handler reports for one day, computed from a labelled series with the columns `dxy`
/// and `fed_funds` (data/synthetic/macro_daily.csv).
public struct MacroSummary: Sendable, Equatable {
    /// Where the numbers come from ("synthetic-sample" for the bundled files): report it with every figure.
    public var source: String
    /// The time of the row summarised: the last at or before the requested time.
    public var asOf: Int64
    /// The dollar index on `asOf`.
    public var dxy: Double
    /// DXY on `asOf` minus DXY 30 days earlier.
    public var dxyChange30d: Double
    /// `dxyChange30d` as a percentage of the earlier value.
    public var dxyChange30dPercent: Double
    /// The Fed funds rate (%) on `asOf`.
    public var fedFunds: Double
    /// Fed funds on `asOf` minus Fed funds 90 days earlier, in percentage points.
    public var fedFundsChange90d: Double
}

/// Computes `MacroSummary` from a macro `LabelledSeries`.
public enum MacroMetrics {
    /// The summary for the last row at or before `asOf` (epoch seconds). Needs 90 days of history.
    /// Throws `SeriesQueryError` when a column is missing or history is too short.
    public static func summary(_ series: LabelledSeries, asOf: Int64) throws -> MacroSummary {
        let dxy = try series.column("dxy")
        let fedFunds = try series.column("fed_funds")
        let end = try SeriesHistory.lastRow(series, asOf: asOf, needingDays: 90)
        let monthAgo = try SeriesHistory.row(series, daysBefore: 30, row: end)
        let quarterAgo = try SeriesHistory.row(series, daysBefore: 90, row: end)
        return MacroSummary(
            source: series.source,
            asOf: series.time[end],
            dxy: dxy[end],
            dxyChange30d: dxy[end] - dxy[monthAgo],
            dxyChange30dPercent: (dxy[end] / dxy[monthAgo] - 1) * 100,
            fedFunds: fedFunds[end],
            fedFundsChange90d: fedFunds[end] - fedFunds[quarterAgo])
    }
}
