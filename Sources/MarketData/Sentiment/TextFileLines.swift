import Foundation

/// Reads a UTF-8 text file line by line for the data loaders: LF or CRLF endings, 1-based line numbers that
/// match what an editor shows, blank lines skipped.
enum TextFileLines {
    /// Calls `body` with each non-blank line (whitespace-trimmed) and its 1-based number.
    /// Throws `DataLineError` (line 0) when the file cannot be read or is not UTF-8.
    static func forEach(_ path: String, _ body: (Int, String) throws -> Void) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw DataLineError(file: path, line: 0, "cannot read the file")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw DataLineError(file: path, line: 0, "the file is not UTF-8 text")
        }
        var number = 0
        for raw in text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            number += 1
            let line = trimmed(Substring(raw))
            if line.isEmpty { continue }
            try body(number, String(line))
        }
    }

    /// `line` without leading and trailing whitespace (the characters Python's `str.strip()` removes).
    static func trimmed(_ line: Substring) -> Substring {
        let scalars = line.unicodeScalars
        guard let first = scalars.firstIndex(where: { !VaderTokens.isPythonSpace($0) }),
              let last = scalars.lastIndex(where: { !VaderTokens.isPythonSpace($0) }) else { return "" }
        return Substring(scalars[first...last])
    }
}
