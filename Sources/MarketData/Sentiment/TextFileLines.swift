import Foundation

/// Reads a UTF-8 text file line by line for the data loaders: LF or CRLF endings, 1-based line numbers that
/// match what an editor shows, blank lines skipped.
enum TextFileLines {
    /// Calls `body` with each non-blank line (whitespace-trimmed) and its 1-based number.
    /// Throws `DataLineError` (line 0) when the file cannot be read or is not UTF-8.
    static func forEach(_ path: String, _ body: (Int, String) throws -> Void) throws {
        try forEachBytes(path) { number, line in try body(number, String(decoding: line, as: UTF8.self)) }
    }

    /// The same lines as their UTF-8 bytes, valid only during the call: a loader that parses bytes makes no
    /// String for a row.
    static func forEachBytes(_ path: String, _ body: (Int, UnsafeBufferPointer<UInt8>) throws -> Void) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw DataLineError(file: path, line: 0, "cannot read the file")
        }
        guard var text = String(data: data, encoding: .utf8) else {
            throw DataLineError(file: path, line: 0, "the file is not UTF-8 text")
        }
        // Lines are found in the text's bytes: the generic `split` over a UTF8View, unspecialised across the
        // module boundary, cost about a microsecond a line, most of a run's data loading.
        try text.withUTF8 { bytes in
            var number = 0
            var start = 0
            while start <= bytes.count {
                var end = start
                while end < bytes.count, bytes[end] != UInt8(ascii: "\n") { end += 1 }
                number += 1
                let line = UnsafeBufferPointer(rebasing: bytes[start..<end])
                start = end + 1
                var a = 0, b = line.count
                while a < b, line[a] < 0x80, isSpace(line[a]) { a += 1 }
                while b > a, line[b - 1] < 0x80, isSpace(line[b - 1]) { b -= 1 }
                if a == b { continue }
                let kept = UnsafeBufferPointer(rebasing: line[a..<b])
                if kept[0] < 0x80 && kept[kept.count - 1] < 0x80 {
                    try body(number, kept)
                    continue
                }
                // A line that starts or ends with a non-ASCII byte may still have Unicode spaces to trim.
                let trimmed = Array(trimmed(Substring(String(decoding: kept, as: UTF8.self))).utf8)
                if !trimmed.isEmpty { try trimmed.withUnsafeBufferPointer { try body(number, $0) } }
            }
        }
    }

    /// The ASCII bytes Python's `str.strip()` removes.
    private static func isSpace(_ byte: UInt8) -> Bool { (0x09...0x0D).contains(byte) || (0x1C...0x20).contains(byte) }

    /// `line` without leading and trailing whitespace (the characters Python's `str.strip()` removes).
    static func trimmed(_ line: Substring) -> Substring {
        let scalars = line.unicodeScalars
        guard let first = scalars.firstIndex(where: { !VaderTokens.isPythonSpace($0) }),
              let last = scalars.lastIndex(where: { !VaderTokens.isPythonSpace($0) }) else { return "" }
        return Substring(scalars[first...last])
    }
}
