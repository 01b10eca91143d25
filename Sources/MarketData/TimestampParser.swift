/// Parses the timestamps data files use into Unix epoch seconds (UTC): ISO 8601 dates and date-times
/// (`2018-12-15`, `2018-12-15T08:30:00Z`, `2018-12-15T08:30:00.250+02:00`, `2018-12-15 08:30:00`, no zone = UTC)
/// and plain epoch seconds (`1544832000`, `1544832000.5`, truncated to whole seconds).
public enum TimestampParser {
    /// The epoch seconds of `text`, or nil when it is neither an ISO 8601 date(-time) nor a number.
    public static func epochSeconds(_ text: String) -> Int64? {
        let bytes = Array(text.utf8)
        if bytes.count >= 10, bytes[4] == UInt8(ascii: "-") { return iso8601(bytes) }
        if let seconds = Int64(text) { return seconds }
        if let seconds = Double(text), seconds.isFinite, abs(seconds) < 1e15 { return Int64(seconds.rounded(.down)) }
        return nil
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil).
    public static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146097 + dayOfEra - 719468
    }

    private static func iso8601(_ b: [UInt8]) -> Int64? {
        func number(_ from: Int, _ count: Int) -> Int? {
            guard from + count <= b.count else { return nil }
            var value = 0
            for i in from..<(from + count) {
                guard b[i] >= 0x30 && b[i] <= 0x39 else { return nil }
                value = value * 10 + Int(b[i] - 0x30)
            }
            return value
        }
        guard let year = number(0, 4), let month = number(5, 2), let day = number(8, 2), b[7] == UInt8(ascii: "-"),
              (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year) else { return nil }
        var seconds = Int64(daysFromCivil(year: year, month: month, day: day)) * 86_400
        if b.count == 10 { return seconds }
        guard b[10] == UInt8(ascii: "T") || b[10] == UInt8(ascii: " "),
              let hour = number(11, 2), let minute = number(14, 2), b[13] == UInt8(ascii: ":"),
              hour < 24, minute < 60 else { return nil }
        var i = 16
        var second = 0
        if i < b.count, b[i] == UInt8(ascii: ":") {
            guard let s = number(17, 2), s < 61 else { return nil }
            second = s
            i = 19
            if i < b.count, b[i] == UInt8(ascii: ".") {
                i += 1
                let start = i
                while i < b.count, b[i] >= 0x30 && b[i] <= 0x39 { i += 1 }
                guard i > start else { return nil }
            }
        }
        seconds += Int64(hour * 3600 + minute * 60 + second)
        if i == b.count { return seconds }
        if b[i] == UInt8(ascii: "Z") { return i + 1 == b.count ? seconds : nil }
        guard b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-"), let offsetHours = number(i + 1, 2) else { return nil }
        var offsetMinutes = 0
        if i + 3 == b.count {
            offsetMinutes = 0
        } else if b.count == i + 6, b[i + 3] == UInt8(ascii: ":"), let m = number(i + 4, 2) {
            offsetMinutes = m
        } else if b.count == i + 5, let m = number(i + 3, 2) {
            offsetMinutes = m
        } else {
            return nil
        }
        let offset = Int64(offsetHours * 3600 + offsetMinutes * 60)
        return b[i] == UInt8(ascii: "+") ? seconds - offset : seconds + offset
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}
