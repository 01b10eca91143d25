/// Row lookups and window statistics shared by the on-chain and macro summaries.
enum SeriesHistory {
    /// The last row at or before `asOf`, provided the series reaches back `needingDays` days before it.
    static func lastRow(_ series: LabelledSeries, asOf: Int64, needingDays days: Int) throws -> Int {
        guard let end = series.index(atOrBefore: asOf) else { throw SeriesQueryError.noDataBefore(asOf) }
        let available = Int((series.time[end] - series.time[0]) / 86_400)
        guard available >= days else { throw SeriesQueryError.insufficientHistory(needed: days, available: available) }
        return end
    }

    /// The last row at or before `days` days before row `row`.
    static func row(_ series: LabelledSeries, daysBefore days: Int, row: Int) throws -> Int {
        let time = series.time[row] - Int64(days) * 86_400
        guard let index = series.index(atOrBefore: time) else { throw SeriesQueryError.noDataBefore(time) }
        return index
    }

    static func mean(_ values: ArraySlice<Double>) -> Double {
        values.isEmpty ? .nan : values.reduce(0, +) / Double(values.count)
    }

    /// The sample (n − 1) standard deviation; 0 for fewer than two values.
    static func sampleStandardDeviation(_ values: ArraySlice<Double>) -> Double {
        guard values.count >= 2 else { return 0 }
        let m = mean(values)
        let squares = values.reduce(0) { $0 + ($1 - m) * ($1 - m) }
        return (squares / Double(values.count - 1)).squareRoot()
    }
}
