/// Returns by calendar month (UTC) from an equity curve: each month's last value against the month before's last
/// (the curve's first value for the first month), compounded into each year's total.
public struct MonthlyReturns: Sendable, Equatable {
    public struct Year: Sendable, Equatable {
        public var year: Int
        /// Twelve entries, January first; nil where the curve has no value in that month.
        public var months: [Double?]
        /// The year's compounded return over the months it has.
        public var total: Double
    }

    public var years: [Year] = []

    public init(times: [Int64], values: [Double]) {
        precondition(times.count == values.count, "MonthlyReturns needs a value per time")
        guard var previous = values.first else { return }
        var lastOfMonth: [(year: Int, month: Int, value: Double)] = []
        for (t, v) in zip(times, values) where v.isFinite {
            let d = CivilDate(epoch: t)
            if let last = lastOfMonth.last, last.year == d.year, last.month == d.month {
                lastOfMonth[lastOfMonth.count - 1].value = v
            } else {
                lastOfMonth.append((d.year, d.month, v))
            }
        }
        var byYear: [Int: [Double?]] = [:]
        var order: [Int] = []
        for entry in lastOfMonth {
            if byYear[entry.year] == nil { byYear[entry.year] = Array(repeating: nil, count: 12); order.append(entry.year) }
            byYear[entry.year]![entry.month - 1] = previous != 0 ? entry.value / previous - 1 : 0
            previous = entry.value
        }
        years = order.map { y in
            let months = byYear[y]!
            let total = months.compactMap { $0 }.reduce(1.0) { $0 * (1 + $1) } - 1
            return Year(year: y, months: months, total: total)
        }
    }
}
