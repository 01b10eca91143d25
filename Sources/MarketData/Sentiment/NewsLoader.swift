import Foundation

/// Reads news as JSON lines, one object per line:
/// `{"time": "2019-06-26T08:00:00Z" | 1561536000, "title": "...", "body": "..." (optional), "source": "..."}`.
/// Other keys are ignored. Blank lines are skipped.
public enum NewsLoader {
    /// The items of the file in file order. Throws `DataLineError` naming file:line and the problem for the
    /// first line that is not a JSON object, lacks `time`, `title` or `source`, has a field of the wrong type,
    /// an empty title, or a time that is neither ISO 8601 nor epoch seconds.
    public static func load(path: String) throws -> [NewsItem] {
        var items: [NewsItem] = []
        let decoder = JSONDecoder()
        // No feed holds news from after tomorrow: such a line is a typo (2999 for 2019), and would pass every cut.
        let latest = Int64(Date().timeIntervalSince1970) + 2 * 86_400
        try TextFileLines.forEach(path) { number, line in
            let raw: RawNewsLine
            do {
                raw = try decoder.decode(RawNewsLine.self, from: Data(line.utf8))
            } catch let error as DecodingError {
                throw DataLineError(file: path, line: number, describe(error))
            }
            guard let time = raw.time.epochSeconds else {
                throw DataLineError(file: path, line: number, "time \(raw.time) is neither ISO 8601 nor epoch seconds")
            }
            guard time <= latest else {
                throw DataLineError(file: path, line: number, "time \(raw.time) is after today")
            }
            guard !raw.title.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                throw DataLineError(file: path, line: number, "title is empty")
            }
            items.append(NewsItem(time: time, title: raw.title, body: raw.body, source: raw.source))
        }
        return items
    }

    private static func describe(_ error: DecodingError) -> String {
        switch error {
        case let .keyNotFound(key, _):
            return "missing \"\(key.stringValue)\""
        case let .typeMismatch(_, context), let .valueNotFound(_, context):
            let key = context.codingPath.last?.stringValue ?? "line"
            return key == "line" ? "not a JSON object" : "\"\(key)\" has the wrong type (\(expectedType(key)))"
        case .dataCorrupted:
            return "not valid JSON"
        @unknown default:
            return "cannot be decoded: \(error)"
        }
    }

    private static func expectedType(_ key: String) -> String {
        key == "time" ? "expected an ISO 8601 string or epoch seconds" : "expected a string"
    }
}

/// The fields of one JSON line before validation.
private struct RawNewsLine: Decodable {
    var time: RawTime
    var title: String
    var body: String?
    var source: String
}

/// A time given as a string or a number.
private enum RawTime: Decodable, CustomStringConvertible {
    case text(String)
    case seconds(Double)

    init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let text = try? container.decode(String.self) {
            self = .text(text)
        } else {
            self = .seconds(try container.decode(Double.self))
        }
    }

    var epochSeconds: Int64? {
        switch self {
        case let .text(text): return TimestampParser.epochSeconds(text)
        case let .seconds(value): return value.isFinite && abs(value) < 1e15 ? Int64(value.rounded(.down)) : nil
        }
    }

    var description: String {
        switch self {
        case let .text(text): return "\"\(text)\""
        case let .seconds(value): return "\(value)"
        }
    }
}
