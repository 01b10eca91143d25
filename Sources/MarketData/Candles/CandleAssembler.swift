/// Turns rows in file order into a series: oldest first, one bar per instant (the row later in the file
/// wins), the bar interval taken as the median spacing, and every spacing above 1.5 intervals reported.
enum CandleAssembler {
    static func assemble(_ rows: CandleLoader.RawRows, source: String) -> CandleSeries {
        var report = rows.report
        let t = rows.time
        var strictlyAscending = true
        var nonDecreasing = true
        if t.count > 1 {
            for i in 1..<t.count where t[i] <= t[i - 1] {
                strictlyAscending = false
                if t[i] < t[i - 1] { nonDecreasing = false; break }
            }
        }
        if strictlyAscending {
            report.intervalSeconds = medianSpacing(t)
            report.gaps = gaps(t, interval: report.intervalSeconds)
            return CandleSeries(time: t, open: rows.open, high: rows.high, low: rows.low, close: rows.close,
                                volume: rows.volume, report: report, source: source)
        }
        report.wasReordered = !nonDecreasing
        // Stable order by time; among equal instants keep the one latest in the file.
        let order = t.indices.sorted { t[$0] != t[$1] ? t[$0] < t[$1] : $0 < $1 }
        var keep: [Int] = []
        keep.reserveCapacity(order.count)
        for i in order {
            if let last = keep.last, t[last] == t[i] {
                keep[keep.count - 1] = i
                report.duplicates += 1
            } else {
                keep.append(i)
            }
        }
        let time = keep.map { t[$0] }
        report.intervalSeconds = medianSpacing(time)
        report.gaps = gaps(time, interval: report.intervalSeconds)
        return CandleSeries(
            time: time, open: keep.map { rows.open[$0] }, high: keep.map { rows.high[$0] },
            low: keep.map { rows.low[$0] }, close: keep.map { rows.close[$0] }, volume: keep.map { rows.volume[$0] },
            report: report, source: source)
    }

    /// The median of consecutive spacings (the upper median for an even count); 0 with fewer than two bars.
    static func medianSpacing(_ time: [Int64]) -> Int64 {
        guard time.count > 1 else { return 0 }
        let m = time.count - 1
        // Regular series: if one spacing covers more than half of them it is the median; no sort needed.
        let candidate = time[1] - time[0]
        var hits = 0
        for i in 1..<time.count where time[i] - time[i - 1] == candidate { hits += 1 }
        if hits * 2 > m { return candidate }
        var spacings = (1..<time.count).map { time[$0] - time[$0 - 1] }
        spacings.sort()
        return spacings[m / 2]
    }

    static func gaps(_ time: [Int64], interval: Int64) -> [Gap] {
        guard interval > 0, time.count > 1 else { return [] }
        var found: [Gap] = []
        for i in 1..<time.count {
            let d = time[i] - time[i - 1]
            if 2 * d > 3 * interval {
                let missing = Int((Double(d) / Double(interval)).rounded()) - 1
                found.append(Gap(start: time[i - 1], end: time[i], missingBars: missing))
            }
        }
        return found
    }
}
