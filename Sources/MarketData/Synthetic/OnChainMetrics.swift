/// The on-chain figures a handler reports for one day, computed from a labelled series with the columns
/// `whale_transfers`, `exchange_netflow` and `active_addresses` (data/synthetic/onchain_btc_daily.csv).
public struct OnChainSummary: Sendable, Equatable {
    /// Where the numbers come from ("synthetic-sample" for the bundled files): report it with every figure.
    public var source: String
    /// The time of the row summarised: the last at or before the requested time.
    public var asOf: Int64
    /// Mean daily whale transfers over the last 7 days (ending at `asOf`).
    public var whaleTransfers7dMean: Double
    /// Mean daily whale transfers over the last 90 days (ending at `asOf`).
    public var whaleTransfers90dMean: Double
    /// (7-day mean − 90-day mean) / sample standard deviation of the 90 daily counts; 0 when they do not vary.
    public var whaleActivityZScore: Double
    /// Net coins moved onto exchanges over the last 7 days (positive: inflow, often read as selling pressure).
    public var exchangeNetflow7d: Double
    /// The sign of `exchangeNetflow7d`.
    public var netflowDirection: NetflowDirection
    /// Active addresses on `asOf`.
    public var activeAddresses: Double
    /// Active addresses on `asOf` relative to 30 days earlier, minus 1 (0.05 = +5%).
    public var activeAddressGrowth30d: Double
}

/// Which way coins moved on balance.
public enum NetflowDirection: String, Sendable {
    case inflow, outflow, flat
}

/// Computes `OnChainSummary` from an on-chain `LabelledSeries`.
public enum OnChainMetrics {
    /// The summary for the last row at or before `asOf` (epoch seconds). Needs 90 days of history.
    /// Throws `SeriesQueryError` when a column is missing or history is too short.
    public static func summary(_ series: LabelledSeries, asOf: Int64) throws -> OnChainSummary {
        let whales = try series.column("whale_transfers")
        let netflow = try series.column("exchange_netflow")
        let addresses = try series.column("active_addresses")
        let end = try SeriesHistory.lastRow(series, asOf: asOf, needingDays: 90)

        let week = series.window(days: 7, endingAt: end)
        let quarter = series.window(days: 90, endingAt: end)
        let mean7 = SeriesHistory.mean(whales[week])
        let mean90 = SeriesHistory.mean(whales[quarter])
        let deviation = SeriesHistory.sampleStandardDeviation(whales[quarter])
        let flow = netflow[week].reduce(0, +)
        let monthAgo = try SeriesHistory.row(series, daysBefore: 30, row: end)

        return OnChainSummary(
            source: series.source,
            asOf: series.time[end],
            whaleTransfers7dMean: mean7,
            whaleTransfers90dMean: mean90,
            whaleActivityZScore: deviation > 0 ? (mean7 - mean90) / deviation : 0,
            exchangeNetflow7d: flow,
            netflowDirection: flow > 0 ? .inflow : flow < 0 ? .outflow : .flat,
            activeAddresses: addresses[end],
            activeAddressGrowth30d: addresses[end] / addresses[monthAgo] - 1)
    }
}
