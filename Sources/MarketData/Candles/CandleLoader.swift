import Foundation

/// Reads OHLCV files (plain, CryptoDataDownload, Yahoo Finance, backtesting.py, Binance klines) into a
/// `CandleSeries`: UTC epoch seconds, oldest first, duplicates resolved, gaps reported.
///
/// A malformed row (wrong field count, non-numeric price, unparseable date, high below low) throws a
/// `CandleError` naming `file:line:column`; with `lenient: true` it is dropped and counted in the report
/// instead. Rows with a missing price (empty, `null`, `NaN`) are always dropped and counted.
public enum CandleLoader {
    /// Loads the file at `path`; `name` (default `path`) stands for it in errors and in `CandleSeries.source`.
    public static func load(path: String, lenient: Bool = false, named name: String? = nil) throws -> CandleSeries {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CandleError(file: name ?? path, line: 0, message: "cannot read the file")
        }
        return try parse(data: data, name: name ?? path, lenient: lenient)
    }

    /// Parses in-memory CSV text; `name` stands for the file in errors and in `CandleSeries.source`.
    public static func parse(text: String, name: String, lenient: Bool = false) throws -> CandleSeries {
        try parse(data: Array(text.utf8), name: name, lenient: lenient)
    }

    /// Parses in-memory CSV bytes; `name` stands for the file in errors and in `CandleSeries.source`.
    public static func parse<Bytes: Collection<UInt8>>(data: Bytes, name: String, lenient: Bool = false) throws
        -> CandleSeries
    {
        var bytes = [UInt8]()
        bytes.reserveCapacity(data.count + 1)
        bytes.append(contentsOf: data)
        bytes.append(0)  // NumberField's strtod fallback relies on a terminator after the last field
        let rows = try bytes.withUnsafeBufferPointer { buffer in
            try readRows(buffer.baseAddress!, count: buffer.count - 1, name: name, lenient: lenient)
        }
        return CandleAssembler.assemble(rows, source: name)
    }

    /// The rows as read, in file order, before sorting and de-duplication.
    struct RawRows {
        var time: [Int64] = []
        var open: [Double] = []
        var high: [Double] = []
        var low: [Double] = []
        var close: [Double] = []
        var volume: [Double] = []
        var report: LoadReport

        mutating func reserve(_ n: Int) {
            time.reserveCapacity(n); open.reserveCapacity(n); high.reserveCapacity(n)
            low.reserveCapacity(n); close.reserveCapacity(n); volume.reserveCapacity(n)
        }
    }

    private static func readRows(_ base: UnsafePointer<UInt8>, count: Int, name: String, lenient: Bool) throws
        -> RawRows
    {
        var lines = LineScanner(base: base, count: count)
        let maxFields = 64
        let starts = UnsafeMutablePointer<Int>.allocate(capacity: maxFields)
        let ends = UnsafeMutablePointer<Int>.allocate(capacity: maxFields)
        defer { starts.deallocate(); ends.deallocate() }

        // Detection looks at the first two non-blank lines.
        var probe = lines
        var firstLines: [[String]] = []
        while firstLines.count < 2, let l = probe.next() {
            let n = FieldSplitter.split(base, l.start, l.end, starts, ends, maxFields)
            firstLines.append((0..<min(n, maxFields)).map {
                String(decoding: UnsafeBufferPointer(start: base + starts[$0], count: ends[$0] - starts[$0]),
                       as: UTF8.self)
            })
        }
        let map = try ColumnMap.detect(firstLines: firstLines, file: name)
        for _ in 0..<map.skipLines { _ = lines.next() }

        var rows = RawRows(report: LoadReport(layout: map.layout))
        rows.reserve(count / 40)
        let priceColumns = [map.open, map.high, map.low, map.close, map.volume]
        var values = [0.0, 0.0, 0.0, 0.0, 0.0]
        // No export holds a bar opened after tomorrow: a year typed 2999 for 2019 would become the run's as-of.
        let latest = Int64(Date().timeIntervalSince1970) + 2 * 86_400

        func fieldText(_ i: Int) -> String {
            String(decoding: UnsafeBufferPointer(start: base + starts[i], count: ends[i] - starts[i]), as: UTF8.self)
        }
        func malformed(_ line: Int, _ column: Int?, _ message: String) throws {
            let error = CandleError(file: name, line: line, column: column.map { $0 + 1 },
                                    columnName: column.map { map.names[$0] }, message: message)
            if !lenient { throw error }
            rows.report.drop(line: line, reason: error.description)
        }

        rowLoop: while let l = lines.next() {
            rows.report.rowsRead += 1
            let n = FieldSplitter.split(base, l.start, l.end, starts, ends, maxFields)
            guard n == map.fieldCount else {
                try malformed(l.number, nil, "expected \(map.fieldCount) fields, found \(n)")
                continue
            }
            guard let t = TimestampField.parse(base, starts[map.time], ends[map.time]) else {
                try malformed(l.number, map.time, "not a date, time or epoch: '\(fieldText(map.time))'")
                continue
            }
            var missing: Int? = nil
            for k in 0..<5 {
                let c = priceColumns[k]
                switch NumberField.parse(base, starts[c], ends[c]) {
                case .number(let v): values[k] = v
                case .missing: if missing == nil { missing = c }
                case .malformed:
                    try malformed(l.number, c, "not a number: '\(fieldText(c))'")
                    continue rowLoop
                }
            }
            if let c = missing {
                rows.report.drop(line: l.number, reason: "\(name):\(l.number):\(c + 1): \(map.names[c]): missing value")
                continue
            }
            if let bad = try rowProblem(values, time: t, latest: latest) {
                try malformed(l.number, bad.column.map { priceColumns[$0] } ?? map.time, bad.message)
                continue
            }
            rows.time.append(t)
            rows.open.append(values[0])
            rows.high.append(values[1])
            rows.low.append(values[2])
            rows.close.append(values[3])
            rows.volume.append(values[4])
        }
        return rows
    }
}

