import Foundation
import CLuaShim

/// JSON for Lua values: objects with sorted keys (so output is byte-for-byte reproducible), integers
/// without a decimal point, NaN and infinities as `null`, and empty arrays kept as `[]`.
extension LuaValue: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .nil; return }
        if let b = try? container.decode(Bool.self) { self = .boolean(b); return }
        if let i = try? container.decode(Int64.self) { self = .integer(i); return }
        if let d = try? container.decode(Double.self) { self = .number(d); return }
        if let s = try? container.decode(String.self) { self = .string(s); return }
        if let a = try? container.decode([LuaValue].self) { self = .array(a); return }
        self = .table(try container.decode([String: LuaValue].self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .nil: try container.encodeNil()
        case .function, .object, .opaque: try container.encode(placeholder)
        case .boolean(let b): try container.encode(b)
        case .integer(let i): try container.encode(i)
        case .number(let d): if d.isFinite { try container.encode(d) } else { try container.encodeNil() }
        case .string(let s): try container.encode(s)
        case .bytes(let b): try container.encode(String(decoding: b, as: UTF8.self))
        case .array(let a): try container.encode(a)
        case .table(let t): try container.encode(t)
        }
    }

    /// What JSON shows for a value it cannot hold, so nothing disappears silently: `"<function desk.sleep>"`.
    var placeholder: String {
        switch self {
        case .function(let fn): return "<function \(fn.name)>"
        case .object(let o): return "<\(o.luaTypeName)>"
        case .opaque(let name): return "<\(name)>"
        default: return ""
        }
    }

    /// Compact JSON text with sorted keys.
    public func jsonText(pretty: Bool = false) -> String {
        var out = ""
        writeJSON(to: &out, pretty: pretty, indent: 0)
        return out
    }

    /// Parses JSON text (`JSONParser`); the error names the line and column. Called from a script, it stops at
    /// the script's deadline (the trampoline then raises the timeout).
    public static func parseJSON(_ text: String) throws -> LuaValue {
        do {
            return try JSONParser.parse(text, shouldStop: { mdk_thread_should_stop() != 0 })
        } catch let failure as JSONParser.Failure {
            throw ArgumentError(failure.description)
        } catch {
            throw ArgumentError("stopped while decoding JSON")
        }
    }

    private func writeJSON(to out: inout String, pretty: Bool, indent: Int) {
        switch self {
        case .nil: out += "null"
        case .function, .object, .opaque: LuaValue.writeJSONString(placeholder, to: &out)
        case .boolean(let b): out += b ? "true" : "false"
        case .integer(let i): out += String(i)
        case .number(let d): out += LuaValue.jsonNumber(d)
        case .string(let s): LuaValue.writeJSONString(s, to: &out)
        case .bytes(let b): LuaValue.writeJSONString(String(decoding: b, as: UTF8.self), to: &out)
        case .array(let items):
            if items.isEmpty { out += "[]"; return }
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += "," }
                if pretty { out += "\n" + String(repeating: "  ", count: indent + 1) }
                item.writeJSON(to: &out, pretty: pretty, indent: indent + 1)
            }
            if pretty { out += "\n" + String(repeating: "  ", count: indent) }
            out += "]"
        case .table(let fields):
            if fields.isEmpty { out += "{}"; return }
            out += "{"
            for (i, key) in fields.keys.sorted().enumerated() {
                if i > 0 { out += "," }
                if pretty { out += "\n" + String(repeating: "  ", count: indent + 1) }
                LuaValue.writeJSONString(key, to: &out)
                out += pretty ? ": " : ":"
                fields[key]!.writeJSON(to: &out, pretty: pretty, indent: indent + 1)
            }
            if pretty { out += "\n" + String(repeating: "  ", count: indent) }
            out += "}"
        }
    }

    /// Shortest text that reads back as the same Double; integral values keep a `.0`-free form when exact.
    static func jsonNumber(_ d: Double) -> String {
        guard d.isFinite else { return "null" }
        if d == d.rounded(), abs(d) < 1e15 { return String(Int64(d)) + (d == 0 && d.sign == .minus ? "" : "") }
        return "\(d)"
    }

    static func writeJSONString(_ s: String, to out: inout String) {
        out += "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }
}
