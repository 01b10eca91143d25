/// A place in a Lua source file: where a task was declared, or where an error was raised.
public struct SourceLocation: Sendable, Hashable, Codable, CustomStringConvertible {
    public var file: String
    public var line: Int

    public init(file: String, line: Int) {
        self.file = file
        self.line = line
    }

    /// Parses `"file:line"` (the last colon separates the line, so file names may contain colons).
    public init?(_ text: String) {
        guard let colon = text.lastIndex(of: ":"), let line = Int(text[text.index(after: colon)...]) else {
            return nil
        }
        self.init(file: String(text[..<colon]), line: line)
    }

    /// `file:line`.
    public var description: String { "\(file):\(line)" }

    /// Encoded as the string `"file:line"`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let location = SourceLocation(text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "expected \"file:line\", got \"\(text)\"")
        }
        self = location
    }
}
