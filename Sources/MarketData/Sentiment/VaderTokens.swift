/// A text split the way VADER splits it (its `SentiText`): on whitespace, each token stripped of leading and
/// trailing ASCII punctuation unless that leaves two characters or fewer (so ":)" and ":-(" survive).
struct VaderTokens {
    /// One token: as written, lower-cased, and whether it is ALL CAPS in Python's `str.isupper()` sense.
    struct Token {
        var text: String
        var lower: String
        var isUpper: Bool
    }

    var tokens: [Token]
    /// True when some but not all tokens are ALL CAPS: only then does capitalisation add emphasis.
    var mixesCase: Bool

    init(_ text: String) {
        var tokens: [Token] = []
        let scalars = text.unicodeScalars
        var index = scalars.startIndex
        while index < scalars.endIndex {
            while index < scalars.endIndex, Self.isPythonSpace(scalars[index]) { index = scalars.index(after: index) }
            if index == scalars.endIndex { break }
            let start = index
            while index < scalars.endIndex, !Self.isPythonSpace(scalars[index]) { index = scalars.index(after: index) }
            tokens.append(Self.token(scalars[start..<index]))
        }
        let upper = tokens.reduce(0) { $0 + ($1.isUpper ? 1 : 0) }
        self.tokens = tokens
        self.mixesCase = upper > 0 && upper < tokens.count
    }

    private static func token(_ word: Substring.UnicodeScalarView) -> Token {
        var lower = word.startIndex
        var upper = word.endIndex
        while lower < upper, isASCIIPunctuation(word[lower]) { lower = word.index(after: lower) }
        while upper > lower, isASCIIPunctuation(word[word.index(before: upper)]) { upper = word.index(before: upper) }
        let kept = word.distance(from: lower, to: upper) <= 2 ? word : word[lower..<upper]
        let text = String(Substring(kept))
        return Token(text: text, lower: lowercase(text), isUpper: isPythonUpper(text))
    }

    /// Python's `str.lower()` for the common ASCII case without allocation-heavy Unicode mapping.
    private static func lowercase(_ text: String) -> String {
        var ascii = true
        var hasUpper = false
        for byte in text.utf8 {
            if byte >= 0x80 { ascii = false; break }
            if byte >= 0x41 && byte <= 0x5A { hasUpper = true }
        }
        if ascii && !hasUpper { return text }
        return text.lowercased()
    }

    /// Python's `str.isupper()`: at least one cased character and no lower- or title-case one.
    static func isPythonUpper(_ text: String) -> Bool {
        var cased = false
        for scalar in text.unicodeScalars {
            if scalar.isASCII {
                if scalar.value >= 0x61 && scalar.value <= 0x7A { return false }
                if scalar.value >= 0x41 && scalar.value <= 0x5A { cased = true }
                continue
            }
            let properties = scalar.properties
            if properties.isLowercase || properties.generalCategory == .titlecaseLetter { return false }
            if properties.isUppercase { cased = true }
        }
        return cased
    }

    /// The characters Python's `str.split()` splits on.
    static func isPythonSpace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09...0x0D, 0x1C...0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000:
            return true
        default:
            return false
        }
    }

    /// Python's `string.punctuation`: !"#$%&'()*+,-./:;<=>?@[\]^_`{|}~
    static func isASCIIPunctuation(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x21...0x2F, 0x3A...0x40, 0x5B...0x60, 0x7B...0x7E: return true
        default: return false
        }
    }
}
