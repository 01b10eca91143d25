/// A malformed line in a data file (lexicon, news, synthetic series): names the file, the 1-based line
/// and what is wrong. Reading a whole file stops at the first such line; nothing is silently skipped.
public struct DataLineError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The path of the file as given to the loader.
    public var file: String
    /// The 1-based line number, or 0 when the problem concerns the whole file (unreadable, empty).
    public var line: Int
    /// What is wrong, in words.
    public var message: String

    public init(file: String, line: Int, _ message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    public var description: String { line > 0 ? "\(file):\(line): \(message)" : "\(file): \(message)" }
}
