/// A file `CandleLoader` cannot read as candles, pointing at the place: `file:line:column: what`.
///
/// `column` is the 1-based field number and `columnName` its header name; both are nil for errors about
/// the whole file or a whole row (e.g. an unreadable file or a wrong field count).
public struct CandleError: Error, CustomStringConvertible, Sendable, Equatable {
    public let file: String
    /// 1-based line number (0 when the error concerns the file as a whole).
    public let line: Int
    public let column: Int?
    public let columnName: String?
    public let message: String

    public init(file: String, line: Int, column: Int? = nil, columnName: String? = nil, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.columnName = columnName
        self.message = message
    }

    public var description: String {
        var place = "\(file):\(line)"
        if let column { place += ":\(column)" }
        if let columnName { return "\(place): \(columnName): \(message)" }
        return "\(place): \(message)"
    }
}
