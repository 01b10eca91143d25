/// Encodes any `Encodable` straight into a `LuaValue`, so a Swift report reaches Lua (or a printer) without going
/// through JSON text. Numbers follow JSON's reading: a whole Double becomes an integer, as `parseJSON` would give;
/// nil optionals are left out, as `JSONEncoder` leaves them; a `LuaValue` inside is taken as it is.
public struct LuaValueEncoder {
    public init() {}

    public func encode<T: Encodable>(_ value: T) throws -> LuaValue {
        if let lua = value as? LuaValue { return lua }
        let box = Box()
        try value.encode(to: Writer(box: box, codingPath: []))
        return box.value
    }

    /// Where one value goes: filled in by its container as it is written.
    final class Box {
        enum Content { case empty, value(LuaValue), keyed([String: Box]), unkeyed([Box]) }
        var content = Content.empty
        var value: LuaValue {
            switch content {
            case .empty: return .nil
            case .value(let v): return v
            case .keyed(let fields):
                var out: [String: LuaValue] = [:]
                for (k, b) in fields { let v = b.value; if !v.isNil { out[k] = v } }
                return .table(out)
            case .unkeyed(let items): return .array(items.map(\.value))
            }
        }
    }

    struct Writer: Encoder, SingleValueEncodingContainer {
        let box: Box
        var codingPath: [any CodingKey]
        var userInfo: [CodingUserInfoKey: Any] { [:] }

        func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
            if case .keyed = box.content {} else { box.content = .keyed([:]) }
            return KeyedEncodingContainer(Keyed<Key>(box: box, codingPath: codingPath))
        }
        func unkeyedContainer() -> any UnkeyedEncodingContainer {
            if case .unkeyed = box.content {} else { box.content = .unkeyed([]) }
            return Unkeyed(box: box, codingPath: codingPath)
        }
        func singleValueContainer() -> any SingleValueEncodingContainer { self }

        func encodeNil() { box.content = .value(.nil) }
        func encode(_ value: Bool) { box.content = .value(.boolean(value)) }
        func encode(_ value: String) { box.content = .value(.string(value)) }
        func encode(_ value: Double) { box.content = .value(Writer.number(value)) }
        func encode(_ value: Float) { box.content = .value(Writer.number(Double(value))) }
        func encode(_ value: Int) { box.content = .value(.integer(Int64(value))) }
        func encode(_ value: Int8) { box.content = .value(.integer(Int64(value))) }
        func encode(_ value: Int16) { box.content = .value(.integer(Int64(value))) }
        func encode(_ value: Int32) { box.content = .value(.integer(Int64(value))) }
        func encode(_ value: Int64) { box.content = .value(.integer(value)) }
        func encode(_ value: UInt) { box.content = .value(.integer(Int64(clamping: value))) }
        func encode(_ value: UInt8) { box.content = .value(.integer(Int64(value))) }
        func encode(_ value: UInt16) { box.content = .value(.integer(Int64(value))) }
        func encode(_ value: UInt32) { box.content = .value(.integer(Int64(value))) }
        func encode(_ value: UInt64) { box.content = .value(.integer(Int64(clamping: value))) }
        func encode<T: Encodable>(_ value: T) throws {
            if let lua = value as? LuaValue { box.content = .value(lua); return }
            try value.encode(to: Writer(box: box, codingPath: codingPath))
        }

        /// As JSON text would read back: whole numbers are integers, non-finite ones null.
        static func number(_ d: Double) -> LuaValue {
            guard d.isFinite else { return .nil }
            if d == d.rounded(), abs(d) < 1e15 { return .integer(Int64(d)) }
            return .number(d)
        }
    }

    struct Keyed<Key: CodingKey>: KeyedEncodingContainerProtocol {
        let box: Box
        var codingPath: [any CodingKey]

        private func child(_ key: Key) -> Box {
            guard case .keyed(var fields) = box.content else { return Box() }
            if let existing = fields[key.stringValue] { return existing }
            let b = Box()
            fields[key.stringValue] = b
            box.content = .keyed(fields)
            return b
        }
        func encodeNil(forKey key: Key) { child(key).content = .value(.nil) }
        func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
            try Writer(box: child(key), codingPath: codingPath + [key]).encode(value)
        }
        func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
            Writer(box: child(key), codingPath: codingPath + [key]).container(keyedBy: type)
        }
        func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
            Writer(box: child(key), codingPath: codingPath + [key]).unkeyedContainer()
        }
        func superEncoder() -> any Encoder { Writer(box: box, codingPath: codingPath) }
        func superEncoder(forKey key: Key) -> any Encoder { Writer(box: child(key), codingPath: codingPath + [key]) }
    }

    struct Unkeyed: UnkeyedEncodingContainer {
        let box: Box
        var codingPath: [any CodingKey]
        var count: Int { if case .unkeyed(let items) = box.content { return items.count }; return 0 }

        private func next() -> Box {
            let b = Box()
            if case .unkeyed(var items) = box.content { items.append(b); box.content = .unkeyed(items) }
            return b
        }
        func encodeNil() { next().content = .value(.nil) }
        func encode<T: Encodable>(_ value: T) throws { try Writer(box: next(), codingPath: codingPath).encode(value) }
        func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
            Writer(box: next(), codingPath: codingPath).container(keyedBy: type)
        }
        func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer { Writer(box: next(), codingPath: codingPath).unkeyedContainer() }
        func superEncoder() -> any Encoder { Writer(box: next(), codingPath: codingPath) }
    }
}
