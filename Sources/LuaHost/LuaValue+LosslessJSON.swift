import Foundation

/// JSON that reads back as the very same `LuaValue`: a float keeps its `.0` (`2.0` is not `2`, as in Lua), keys are
/// sorted, empty arrays stay `[]`. What a journal stores so that a recalled result is byte-identical to a recomputed
/// one, and what a result's key is hashed from. Values JSON cannot hold exactly (NaN, infinities, functions,
/// userdata) have no lossless text: nil.
extension LuaValue {
    public var losslessJSON: String? {
        losslessJSONBytes.map { String(decoding: $0, as: UTF8.self) }
    }

    /// The same text as UTF-8 bytes (written straight into one buffer: keys hash states of thousands of fields).
    public var losslessJSONBytes: [UInt8]? {
        var out: [UInt8] = []
        out.reserveCapacity(1024)
        return writeLossless(to: &out) ? out : nil
    }

    public static func parseLosslessJSON(_ text: String) throws -> LuaValue {
        do {
            return try JSONParser.parse(text, keepsFloats: true)
        } catch let failure as JSONParser.Failure {
            throw ArgumentError(failure.description)
        }
    }

    private func writeLossless(to out: inout [UInt8]) -> Bool {
        switch self {
        case .nil: out.append(contentsOf: "null".utf8)
        case .boolean(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case .integer(let i): out.append(contentsOf: String(i).utf8)
        case .number(let d):
            guard d.isFinite else { return false }
            let text = "\(d)"   // Swift's shortest round-trip form; add `.0` where it has neither `.` nor an exponent
            out.append(contentsOf: text.utf8)
            if !text.utf8.contains(where: { $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "e") }) { out.append(contentsOf: ".0".utf8) }
        case .string(let s): JSONStringBytes.append(s, to: &out)
        case .bytes(let b): JSONStringBytes.append(String(decoding: b, as: UTF8.self), to: &out)
        case .array(let items):
            out.append(UInt8(ascii: "["))
            for (i, item) in items.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                guard item.writeLossless(to: &out) else { return false }
            }
            out.append(UInt8(ascii: "]"))
        case .table(let fields):
            out.append(UInt8(ascii: "{"))
            for (i, key) in fields.keys.sorted().enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                JSONStringBytes.append(key, to: &out)
                out.append(UInt8(ascii: ":"))
                guard fields[key]!.writeLossless(to: &out) else { return false }
            }
            out.append(UInt8(ascii: "}"))
        case .function, .object, .opaque: return false
        }
        return true
    }
}
