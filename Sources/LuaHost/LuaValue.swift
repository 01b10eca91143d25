/// A Lua value on the Swift side: what crosses the boundary in both directions.
///
/// Tables become `.array` when their keys are exactly 1...n, otherwise `.table` with string keys
/// (integer and float keys are written in decimal). An empty `.array` keeps its kind across a round trip
/// (it is pushed with Moondesk's array marker metatable), so Swift → Lua → Swift is the identity.
public enum LuaValue: Sendable, Hashable {
    case `nil`
    case boolean(Bool)
    case integer(Int64)
    case number(Double)
    case string(String)
    /// A Lua string given as bytes, for text that need not be UTF-8 (script source). Swift → Lua only: a
    /// string read back from Lua is always `.string`.
    case bytes([UInt8])
    case array([LuaValue])
    case table([String: LuaValue])
    /// A Swift closure exposed to Lua as a function.
    case function(HostFunction)
    /// A Swift object exposed to Lua as userdata (indexing, `#` and `tostring` go to the object).
    case object(LuaObject)
    /// A Lua value that has no Swift form (a Lua function, userdata, thread), by its Lua type name.
    case opaque(String)
}

extension LuaValue {
    public var isNil: Bool { if case .nil = self { return true } else { return false } }

    /// The value as a Double when it is a Lua number (integer or float).
    public var doubleValue: Double? {
        switch self {
        case .integer(let i): return Double(i)
        case .number(let d): return d
        default: return nil
        }
    }

    /// The value as an Int when it is an integer, or a float with an exact integer value.
    public var intValue: Int? {
        switch self {
        case .integer(let i): return Int(exactly: i)
        case .number(let d): return Int(exactly: d)
        default: return nil
        }
    }

    public var stringValue: String? { if case .string(let s) = self { return s } else { return nil } }
    public var boolValue: Bool? { if case .boolean(let b) = self { return b } else { return nil } }

    /// The elements of an array; an empty `.table` counts as an empty array (Lua cannot tell them apart).
    public var arrayValue: [LuaValue]? {
        switch self {
        case .array(let a): return a
        case .table(let t) where t.isEmpty: return []
        default: return nil
        }
    }

    /// The fields of a table; an empty `.array` counts as an empty table.
    public var tableValue: [String: LuaValue]? {
        switch self {
        case .table(let t): return t
        case .array(let a) where a.isEmpty: return [:]
        default: return nil
        }
    }

    /// Field access for tables (`nil` for anything else or a missing key).
    public subscript(key: String) -> LuaValue {
        if case .table(let t) = self { return t[key] ?? .nil }
        return .nil
    }

    /// Lua's type name for the value.
    public var typeName: String {
        switch self {
        case .nil: return "nil"
        case .boolean: return "boolean"
        case .integer, .number: return "number"
        case .string, .bytes: return "string"
        case .array, .table: return "table"
        case .function: return "function"
        case .object(let o): return o.luaTypeName
        case .opaque(let name): return name
        }
    }
}

extension LuaValue: ExpressibleByNilLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral, ExpressibleByStringLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral
{
    public init(nilLiteral: ()) { self = .nil }
    public init(booleanLiteral value: Bool) { self = .boolean(value) }
    public init(integerLiteral value: Int64) { self = .integer(value) }
    public init(floatLiteral value: Double) { self = .number(value) }
    public init(stringLiteral value: String) { self = .string(value) }
    public init(arrayLiteral elements: LuaValue...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, LuaValue)...) {
        self = .table(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
}
