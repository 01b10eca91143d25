import CLua
import CLuaShim

/// Converting values between Swift and a Lua stack. Only raw accessors are used (no metamethods run), and
/// allocations made here never fail on the memory cap (see CLuaShim), so nothing here raises a Lua error.
extension LuaState {
    /// Pushes `value` on the stack of thread `T`. [-0, +1]
    func push(_ value: LuaValue, on T: OpaquePointer) {
        valuesPushed &+= 1
        _ = lua_checkstack(T, 4)
        switch value {
        case .nil, .opaque:
            lua_pushnil(T)
        case .boolean(let b):
            lua_pushboolean(T, b ? 1 : 0)
        case .integer(let i):
            lua_pushinteger(T, lua_Integer(i))
        case .number(let d):
            lua_pushnumber(T, d)
        case .string(let s):
            pushString(s, on: T)
        case .bytes(let bytes):
            _ = bytes.withUnsafeBufferPointer { buffer in
                buffer.withMemoryRebound(to: CChar.self) { lua_pushlstring(T, $0.baseAddress, $0.count) }
            }
        case .array(let items):
            lua_createtable(T, Int32(clamping: items.count), 0)
            for (i, item) in items.enumerated() {
                push(item, on: T)
                lua_rawseti(T, -2, lua_Integer(i + 1))
            }
            if items.isEmpty {
                mdk_push_array_marker(T)
                lua_setmetatable(T, -2)
            }
        case .table(let fields):
            lua_createtable(T, 0, Int32(clamping: fields.count))
            for (key, item) in fields {
                pushString(key, on: T)
                push(item, on: T)
                lua_rawset(T, -3)
            }
        case .function(let fn):
            mdk_push_hostfunction(T, Unmanaged.passRetained(fn).toOpaque())
        case .object(let object):
            mdk_push_object_flags(T, Unmanaged.passRetained(object).toOpaque(), object.hostFlags)
        }
    }

    func pushString(_ s: String, on T: OpaquePointer) {
        var s = s
        s.withUTF8 { utf8 in
            _ = utf8.withMemoryRebound(to: CChar.self) { lua_pushlstring(T, $0.baseAddress, $0.count) }
        }
    }

    /// Reads the value at `index` of thread `T` (the stack is unchanged).
    func value(at index: Int32, on T: OpaquePointer) -> LuaValue {
        var path: [UnsafeRawPointer] = []
        return value(at: lua_absindex(T, index), on: T, path: &path)
    }

    private func value(at index: Int32, on T: OpaquePointer, path: inout [UnsafeRawPointer]) -> LuaValue {
        switch lua_type(T, index) {
        case LUA_TNIL, LUA_TNONE:
            return .nil
        case LUA_TBOOLEAN:
            return .boolean(lua_toboolean(T, index) != 0)
        case LUA_TNUMBER:
            return mdk_isinteger(T, index) != 0 ? .integer(Int64(mdk_tointeger(T, index))) : .number(mdk_tonumber(T, index))
        case LUA_TSTRING:
            return .string(string(at: index, on: T) ?? "")
        case LUA_TTABLE:
            return table(at: index, on: T, path: &path)
        case LUA_TFUNCTION:
            if let fn = mdk_to_hostfunction(T, index) {
                return .function(Unmanaged<HostFunction>.fromOpaque(fn).takeUnretainedValue())
            }
            return .opaque("function")
        case LUA_TUSERDATA:
            if let obj = mdk_to_object(T, index) {
                let object = Unmanaged<LuaObject>.fromOpaque(obj).takeUnretainedValue()
                return object.viewedValue ?? .object(object)
            }
            return .opaque("userdata")
        case LUA_TLIGHTUSERDATA:
            return .opaque("userdata")
        case LUA_TTHREAD:
            return .opaque("thread")
        default:
            return .opaque("unknown")
        }
    }

    /// The string at `index` (strings only; numbers are not converted).
    func string(at index: Int32, on T: OpaquePointer) -> String? {
        var len = 0
        guard let p = mdk_tolstring(T, index, &len) else { return nil }
        return String(decoding: UnsafeRawBufferPointer(start: p, count: len), as: UTF8.self)
    }

    private func table(at index: Int32, on T: OpaquePointer, path: inout [UnsafeRawPointer]) -> LuaValue {
        _ = lua_checkstack(T, 6)
        // A read-only view (desk.readonly) converts as the table it shows.
        if lua_getmetatable(T, index) != 0 {
            lua_pushstring(T, ReadOnlyView.viewKey)
            lua_rawget(T, -2)
            defer { mdk_pop(T, 2) }
            if lua_type(T, -1) == LUA_TTABLE { return table(at: lua_gettop(T), on: T, path: &path) }
        }
        guard let identity = lua_topointer(T, index) else { return .opaque("table") }
        if path.contains(identity) || path.count > 200 { return .opaque("table (cycle)") }
        path.append(identity)
        defer { path.removeLast() }
        _ = lua_checkstack(T, 6)
        let length = Int(lua_rawlen(T, index))
        if mdk_has_array_marker(T, index) != 0 || isSequence(at: index, length: length, on: T) {
            var items: [LuaValue] = []
            items.reserveCapacity(length)
            for i in 1...max(length, 1) where length > 0 {
                lua_rawgeti(T, index, lua_Integer(i))
                items.append(value(at: lua_gettop(T), on: T, path: &path))
                mdk_pop(T, 1)
            }
            return .array(items)
        }
        var fields: [String: LuaValue] = [:]
        lua_pushnil(T)
        while lua_next(T, index) != 0 {
            if let key = keyString(at: -2, on: T) {
                fields[key] = value(at: lua_gettop(T), on: T, path: &path)
            }
            mdk_pop(T, 1)
        }
        return .table(fields)
    }

    /// True when the table's keys are exactly 1...length (and length > 0).
    private func isSequence(at index: Int32, length: Int, on T: OpaquePointer) -> Bool {
        guard length > 0 else { return false }
        var count = 0
        lua_pushnil(T)
        while lua_next(T, index) != 0 {
            count += 1
            let isIndex = mdk_isinteger(T, -2) != 0 && (1...length).contains(Int(mdk_tointeger(T, -2)))
            mdk_pop(T, 1)
            if !isIndex || count > length {
                mdk_pop(T, 1)
                return false
            }
        }
        return count == length
    }

    /// A table key as a Swift string: strings as they are, numbers in decimal, booleans by name.
    private func keyString(at index: Int32, on T: OpaquePointer) -> String? {
        switch lua_type(T, index) {
        case LUA_TSTRING: return string(at: index, on: T)
        case LUA_TNUMBER:
            if mdk_isinteger(T, index) != 0 { return String(mdk_tointeger(T, index)) }
            let d = mdk_tonumber(T, index)
            return d == d.rounded() && abs(d) < 1e15 ? String(Int64(d)) : String(d)
        case LUA_TBOOLEAN: return lua_toboolean(T, index) != 0 ? "true" : "false"
        default: return nil
        }
    }

    /// Reads `count` values from the top of thread `T` (oldest first) and pops them.
    func popValues(_ count: Int32, from T: OpaquePointer) -> [LuaValue] {
        guard count > 0 else { return [] }
        let top = lua_gettop(T)
        var values: [LuaValue] = []
        values.reserveCapacity(Int(count))
        for i in (top - count + 1)...top { values.append(value(at: i, on: T)) }
        mdk_pop(T, count)
        return values
    }
}
