import CLuaShim

/// A Swift object that Lua code sees as userdata: `obj.key` and `obj[i]` call `index`, `#obj` calls `length`,
/// `tostring(obj)` calls `luaDescription`. Subclass it to expose a Swift type (a candle series, say) without
/// copying its contents into Lua tables. Methods are returned from `index` as `.function` values.
open class LuaObject: @unchecked Sendable, Hashable {
    public init() {}

    /// The name `type`-like messages use for this object.
    open var luaTypeName: String { "userdata" }

    /// `obj[key]`: throw to raise a Lua error (its message names the key).
    open func index(_ key: LuaValue) throws -> LuaValue { .nil }

    /// `#obj`; nil means the object has no length (a Lua error).
    open var length: Int? { nil }

    /// `tostring(obj)`.
    open var luaDescription: String { luaTypeName }

    /// `pairs(obj)`: the entry after `key` (nil: the first), or nil at the end. Throw when the object cannot be
    /// iterated.
    open func next(after key: LuaValue) throws -> (key: LuaValue, value: LuaValue)? {
        throw ArgumentError("a \(luaTypeName) cannot be iterated with pairs")
    }

    /// `obj[key] = value`: objects are read-only unless they say otherwise.
    open func setIndex(_ key: LuaValue, _ value: LuaValue) throws {
        throw ArgumentError("a \(luaTypeName) is read-only")
    }

    /// The plain value this object stands for, when it is a view of one: a host function given the object
    /// receives this value instead (so a view behaves like the table behind it), and the sandbox's `type`
    /// reports the object as a table.
    open var viewedValue: LuaValue? { nil }

    /// True when `index` and `length` always give the same answer for the same key: Lua then keeps what they
    /// returned and asks Swift only once per key (a view of a value that does not change, say).
    open var entriesNeverChange: Bool { false }

    /// How C holds the object (MDK_OBJ_* of CLuaShim): from `viewedValue` and `entriesNeverChange`. A subclass may
    /// add MDK_OBJ_ENTRY (it is pushed once, into its parent's memo) and a size for its memo.
    open var hostFlags: Int32 {
        (viewedValue == nil ? 0 : Int32(MDK_OBJ_TABLE)) | (entriesNeverChange ? Int32(MDK_OBJ_MEMO) : 0)
    }

    public static func == (lhs: LuaObject, rhs: LuaObject) -> Bool { lhs === rhs }
    public func hash(into hasher: inout Hasher) { hasher.combine(ObjectIdentifier(self)) }
}
