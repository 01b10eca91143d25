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
        var out: [UInt8] = []
        out.reserveCapacity(4096)
        writeJSON(to: &out, pretty: pretty, indent: 0)
        return String(decoding: out, as: UTF8.self)
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

    private func writeJSON(to out: inout [UInt8], pretty: Bool, indent: Int) {
        func newline(_ depth: Int) {
            out.append(UInt8(ascii: "\n"))
            out.append(contentsOf: repeatElement(UInt8(ascii: " "), count: 2 * depth))
        }
        switch self {
        case .nil: out.append(contentsOf: "null".utf8)
        case .function, .object, .opaque: JSONStringBytes.append(placeholder, to: &out)
        case .boolean(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case .integer(let i): out.append(contentsOf: String(i).utf8)
        case .number(let d): out.append(contentsOf: LuaValue.jsonNumber(d).utf8)
        case .string(let s): JSONStringBytes.append(s, to: &out)
        case .bytes(let b): JSONStringBytes.append(String(decoding: b, as: UTF8.self), to: &out)
        case .array(let items):
            if items.isEmpty { out.append(contentsOf: "[]".utf8); return }
            out.append(UInt8(ascii: "["))
            for (i, item) in items.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                if pretty { newline(indent + 1) }
                item.writeJSON(to: &out, pretty: pretty, indent: indent + 1)
            }
            if pretty { newline(indent) }
            out.append(UInt8(ascii: "]"))
        case .table(let fields):
            if fields.isEmpty { out.append(contentsOf: "{}".utf8); return }
            out.append(UInt8(ascii: "{"))
            for (i, key) in fields.keys.sorted().enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                if pretty { newline(indent + 1) }
                JSONStringBytes.append(key, to: &out)
                out.append(contentsOf: (pretty ? ": " : ":").utf8)
                fields[key]!.writeJSON(to: &out, pretty: pretty, indent: indent + 1)
            }
            if pretty { newline(indent) }
            out.append(UInt8(ascii: "}"))
        }
    }

    /// Shortest text that reads back as the same Double; integral values keep a `.0`-free form when exact.
    static func jsonNumber(_ d: Double) -> String {
        guard d.isFinite else { return "null" }
        if d == d.rounded(), abs(d) < 1e15 { return String(Int64(d)) + (d == 0 && d.sign == .minus ? "" : "") }
        return "\(d)"
    }
}
