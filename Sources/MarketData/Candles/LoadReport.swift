/// The file layouts `CandleLoader` recognises from a file's first lines.
public enum CandleLayout: String, Sendable, CaseIterable {
    /// `time,open,high,low,close,volume` with epoch seconds or ISO dates/datetimes.
    case plain
    /// CryptoDataDownload exports: a banner line, newest first, `Date,Symbol,Open,...,Volume BTC,Volume USD`.
    case cryptoDataDownload
    /// Yahoo Finance exports: `Date,Open,High,Low,Close,Adj Close,Volume`, `null` rows, UTC offsets.
    case yahoo
    /// backtesting.py's layout: an unnamed datetime index column, `,Open,High,Low,Close,Volume`.
    case backtestingPy
    /// Binance kline CSVs: no header, open time in milliseconds (or microseconds), 12 columns.
    case binance
}

/// A row the loader left out, with why.
public struct DroppedRow: Sendable, Equatable {
    /// 1-based line number in the file.
    public let line: Int
    public let reason: String
}

/// A stretch with no bars: bars exist at `start` and `end` but the `missingBars` between them do not.
public struct Gap: Sendable, Equatable {
    /// Open time of the last bar before the hole (UTC epoch seconds).
    public let start: Int64
    /// Open time of the first bar after the hole (UTC epoch seconds).
    public let end: Int64
    /// Bars of the detected interval that would fit strictly between `start` and `end`.
    public let missingBars: Int
}

/// What `CandleLoader` found in a file and did to it. Nothing is dropped without being counted here.
public struct LoadReport: Sendable {
    /// How many dropped rows `droppedRows` keeps in detail.
    public static let droppedDetailLimit = 20

    public var layout: CandleLayout
    /// Data rows read (header and banner lines excluded, blank lines ignored).
    public var rowsRead = 0
    /// Rows that shared an instant with a later row in the file; the later row won.
    public var duplicates = 0
    /// Rows left out: missing prices (empty, `null`, `NaN`) always, malformed rows in lenient mode.
    public var droppedCount = 0
    /// The first `droppedDetailLimit` dropped rows with their line numbers and reasons.
    public var droppedRows: [DroppedRow] = []
    /// True if the file listed bars newest first (CryptoDataDownload does) or out of order.
    public var wasReordered = false
    /// The bar interval: the median spacing between consecutive bars, seconds (0 with fewer than 2 bars).
    public var intervalSeconds: Int64 = 0
    /// Every spacing larger than 1.5 intervals. Gaps are reported, never filled.
    public var gaps: [Gap] = []
    /// Set when the series was cut at a point in time (UTC epoch seconds): the report then describes the bars
    /// known at that instant only; duplicates and dropped rows, which cannot be dated, are not counted.
    public var cutAt: Int64?

    public init(layout: CandleLayout) { self.layout = layout }

    mutating func drop(line: Int, reason: String) {
        droppedCount += 1
        if droppedRows.count < Self.droppedDetailLimit { droppedRows.append(DroppedRow(line: line, reason: reason)) }
    }
}
