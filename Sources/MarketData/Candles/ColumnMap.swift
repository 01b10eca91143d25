/// Where a file's fields are: the layout recognised from its first lines and the field index of each column.
struct ColumnMap {
    var layout: CandleLayout
    /// Lines (banner, header) before the first data row.
    var skipLines: Int
    /// Header names, as written; used in error messages.
    var names: [String]
    var time: Int
    var open: Int
    var high: Int
    var low: Int
    var close: Int
    var volume: Int
    var fieldCount: Int { names.count }

    static let binanceNames = [
        "open time", "open", "high", "low", "close", "volume", "close time", "quote volume", "trades",
        "taker base volume", "taker quote volume", "ignore",
    ]
    private static let timeNames = ["unix", "unix timestamp", "timestamp", "time", "open time", "date", "datetime",
                                    "date time"]
    private static let quoteCurrencies: Set<String> = ["usd", "usdt", "usdc", "busd", "eur", "gbp", "jpy", "krw",
                                                       "quote", "tusd", "dai"]

    /// Recognises the layout from the first non-blank lines (split into fields). `file` names errors.
    static func detect(firstLines: [[String]], file: String) throws -> ColumnMap {
        guard var header = firstLines.first else { throw CandleError(file: file, line: 0, message: "no data") }
        var skip = 1
        var banner = false
        let first = header.joined(separator: ",").lowercased()
        if header.count < 5 || first.hasPrefix("http") || first.contains("cryptodatadownload") {
            guard firstLines.count > 1 else {
                throw CandleError(file: file, line: 1, message: "a banner line and no header after it")
            }
            header = firstLines[1]
            skip = 2
            banner = true
        }
        let names = header.map { $0.trimmingSpacesAndQuotes() }
        let normal = names.map { $0.lowercased().replacingUnderscores() }

        if let firstField = normal.first, !firstField.isEmpty, firstField.allSatisfy({ $0.isNumber }) {
            guard names.count >= 6 else {
                throw CandleError(file: file, line: skip, message: "a headerless row with \(names.count) fields; "
                                  + "Binance klines have at least 6")
            }
            var labels = Array(binanceNames.prefix(names.count))
            while labels.count < names.count { labels.append("field \(labels.count + 1)") }
            return ColumnMap(layout: .binance, skipLines: skip - 1, names: labels, time: 0, open: 1, high: 2, low: 3,
                             close: 4, volume: 5)
        }

        func index(_ name: String) -> Int? { normal.firstIndex(of: name) }
        func require(_ name: String) throws -> Int {
            guard let i = index(name) else {
                throw CandleError(file: file, line: skip, message: "header \(names) has no '\(name)' column")
            }
            return i
        }
        let layout: CandleLayout
        let time: Int
        if normal.first == "" {
            layout = .backtestingPy
            time = 0
        } else {
            guard let t = timeNames.lazy.compactMap({ index($0) }).first else {
                throw CandleError(file: file, line: skip, message: "header \(names) has no time column "
                                  + "(one of \(timeNames.joined(separator: ", ")))")
            }
            time = t
            if banner || index("symbol") != nil || normal.contains(where: { $0.hasPrefix("volume ") }) {
                layout = .cryptoDataDownload
            } else if index("adj close") != nil {
                layout = .yahoo
            } else if index("close time") != nil {
                layout = .binance
            } else {
                layout = .plain
            }
        }
        return ColumnMap(
            layout: layout, skipLines: skip, names: names, time: time, open: try require("open"),
            high: try require("high"), low: try require("low"), close: try require("close"),
            volume: try volumeColumn(normal, names: names, file: file, line: skip))
    }

    /// `volume` if present; otherwise the base-asset `volume XXX` column (e.g. `Volume BTC` over `Volume USD`).
    private static func volumeColumn(_ normal: [String], names: [String], file: String, line: Int) throws -> Int {
        if let i = normal.firstIndex(of: "volume") { return i }
        let candidates = normal.indices.filter { normal[$0].hasPrefix("volume ") }
        if let base = candidates.first(where: { !quoteCurrencies.contains(String(normal[$0].dropFirst(7))) }) {
            return base
        }
        if let any = candidates.first { return any }
        throw CandleError(file: file, line: line, message: "header \(names) has no volume column")
    }
}

extension String {
    func trimmingSpacesAndQuotes() -> String {
        var s = Substring(self)
        while let c = s.first, c == " " || c == "\"" || c == "\u{FEFF}" || c == "\r" || c == "\t" { s.removeFirst() }
        while let c = s.last, c == " " || c == "\"" || c == "\r" || c == "\t" { s.removeLast() }
        return String(s)
    }

    func replacingUnderscores() -> String { String(map { $0 == "_" ? " " : $0 }) }
}
