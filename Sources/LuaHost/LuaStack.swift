import CLua
import CLuaShim

/// The stack of a call in progress, for callers that want no allocation per call (lauxlib's way: push the
/// arguments, call, read the results). Valid only inside the closures given to `LuaState.call(_:limits:arguments:results:)`.
public struct LuaStack {
    // Unowned: a stack lives only inside the closures of a call, while the state is busy with that call; a
    // strong reference cost a retain and a release per call.
    @usableFromInline unowned(unsafe) let state: LuaState
    @usableFromInline let L: OpaquePointer
    /// The stack index just below the results (results are at base+1 ... top).
    @usableFromInline let base: Int32

    @usableFromInline init(state: LuaState, L: OpaquePointer, base: Int32) {
        self.state = state
        self.L = L
        self.base = base
    }

    /// [-0, +1] Pushes a number.
    @inlinable public func push(_ number: Double) { lua_pushnumber(L, number) }
    /// [-0, +1] Pushes an integer.
    @inlinable public func push(_ integer: Int64) { lua_pushinteger(L, lua_Integer(integer)) }
    /// [-0, +1] Pushes a string.
    public func push(_ string: String) { state.pushString(string, on: L) }
    /// [-0, +1] Pushes any value.
    public func push(_ value: LuaValue) { state.push(value, on: L) }

    /// The number of results of the call.
    public var resultCount: Int32 { lua_gettop(L) - base }
    /// Result `i` (1-based) as a number, when it is one.
    @inlinable public func number(_ i: Int32) -> Double? {
        var number = 0.0
        return mdk_number_at(L, base + i, &number) != 0 ? number : nil
    }
    /// Result `i` (1-based) as a Swift value.
    public func value(_ i: Int32) -> LuaValue { i <= resultCount ? state.value(at: base + i, on: L) : .nil }
}

extension LuaState {
    /// Calls `function` in a protected call: `arguments` pushes the arguments and returns how many it pushed;
    /// `results` reads the results from the stack. Nothing is allocated on the Swift side.
    /// Inlinable, so the call, its closures and the pushes compile into the caller: through the module boundary
    /// it was an unspecialised generic call taking closure contexts, a tenth of the call's cost.
    @inlinable public func call<R>(_ function: LuaRef, limits: LuaLimits = .none, arguments: (LuaStack) -> Int32,
                        results: (LuaStack) throws -> R) throws -> R {
        try enter()
        defer { leave() }
        let top = mdk_push_ref(L, function.id)
        let stack = LuaStack(state: self, L: L, base: top)
        let count = arguments(stack)
        let status = callLimited(count, LUA_MULTRET, limits)
        defer { lua_settop(L, top) }
        guard status == LUA_OK else { throw takeError(status: status, on: L) }
        return try results(stack)
    }
}
