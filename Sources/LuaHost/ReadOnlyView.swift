/// `desk.readonly(t [, name])`: a read-only view of a table, what a graph node gets as its state. Reads, `#`,
/// `pairs` and `ipairs` see the table (nested tables as views too), writes raise an error naming the path. The view's
/// metatable holds the table under `__view_of`, so a view passed to a host function converts to the `LuaValue` of
/// the table behind it (see `LuaState.table(at:on:path:)`); Lua code cannot reach it (`__metatable`).
enum ReadOnlyView {
    static let viewKey = "__view_of"
    static let prelude = LuaResource.text("readonly", resources: "Moondesk_LuaHost") { .module }
}
