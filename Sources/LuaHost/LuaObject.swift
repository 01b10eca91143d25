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

    public static func == (lhs: LuaObject, rhs: LuaObject) -> Bool { lhs === rhs }
    public func hash(into hasher: inout Hasher) { hasher.combine(ObjectIdentifier(self)) }
}
