import Foundation

/// The word valences VADER scores with: `token<TAB>mean valence[<TAB>...]` per line (vader_lexicon.txt), and
/// optionally the emoji descriptions VADER substitutes for emoji (`emoji<TAB>description`, emoji_utf8_lexicon.txt).
public struct SentimentLexicon: Sendable {
    /// Mean human valence (-4...+4) of each lower-case token, emoticons included.
    public var valences: [String: Double]
    /// The description that replaces each single-code-point emoji before scoring (empty when none was loaded).
    public var emojiDescriptions: [Unicode.Scalar: String]

    public init(valences: [String: Double], emojiDescriptions: [Unicode.Scalar: String] = [:]) {
        self.valences = valences
        self.emojiDescriptions = emojiDescriptions
    }

    /// Reads a VADER lexicon file, and an emoji lexicon when `emojiPath` is given.
    /// Throws `DataLineError` naming file:line for a line without a tab-separated token and finite valence.
    public init(path: String, emojiPath: String? = nil) throws {
        var valences: [String: Double] = [:]
        try TextFileLines.forEach(path) { number, line in
            let fields = Self.tabSeparated(line)
            guard fields.count >= 2, !fields[0].isEmpty else {
                throw DataLineError(file: path, line: number, "expected 'token<TAB>valence', got \"\(line.prefix(60))\"")
            }
            let text = TextFileLines.trimmed(fields[1])
            guard let valence = Double(text), valence.isFinite else {
                throw DataLineError(file: path, line: number, "valence \"\(text)\" of \"\(fields[0])\" is not a number")
            }
            valences[String(fields[0])] = valence
        }
        var emojis: [Unicode.Scalar: String] = [:]
        if let emojiPath {
            try TextFileLines.forEach(emojiPath) { number, line in
                let fields = Self.tabSeparated(line)
                guard fields.count >= 2, !fields[0].isEmpty, !fields[1].isEmpty else {
                    throw DataLineError(file: emojiPath, line: number, "expected 'emoji<TAB>description'")
                }
                // VADER replaces emoji one code point at a time, so multi-code-point sequences never match.
                let scalars = fields[0].unicodeScalars
                if scalars.count == 1, let scalar = scalars.first { emojis[scalar] = String(fields[1]) }
            }
        }
        self.init(valences: valences, emojiDescriptions: emojis)
    }

    /// The first two tab-separated fields of `line` and the rest (split on bytes: much faster than on Characters).
    private static func tabSeparated(_ line: String) -> [Substring] {
        line.utf8.split(separator: UInt8(ascii: "\t"), maxSplits: 2, omittingEmptySubsequences: false).map { Substring($0) }
    }
}
