/// Time-aligned numeric columns read from a file that declares where its numbers come from.
/// Every figure computed from it carries `source` on, so synthetic samples are never mistaken for real data.
public struct LabelledSeries: Sendable, Equatable {
    /// Where the numbers come from: "synthetic-sample" for the files scripts/make_synthetic.py writes.
    public var source: String
    /// The file's label line as written (without the leading "#"), e.g. the generator and its seed.
    public var label: String
    /// Column name → values, one per row (the time column excluded).
    public var columns: [String: [Double]]
    /// Column names in file order.
    public var columnNames: [String]
    /// Row times, Unix epoch seconds (UTC), strictly increasing.
    public var time: [Int64]

    public init(source: String, label: String, columns: [String: [Double]], columnNames: [String], time: [Int64]) {
        self.source = source
        self.label = label
        self.columns = columns
        self.columnNames = columnNames
        self.time = time
    }

    /// The values of column `name`; throws `SeriesQueryError.missingColumn` when the series has no such column.
    public func column(_ name: String) throws -> [Double] {
        guard let values = columns[name] else {
            throw SeriesQueryError.missingColumn(name, available: columnNames)
        }
        return values
    }

    /// The index of the last row at or before `time`, or nil when every row is later.
    public func index(atOrBefore time: Int64) -> Int? {
        var low = 0, high = self.time.count  // first row later than `time` lies in low..<high
        while low < high {
            let mid = (low + high) / 2
            if self.time[mid] <= time { low = mid + 1 } else { high = mid }
        }
        return low == 0 ? nil : low - 1
    }

    /// The indices of the rows in the `days` calendar days ending with row `end`: times in (t_end - days, t_end].
    public func window(days: Int, endingAt end: Int) -> Range<Int> {
        let start = time[end] - Int64(days) * 86_400
        var first = end
        while first > 0 && time[first - 1] > start { first -= 1 }
        return first..<(end + 1)
    }
}

/// Why a summary could not be computed from a `LabelledSeries`.
public enum SeriesQueryError: Error, Equatable, CustomStringConvertible, Sendable {
    /// The series lacks a column the summary needs.
    case missingColumn(String, available: [String])
    /// No row lies at or before the requested time.
    case noDataBefore(Int64)
    /// Fewer than the needed days of history precede the requested time.
    case insufficientHistory(needed: Int, available: Int)

    public var description: String {
        switch self {
        case let .missingColumn(name, available):
            return "no column '\(name)' (columns: \(available.joined(separator: ", ")))"
        case let .noDataBefore(time):
            return "no row at or before epoch \(time)"
        case let .insufficientHistory(needed, available):
            return "needs \(needed) days of history, has \(available)"
        }
    }
}
