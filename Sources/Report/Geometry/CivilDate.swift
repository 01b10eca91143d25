/// A UTC calendar date from epoch seconds and back (Howard Hinnant's civil-from-days algorithm), for axis
/// labels and monthly returns without a Foundation formatter per value.
public struct CivilDate: Sendable, Hashable {
    public var year: Int
    public var month: Int
    public var day: Int
    public var secondsOfDay: Int = 0

    public init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    public init(epoch: Int64) {
        let days = epoch >= 0 ? epoch / 86_400 : (epoch - 86_399) / 86_400
        secondsOfDay = Int(epoch - days * 86_400)
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        day = Int(doy - (153 * mp + 2) / 5 + 1)
        month = Int(mp < 10 ? mp + 3 : mp - 9)
        year = Int(yoe + era * 400 + (month <= 2 ? 1 : 0))
    }

    /// Midnight UTC of this date, epoch seconds.
    public var epoch: Int64 {
        let y = Int64(month <= 2 ? year - 1 : year)
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let m = Int64(month)
        let doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + Int64(day) - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return (era * 146_097 + doe - 719_468) * 86_400
    }

    static func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
    public var monthLabel: String { "\(year)-\(Self.two(month))" }
    public var dayLabel: String { "\(year)-\(Self.two(month))-\(Self.two(day))" }
    public var hourLabel: String { "\(Self.two(month))-\(Self.two(day)) \(Self.two(secondsOfDay / 3600)):00" }
    /// `2021-03-14 09:00` (hours and minutes only when not midnight).
    public var label: String {
        secondsOfDay == 0 ? dayLabel : "\(dayLabel) \(Self.two(secondsOfDay / 3600)):\(Self.two(secondsOfDay % 3600 / 60))"
    }
}
