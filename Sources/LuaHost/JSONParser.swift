/// `desk.json.decode`'s parser: RFC 8259 JSON to `LuaValue` in one pass over the bytes. Errors name the line and
/// column; nesting is bounded (a deep `[[[[...` is an error, not a stack overflow); and the parser looks at
/// `shouldStop` every 64 KiB, so a large text stops at the caller's deadline.
struct JSONParser {
    static let maxDepth = 200

    struct Failure: Error, CustomStringConvertible {
        var line: Int, column: Int, problem: String
        var description: String { "invalid JSON at line \(line), column \(column): \(problem)" }
    }
    struct Stopped: Error {}

    private let bytes: UnsafeBufferPointer<UInt8>
    private var i = 0
    private var depth = 0
    private var nextCheck = 1 << 16
    private let shouldStop: () -> Bool
    /// Numbers written with a `.` or an exponent stay floats (`LuaValue.losslessJSON`).
    private var keepsFloats = false

    static func parse(_ text: String, keepsFloats: Bool = false, shouldStop: @escaping () -> Bool = { false }) throws -> LuaValue {
        var text = text
        return try text.withUTF8 { buffer in
            var parser = JSONParser(bytes: buffer, shouldStop: shouldStop)
            parser.keepsFloats = keepsFloats
            parser.skipSpace()
            let value = try parser.value()
            parser.skipSpace()
            if parser.i < buffer.count { throw parser.fail("unexpected \(parser.shown) after the value") }
            return value
        }
    }

    private init(bytes: UnsafeBufferPointer<UInt8>, shouldStop: @escaping () -> Bool) {
        self.bytes = bytes
        self.shouldStop = shouldStop
    }

    private var peek: UInt8? { i < bytes.count ? bytes[i] : nil }
    private var shown: String {
        guard let b = peek else { return "end of text" }
        return b >= 0x20 && b < 0x7F ? "'\(Character(Unicode.Scalar(b)))'" : "byte 0x\(String(b, radix: 16))"
    }

    private func fail(_ problem: String) -> Failure {
        var line = 1, column = 1, k = 0
        while k < i && k < bytes.count {
            if bytes[k] == 10 { line += 1; column = 1 } else if bytes[k] & 0xC0 != 0x80 { column += 1 }
            k += 1
        }
        return Failure(line: line, column: column, problem: problem)
    }

    private mutating func tick() throws {
        if i >= nextCheck {
            nextCheck = i + (1 << 16)
            if shouldStop() { throw Stopped() }
        }
    }

    private mutating func skipSpace() {
        while let b = peek, b == 32 || b == 9 || b == 10 || b == 13 { i += 1 }
    }

