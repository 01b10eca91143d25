import Foundation

/// JSON that reads back as the very same `LuaValue`: a float keeps its `.0` (`2.0` is not `2`, as in Lua), keys are
/// sorted, empty arrays stay `[]`. What a journal stores so that a recalled result is byte-identical to a recomputed
/// one. Values JSON cannot hold exactly (NaN, infinities, functions, userdata) have no lossless text: nil.
extension LuaValue {
    public var losslessJSON: String? {
        var out = ""
        return writeLossless(to: &out) ? out : nil
    }

    public static func parseLosslessJSON(_ text: String) throws -> LuaValue {
        do {
            return try JSONParser.parse(text, keepsFloats: true)
        } catch let failure as JSONParser.Failure {
            throw ArgumentError(failure.description)
        }
    }

    private func writeLossless(to out: inout String) -> Bool {
        switch self {
        case .nil: out += "null"
        case .boolean(let b): out += b ? "true" : "false"
        case .integer(let i): out += String(i)
        case .number(let d):
            guard d.isFinite else { return false }
            let text = "\(d)"   // Swift's shortest round-trip form: always has a `.` or an exponent
            out += text.contains(where: { $0 == "." || $0 == "e" }) ? text : text + ".0"
        case .string(let s): LuaValue.writeJSONString(s, to: &out)
        case .bytes(let b): LuaValue.writeJSONString(String(decoding: b, as: UTF8.self), to: &out)
        case .array(let items):
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += "," }
                guard item.writeLossless(to: &out) else { return false }
            }
            out += "]"
        case .table(let fields):
            out += "{"
            for (i, key) in fields.keys.sorted().enumerated() {
                if i > 0 { out += "," }
                LuaValue.writeJSONString(key, to: &out)
                out += ":"
                guard fields[key]!.writeLossless(to: &out) else { return false }
            }
            out += "}"
        case .function, .object, .opaque: return false
        }
        return true
    }
}
