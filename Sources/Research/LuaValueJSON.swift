import LuaHost

/// The JSON form of a `LuaValue`, used for result tables in reports.
///
/// integer and number → JSON number (NaN and ±infinity → null), array → JSON array, table → object with its
/// keys inserted in sorted order, nil → null. A function or an opaque value has no JSON form: it is written as
/// the string `"<function name>"` / `"<userdata>"` so nothing disappears silently. Decoding maps numbers that
/// are exact integers to `.integer`, others to `.number`.
public struct LuaValueJSON: Codable, Sendable, Hashable {
    public var value: LuaValue

    public init(_ value: LuaValue) { self.value = value }

    struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    public func encode(to encoder: any Encoder) throws {
        switch value {
        case .table(let fields):
            var container = encoder.container(keyedBy: Key.self)
            for key in fields.keys.sorted() { try container.encode(LuaValueJSON(fields[key]!), forKey: Key(stringValue: key)) }
        case .array(let items):
            var container = encoder.unkeyedContainer()
            for item in items { try container.encode(LuaValueJSON(item)) }
        default:
            var container = encoder.singleValueContainer()
            switch value {
            case .nil: try container.encodeNil()
            case .boolean(let flag): try container.encode(flag)
            case .integer(let number): try container.encode(number)
            case .number(let number): if number.isFinite { try container.encode(number) } else { try container.encodeNil() }
            case .string(let text): try container.encode(text)
            case .function(let function): try container.encode("<function \(function.name)>")
            case .opaque(let type): try container.encode("<\(type)>")
            case .table, .array: break
            }
        }
    }

    public init(from decoder: any Decoder) throws {
        if let object = try? decoder.container(keyedBy: Key.self) {
            var fields: [String: LuaValue] = [:]
            for key in object.allKeys { fields[key.stringValue] = try object.decode(LuaValueJSON.self, forKey: key).value }
            value = .table(fields)
        } else if var list = try? decoder.unkeyedContainer() {
            var items: [LuaValue] = []
            while !list.isAtEnd { items.append(try list.decode(LuaValueJSON.self).value) }
            value = .array(items)
        } else {
            let single = try decoder.singleValueContainer()
            if single.decodeNil() {
                value = .nil
            } else if let flag = try? single.decode(Bool.self) {
                value = .boolean(flag)
            } else if let integer = try? single.decode(Int64.self) {
                value = .integer(integer)
            } else if let number = try? single.decode(Double.self) {
                value = .number(number)
            } else {
                value = .string(try single.decode(String.self))
            }
        }
    }
}
