/// Byte-level reading of one CSV time field into UTC epoch seconds.
///
/// Accepted: integer (or decimal) epochs — seconds, milliseconds (≥ 1e11) or microseconds (≥ 1e14), told
/// apart by magnitude, as Binance and CryptoDataDownload mix them — and ISO-style dates
/// `YYYY-MM-DD[( |T)HH:MM[:SS[.fff]]][Z|±HH:MM|±HHMM]` plus CryptoDataDownload's `YYYY-MM-DD HH-AM|PM`.
/// A stamp without a zone is UTC; one with an offset is converted (`09:30:00-05:00` is 14:30 UTC).
enum TimestampField {
    /// Parses bytes `start..<end` of `base`; nil if the field is not a timestamp.
    static func parse(_ base: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Int64? {
        guard start < end else { return nil }
        var allDigits = true
        for j in start..<end where base[j] &- 48 >= 10 && base[j] != UInt8(ascii: ".") {
            allDigits = false
            break
        }
        return allDigits ? epoch(base, start, end) : calendar(base, start, end)
    }

    private static func epoch(_ base: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Int64? {
        var whole: Int64 = 0
        var i = start
        var digits = 0
        while i < end, base[i] != UInt8(ascii: ".") {
            whole = whole &* 10 &+ Int64(base[i] &- 48)
            digits += 1
            i += 1
        }
        guard digits > 0, digits <= 18 else { return nil }
        if i < end {  // fractional part: must be digits only
            for j in (i + 1)..<end where base[j] &- 48 >= 10 { return nil }
        }
        if whole >= 100_000_000_000_000 { return whole / 1_000_000 }  // microseconds
        if whole >= 100_000_000_000 { return whole / 1_000 }  // milliseconds
        return whole
    }

    @inline(__always)
    private static func number(_ base: UnsafePointer<UInt8>, _ at: Int, _ count: Int, _ end: Int) -> Int? {
        guard at + count <= end else { return nil }
        var v = 0
        for j in at..<(at + count) {
            let d = base[j] &- 48
            guard d < 10 else { return nil }
            v = v * 10 + Int(d)
        }
        return v
    }

    private static func calendar(_ base: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Int64? {
        guard let year = number(base, start, 4, end), start + 10 <= end,
            base[start + 4] == UInt8(ascii: "-") || base[start + 4] == UInt8(ascii: "/"),
            base[start + 7] == base[start + 4],
            let month = number(base, start + 5, 2, end), let day = number(base, start + 8, 2, end),
            (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year)
        else { return nil }
        var seconds = TimestampParser.daysFromCivil(year: year, month: month, day: day) * 86_400
        var i = start + 10
        if i == end { return Int64(seconds) }
        guard base[i] == UInt8(ascii: " ") || base[i] == UInt8(ascii: "T") else { return nil }
        i += 1
        guard let hour = number(base, i, 2, end) else { return nil }
        i += 2
        guard i < end else { return nil }
        if base[i] == UInt8(ascii: "-"), i + 3 == end {  // CryptoDataDownload: "09-AM", "12-PM"
            let a = base[i + 1] | 0x20, m = base[i + 2] | 0x20
            guard (1...12).contains(hour), m == UInt8(ascii: "m"), a == UInt8(ascii: "a") || a == UInt8(ascii: "p")
            else { return nil }
            let h24 = (hour % 12) + (a == UInt8(ascii: "p") ? 12 : 0)
            return Int64(seconds + h24 * 3_600)
        }
        guard base[i] == UInt8(ascii: ":"), let minute = number(base, i + 1, 2, end), hour < 24, minute < 60
        else { return nil }
        i += 3
        var second = 0
        if i < end, base[i] == UInt8(ascii: ":") {
            guard let s = number(base, i + 1, 2, end), s <= 60 else { return nil }
            second = s
            i += 3
            if i < end, base[i] == UInt8(ascii: ".") {  // fractional seconds are truncated
                i += 1
                while i < end, base[i] &- 48 < 10 { i += 1 }
            }
        }
        seconds += hour * 3_600 + minute * 60 + second
        guard let offset = zoneOffset(base, i, end) else { return nil }
        return Int64(seconds - offset)
    }

    /// Seconds east of UTC for `Z`, `±HH:MM`, `±HHMM`, `±HH`, or nothing (UTC).
    private static func zoneOffset(_ base: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Int? {
        var i = start
        if i < end, base[i] == UInt8(ascii: " ") { i += 1 }
        if i == end { return 0 }
        if base[i] == UInt8(ascii: "Z"), i + 1 == end { return 0 }
        if end - i == 3, base[i] == UInt8(ascii: "U"), base[i + 1] == UInt8(ascii: "T"), base[i + 2] == UInt8(ascii: "C") {
            return 0
        }
        let sign: Int
        switch base[i] {
        case UInt8(ascii: "+"): sign = 1
        case UInt8(ascii: "-"): sign = -1
        default: return nil
        }
        guard let hours = number(base, i + 1, 2, end), hours <= 14 else { return nil }
        i += 3
        var minutes = 0
        if i < end {
            if base[i] == UInt8(ascii: ":") { i += 1 }
            guard let m = number(base, i, 2, end), m < 60, i + 2 == end else { return nil }
            minutes = m
        }
        return sign * (hours * 3_600 + minutes * 60)
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}
