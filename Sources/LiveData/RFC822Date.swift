import MarketData

/// RSS's dates (RFC 822 as updated by RFC 1123): `Wed, 02 Oct 2002 13:00:00 GMT`, `2 Oct 2002 08:00 -0500`.
///
/// The weekday is optional and not checked; seconds are optional; the zone is `GMT`/`UT`/`UTC`/`Z`, a US zone
/// (`EST`, `EDT`, `CST`, `CDT`, `MST`, `MDT`, `PST`, `PDT`) or a numeric `±hhmm`. Two-digit years are 19xx/20xx
/// by RFC 2822's rule (< 50 → 20xx).
enum RFC822Date {
    static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    static let zones: [String: Int] = [
        "gmt": 0, "ut": 0, "utc": 0, "z": 0, "est": -5, "edt": -4, "cst": -6, "cdt": -5, "mst": -7, "mdt": -6,
        "pst": -8, "pdt": -7,
    ]

    /// Unix epoch seconds, or nil when `text` is not such a date.
    static func epochSeconds(_ text: String) -> Int64? {
        var words = text.lowercased().split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).map(String.init)
        if let first = words.first, first.hasSuffix(",") || first.count == 3 && Int(first) == nil { words.removeFirst() }
        guard words.count == 5 || words.count == 4,
              let day = Int(words[0]), (1...31).contains(day),
              let monthIndex = months.firstIndex(of: String(words[1].prefix(3))),
              var year = Int(words[2])
        else { return nil }
        if words[2].count == 2 { year += year < 50 ? 2000 : 1900 }
        let clock = words[3].split(separator: ":").map { Int($0) }
        guard clock.count == 2 || clock.count == 3, !clock.contains(where: { $0 == nil }) else { return nil }
        let hour = clock[0]!, minute = clock[1]!, second = clock.count == 3 ? clock[2]! : 0
        guard (0...23).contains(hour), (0...59).contains(minute), (0...60).contains(second) else { return nil }
        var offsetSeconds = 0
        if words.count == 5 {
            let zone = words[4]
            if let hours = zones[zone] {
                offsetSeconds = hours * 3600
            } else if zone.count == 5, let sign = zone.first, sign == "+" || sign == "-",
                      let digits = Int(zone.dropFirst()) {
                offsetSeconds = (sign == "-" ? -1 : 1) * ((digits / 100) * 3600 + (digits % 100) * 60)
            } else {
                return nil
            }
        }
        let days = TimestampParser.daysFromCivil(year: year, month: monthIndex + 1, day: day)
        return Int64(days) * 86_400 + Int64(hour * 3600 + minute * 60 + second - offsetSeconds)
    }
}
