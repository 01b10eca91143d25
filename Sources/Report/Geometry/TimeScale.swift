/// Maps UTC epoch seconds onto pixels, with ticks at round calendar instants (hours, days, month starts, years).
public struct TimeScale: Sendable {
    public let scale: LinearScale

    public init(domain start: Int64, _ end: Int64, range from: Double, _ to: Double) {
        scale = LinearScale(domain: Double(start), Double(end), range: from, to)
    }

    public func callAsFunction(_ time: Int64) -> Double { scale(Double(time)) }

    /// About `count` ticks, each with its label: `2021` for years, `2021-03` for months, `03-14` for days,
    /// `14:00` for hours (the first tick of a coarser unit says more).
    public func ticks(count: Int = 6) -> [(time: Int64, label: String)] {
        let start = Int64(scale.domain.lower), end = Int64(scale.domain.upper)
        let span = max(end - start, 1)
        let hour: Int64 = 3_600, day: Int64 = 86_400
        let fixed: [Int64] = [hour, 2 * hour, 3 * hour, 6 * hour, 12 * hour, day, 2 * day, 7 * day, 14 * day]
        if let step = fixed.first(where: { span / $0 <= Int64(count) }) {
            var t = (start + step - 1) / step * step
            var out: [(time: Int64, label: String)] = []
            while t <= end {
                let date = CivilDate(epoch: t)
                out.append((time: t, label: step < day ? date.hourLabel : date.dayLabel))
                t += step
            }
            return out
        }
        // Months: 1, 2, 3, 6, 12, 24, 60 months apart, on month starts.
        let months = Int(span / (30 * day))
        let stepMonths = [1, 2, 3, 6, 12, 24, 60, 120].first { months / $0 <= count } ?? 120
        var date = CivilDate(epoch: start)
        var index = date.year * 12 + (date.month - 1)
        if date.day != 1 || date.secondsOfDay != 0 { index += 1 }
        index = (index + stepMonths - 1) / stepMonths * stepMonths
        var out: [(time: Int64, label: String)] = []
        while true {
            date = CivilDate(year: index / 12, month: index % 12 + 1, day: 1)
            let t = date.epoch
            if t > end { break }
            out.append((time: t, label: stepMonths >= 12 ? String(date.year) : date.monthLabel))
            index += stepMonths
        }
        return out
    }
}