extension CandleLoader {
    /// What is wrong with a row's numbers (open, high, low, close, volume) and time, and the value's index (nil:
    /// the time); nil when the bar is sound. Prices are finite and positive, the volume finite and not negative,
    /// open and close inside low...high, and the bar not opened after `latest`.
    static func rowProblem(_ v: [Double], time: Int64, latest: Int64) throws -> (column: Int?, message: String)? {
        let names = ["open", "high", "low", "close", "volume"]
        for k in 0..<5 where !v[k].isFinite { return (k, "\(names[k]) is not a finite number (\(v[k]))") }
        for k in 0..<4 where v[k] <= 0 { return (k, "\(names[k]) \(v[k]) is not a positive price") }
        if v[4] < 0 { return (4, "volume \(v[4]) is negative") }
        if v[1] < v[2] { return (1, "high \(v[1]) is below low \(v[2])") }
        if v[0] > v[1] || v[0] < v[2] { return (0, "open \(v[0]) is outside the bar's low \(v[2]) to high \(v[1])") }
        if v[3] > v[1] || v[3] < v[2] { return (3, "close \(v[3]) is outside the bar's low \(v[2]) to high \(v[1])") }
        if time > latest { return (nil, "the bar opens \(ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: TimeInterval(time)))), after today") }
        return nil
    }
}

/// Walks the non-blank lines of a byte buffer, stripping `\r`, counting 1-based line numbers.
struct LineScanner {
    let base: UnsafePointer<UInt8>
    let count: Int
    private var position = 0
    private var lineNumber = 0

    init(base: UnsafePointer<UInt8>, count: Int) {
        self.base = base
        self.count = count
    }

    mutating func next() -> (start: Int, end: Int, number: Int)? {
        while position < count {
            let start = position
            lineNumber += 1
            let remaining = count - start
            var end: Int
            if let nl = memchr(base + start, 0x0A, remaining) {
                end = UnsafeRawPointer(nl) - UnsafeRawPointer(base)
                position = end + 1
            } else {
                end = count
                position = count
            }
            if end > start, base[end - 1] == 0x0D { end -= 1 }
            if end > start { return (start, end, lineNumber) }
        }
        return nil
    }
}

/// Splits one CSV line into field byte ranges; a field in double quotes loses its quotes.
enum FieldSplitter {
    /// Writes up to `capacity` ranges into `starts`/`ends` and returns the total number of fields.
    @inline(__always)
    static func split(
        _ base: UnsafePointer<UInt8>, _ start: Int, _ end: Int,
        _ starts: UnsafeMutablePointer<Int>, _ ends: UnsafeMutablePointer<Int>, _ capacity: Int
    ) -> Int {
        var n = 0
        var i = start
        while true {
            var fieldStart = i
            var fieldEnd: Int
            if i < end, base[i] == UInt8(ascii: "\"") {
                fieldStart = i + 1
                i += 1
                while i < end, base[i] != UInt8(ascii: "\"") { i += 1 }
                fieldEnd = i
                while i < end, base[i] != UInt8(ascii: ",") { i += 1 }
            } else {
                while i < end, base[i] != UInt8(ascii: ",") { i += 1 }
                fieldEnd = i
            }
            while fieldStart < fieldEnd, base[fieldStart] == UInt8(ascii: " ") { fieldStart += 1 }
            while fieldEnd > fieldStart, base[fieldEnd - 1] == UInt8(ascii: " ") { fieldEnd -= 1 }
            if n < capacity {
                starts[n] = fieldStart
                ends[n] = fieldEnd
            }
            n += 1
            if i >= end { return n }
            i += 1  // past the comma
        }
    }
}
