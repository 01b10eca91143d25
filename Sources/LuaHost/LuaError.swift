/// Everything that can go wrong running Lua, as one error: what kind, where (chunk, line) and the Lua traceback.
public struct LuaError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable, Codable {
        /// The chunk does not compile (or is a binary chunk).
        case syntax
        /// `error(...)`, a failed operation, a host function's error, stack overflow.
        case runtime
        /// The deadline passed; the deadline hook or the async wait stopped the work.
        case timeout
        /// The state's memory cap refused an allocation.
        case memory
        /// The sandbox refused an operation (`os.execute`, a C module, a binary chunk...).
        case sandbox
        /// The run was cancelled by its owner.
        case cancelled

        /// The words used in one-line messages.
        public var label: String {
            switch self {
            case .syntax: return "syntax error"
            case .runtime: return "runtime error"
            case .timeout: return "timeout"
            case .memory: return "memory limit"
            case .sandbox: return "sandbox refusal"
            case .cancelled: return "cancelled"
            }
        }
    }

    public var kind: Kind
    /// The message without its `file:line:` prefix.
    public var message: String
    public var file: String?
    public var line: Int?
    public var traceback: String?
    /// The error was marked as one that may not happen again (raised with `desk.retryable(msg)`, or by a host
    /// function throwing a `TransientFailureMark` such as an HTTP 503): a retry can help. A plain runtime error is
    /// a bug in the script and is not retried.
    public var transient: Bool

    public init(_ kind: Kind, _ message: String, file: String? = nil, line: Int? = nil, traceback: String? = nil,
                transient: Bool = false) {
        self.kind = kind
        self.message = message
        self.file = file
        self.line = line
        self.traceback = traceback
        self.transient = transient
    }

    /// `file:line`, `file`, or nil.
    public var location: String? {
        guard let file else { return nil }
        return line.map { "\(file):\($0)" } ?? file
    }

    /// One line: `FILE:LINE: kind: message`.
    public var description: String {
        let prefix = location.map { "\($0): " } ?? ""
        let body = message.hasPrefix(kind.label) ? message : "\(kind.label): \(message)"
        return prefix + body
    }

    /// Builds an error from a raw Lua message, taking `file:line:` off its front when it has one.
    static func parse(_ kind: Kind, raw: String, fallbackFile: String?, fallbackLine: Int?, traceback: String?) -> LuaError {
        if let (file, line, rest) = splitLocation(raw) {
            return LuaError(kind, rest, file: file, line: line, traceback: traceback)
        }
        return LuaError(kind, raw, file: fallbackFile, line: fallbackLine, traceback: traceback)
    }

    /// Lua cuts chunk names longer than 60 characters to `...tail`: the full name among `candidates`.
    static func restore(_ file: String, candidates: [String]) -> String {
        guard file.hasPrefix("...") else { return file }
        let tail = file.dropFirst(3)
        return candidates.first { $0.hasSuffix(tail) } ?? file
    }

    /// Splits `chunk:LINE: message` (the shape of Lua's own messages) into its parts.
    static func splitLocation(_ raw: String) -> (String, Int, String)? {
        var searchStart = raw.startIndex
        while let colon = raw[searchStart...].firstIndex(of: ":") {
            let afterColon = raw.index(after: colon)
            let digits = raw[afterColon...].prefix(while: \.isNumber)
            if !digits.isEmpty, let line = Int(digits) {
                let afterDigits = raw.index(afterColon, offsetBy: digits.count)
                if afterDigits < raw.endIndex, raw[afterDigits] == ":" {
                    var rest = raw[raw.index(after: afterDigits)...]
                    if rest.first == " " { rest = rest.dropFirst() }
                    let file = String(raw[..<colon])
                    // The location is the message's first thing: a chunk name has no ": " or line break in it.
                    if !file.isEmpty, !file.contains("\n"), !file.contains(": ") { return (file, line, String(rest)) }
                    return nil
                }
            }
            searchStart = afterColon
        }
        return nil
    }
}
