/// A loaded OHLCV series: parallel columns, oldest bar first, one bar per distinct UTC instant.
///
/// The columns are plain arrays so indicators can take them directly; `slice(_:)` and `upTo(epoch:)` give
/// `CandleSlice` views that share the storage instead of copying it.
public struct CandleSeries: Sendable {
    /// Bar open times, UTC epoch seconds, strictly ascending.
    public let time: [Int64]
    public let open: [Double]
    public let high: [Double]
    public let low: [Double]
    public let close: [Double]
    /// Volume in the base asset where the source offers it (e.g. BTC for BTC/USD).
    public let volume: [Double]
    /// What the loader found and did: layout, rows read, duplicates, dropped rows, gaps, bar interval.
    public let report: LoadReport
    /// The file the series was read from (or the name given to `CandleLoader.parse`).
    public let source: String

    /// Builds a series from columns of equal length whose times are strictly ascending.
    public init(
        time: [Int64], open: [Double], high: [Double], low: [Double], close: [Double], volume: [Double],
        report: LoadReport, source: String
    ) {
        precondition(
            [open.count, high.count, low.count, close.count, volume.count].allSatisfy { $0 == time.count },
            "CandleSeries columns must have equal lengths")
        self.time = time
        self.open = open
        self.high = high
        self.low = low
        self.close = close
        self.volume = volume
        self.report = report
        self.source = source
    }

    /// Number of bars.
    public var count: Int { time.count }

    /// The bars in `range` (indices into this series), sharing storage.
    public func slice(_ range: Range<Int>) -> CandleSlice {
        precondition(range.lowerBound >= 0 && range.upperBound <= count, "slice \(range) out of 0..<\(count)")
        return CandleSlice(series: self, indices: range)
    }

    /// The bars in `range`, sharing storage.
    public subscript(range: Range<Int>) -> CandleSlice { slice(range) }

    /// Index of the last bar whose open time is at or before `epoch`, or nil if every bar is later.
    public func lastIndex(atOrBefore epoch: Int64) -> Int? {
        var lo = 0
        var hi = count  // first index with time > epoch lies in lo..<=hi
        while lo < hi {
            let mid = (lo + hi) / 2
            if time[mid] <= epoch { lo = mid + 1 } else { hi = mid }
        }
        return lo == 0 ? nil : lo - 1
    }

    /// The bar interval as it was knowable at `epoch`: the median spacing (as the loader takes it) of the bars that
    /// had opened by then; the file's interval when fewer than two had.
    public func interval(knownAt epoch: Int64) -> Int64 {
        let opened = (lastIndex(atOrBefore: epoch) ?? -1) + 1
        guard opened >= 2 else { return report.intervalSeconds }
        if opened == count { return report.intervalSeconds }
        return CandleAssembler.medianSpacing(Array(time[0..<opened]))
    }

    /// The gaps between the bars `0..<end` for bars of `interval` seconds (every spacing above 1.5 intervals).
    public func gaps(before end: Int, interval: Int64) -> [Gap] {
        CandleAssembler.gaps(Array(time[0..<end]), interval: interval)
    }

    /// Every bar that opened at or before `epoch` (UTC seconds): what was knowable "as of" that instant,
    /// provided the caller treats the last bar as closed. Shares storage.
    public func upTo(epoch: Int64) -> CandleSlice {
        slice(0..<((lastIndex(atOrBefore: epoch) ?? -1) + 1))
    }
}

/// A contiguous run of bars of a `CandleSeries`, viewed without copying.
public struct CandleSlice: Sendable {
    /// The series this slice views.
    public let series: CandleSeries
    /// The bar indices of `series` in this slice.
    public let indices: Range<Int>

    public var count: Int { indices.count }
    public var time: ArraySlice<Int64> { series.time[indices] }
    public var open: ArraySlice<Double> { series.open[indices] }
    public var high: ArraySlice<Double> { series.high[indices] }
    public var low: ArraySlice<Double> { series.low[indices] }
    public var close: ArraySlice<Double> { series.close[indices] }
    public var volume: ArraySlice<Double> { series.volume[indices] }

    /// A standalone series holding copies of these bars (same report and source).
    public func materialized() -> CandleSeries {
        CandleSeries(
            time: Array(time), open: Array(open), high: Array(high), low: Array(low), close: Array(close),
            volume: Array(volume), report: series.report, source: series.source)
    }
}