    private mutating func value() throws -> LuaValue {
        try tick()
        guard let b = peek else { throw fail("expected a value, got end of text") }
        switch b {
        case UInt8(ascii: "{"): return try object()
        case UInt8(ascii: "["): return try array()
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): try word("true"); return .boolean(true)
        case UInt8(ascii: "f"): try word("false"); return .boolean(false)
        case UInt8(ascii: "n"): try word("null"); return .nil
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try number()
        default: throw fail("expected a value, got \(shown)")
        }
    }

    private mutating func word(_ w: String) throws {
        let expected = Array(w.utf8)
        for (k, b) in expected.enumerated() where i + k >= bytes.count || bytes[i + k] != b {
            i += k
            throw fail("expected \(w), got \(shown)")
        }
        i += expected.count
    }

    private mutating func nest() throws {
        depth += 1
        if depth > Self.maxDepth { throw fail("nested deeper than \(Self.maxDepth) levels") }
    }

    private mutating func object() throws -> LuaValue {
        try nest()
        i += 1
        var fields: [String: LuaValue] = [:]
        skipSpace()
        if peek == UInt8(ascii: "}") { i += 1; depth -= 1; return .table(fields) }
        while true {
            skipSpace()
            guard peek == UInt8(ascii: "\"") else { throw fail("expected a key in quotes, got \(shown)") }
            let key = try string()
            skipSpace()
            guard peek == UInt8(ascii: ":") else { throw fail("expected ':' after the key, got \(shown)") }
            i += 1
            skipSpace()
            fields[key] = try value()
            skipSpace()
            if peek == UInt8(ascii: ",") { i += 1; continue }
            if peek == UInt8(ascii: "}") { i += 1; break }
            throw fail("expected ',' or '}' in an object, got \(shown)")
        }
        depth -= 1
        return .table(fields)
    }

    private mutating func array() throws -> LuaValue {
        try nest()
        i += 1
        var items: [LuaValue] = []
        skipSpace()
        if peek == UInt8(ascii: "]") { i += 1; depth -= 1; return .array(items) }
        while true {
            skipSpace()
            items.append(try value())
            skipSpace()
            if peek == UInt8(ascii: ",") { i += 1; continue }
            if peek == UInt8(ascii: "]") { i += 1; break }
            throw fail("expected ',' or ']' in an array, got \(shown)")
        }
        depth -= 1
        return .array(items)
    }

    private mutating func hex4() throws -> UInt32 {
        var v: UInt32 = 0
        for _ in 0..<4 {
            guard let b = peek else { throw fail("unfinished \\u escape") }
            let d: UInt8
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): d = b - 48
            case UInt8(ascii: "a")...UInt8(ascii: "f"): d = b - 87
            case UInt8(ascii: "A")...UInt8(ascii: "F"): d = b - 55
            default: throw fail("bad \\u escape (\(shown) is not a hex digit)")
            }
            v = v << 4 | UInt32(d)
            i += 1
        }
        return v
    }

    private mutating func string() throws -> String {
        i += 1
        var out: [UInt8] = []
        while true {
            guard let b = peek else { throw fail("unfinished string") }
            if b == UInt8(ascii: "\"") { i += 1; break }
            if b < 0x20 { throw fail("a control character (byte 0x\(String(b, radix: 16))) inside a string; escape it") }
            if b != UInt8(ascii: "\\") {
                out.append(b)
                i += 1
                if i >= nextCheck { try tick() }
                continue
            }
            i += 1
            guard let e = peek else { throw fail("unfinished escape") }
            i += 1
            switch e {
            case UInt8(ascii: "\""): out.append(0x22)
            case UInt8(ascii: "\\"): out.append(0x5C)
            case UInt8(ascii: "/"): out.append(0x2F)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = try hex4()
                if (0xD800..<0xDC00).contains(scalar), peek == UInt8(ascii: "\\"), i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "u") {
                    let save = i
                    i += 2
                    let low = try hex4()
                    if (0xDC00..<0xE000).contains(low) { scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00) } else { i = save }
                }
                out.append(contentsOf: Array(String(Unicode.Scalar(scalar).map(Character.init) ?? "\u{FFFD}").utf8))
            default:
                i -= 1
                throw fail("bad escape \\\(shown)")
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    private mutating func number() throws -> LuaValue {
        let start = i
        var integral = true
        if peek == UInt8(ascii: "-") { i += 1 }
        guard let first = peek, first >= 48, first <= 57 else { throw fail("expected a digit, got \(shown)") }
        if first == 48 { i += 1 } else { while let b = peek, b >= 48, b <= 57 { i += 1 } }
        if peek == UInt8(ascii: ".") {
            integral = false
            i += 1
            guard let b = peek, b >= 48, b <= 57 else { throw fail("expected a digit after '.', got \(shown)") }
            while let b = peek, b >= 48, b <= 57 { i += 1 }
        }
        if peek == UInt8(ascii: "e") || peek == UInt8(ascii: "E") {
            integral = false
            i += 1
            if peek == UInt8(ascii: "+") || peek == UInt8(ascii: "-") { i += 1 }
            guard let b = peek, b >= 48, b <= 57 else { throw fail("expected a digit in the exponent, got \(shown)") }
            while let b = peek, b >= 48, b <= 57 { i += 1 }
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self)
        if integral, let n = Int64(text) { return .integer(n) }
        guard let d = Double(text), d.isFinite else { throw fail("number \(text.prefix(40)) is out of range") }
        if !keepsFloats, d == d.rounded(), abs(d) <= 9_007_199_254_740_992 { return .integer(Int64(d)) }
        return .number(d)
    }
}
