import CLua
import CLuaShim

/// Environments and the `desk` table.
extension LuaState {
    func openLibraries() { mdk_open_sandbox_libs(L) }

    /// A fresh sandboxed environment for a script in `directory` (its `require` looks there first). `clock`: the
    /// instant (epoch seconds) `os.time()`, `os.date()` and `desk.now()` read; nil: the wall clock.
    public func newEnvironment(directory: String, clock: Int64? = nil) throws -> LuaRef {
        guard let make = sandbox.makeEnvironment else { throw LuaError(.runtime, "the sandbox is not installed") }
        return try callForRef(make, [.string(directory), clock.map { .integer($0) } ?? .nil])
    }

    /// Runs `module.function(args...)` as a coroutine under `limits`, in a fresh environment for a script in
    /// `directory` with its clock at `clock`: the one way handlers, nodes and routers are run. `module` is a dotted
    /// name (`require`d, compiled once per version) or the path of a `.lua` file.
    public func run(module: String, function: String, directory: String, clock: Int64?, _ args: [LuaValue],
                    limits: LuaLimits) async throws -> [LuaValue] {
        guard let entry = sandbox.callEntry else { throw LuaError(.runtime, "the sandbox is not installed") }
        let head: [LuaValue] = [.string(directory), clock.map { .integer($0) } ?? .nil, .string(module), .string(function)]
        return try await run(entry, head + args, limits: limits)
    }

    /// Defines `desk.<path>` (for example `"json.encode"`) in every environment made from now on.
    public func define(_ path: String, _ value: LuaValue) throws {
        guard let define = sandbox.defineField else { throw LuaError(.runtime, "the sandbox is not installed") }
        try call(define, [.string(path), value])
    }

    /// Loads the file at `path` in a fresh environment with extra `globals` (`arg`, say) and returns the chunk.
    public func loadScript(_ path: String, globals: [String: LuaValue] = [:], clock: Int64? = nil) throws -> LuaRef {
        let directory = PathText.directory(of: path)
        let environment = try newEnvironment(directory: directory, clock: clock)
        defer { release(environment) }
        for (name, value) in globals { try setField(name, value, in: environment) }
        return try loadFile(path, environment: environment)
    }

    /// `table[key] = value` (raw) on the table behind `table`.
    public func setField(_ key: String, _ value: LuaValue, in table: LuaRef) throws {
        try enter()
        defer { leave() }
        lua_rawgeti(L, mdk_registryindex(), lua_Integer(table.id))
        defer { mdk_pop(L, 1) }
        guard lua_type(L, -1) == LUA_TTABLE else { throw LuaError(.runtime, "setField: not a table") }
        pushString(key, on: L)
        push(value, on: L)
        lua_rawset(L, -3)
    }

    /// Calls `function` and keeps its first result in the registry (for tables of Lua functions).
    public func callForRef(_ function: LuaRef, _ args: [LuaValue] = [], limits: LuaLimits = .none) throws -> LuaRef {
        try enter()
        defer { leave() }
        let top = lua_gettop(L)
        _ = lua_checkstack(L, Int32(clamping: args.count + 4))
        lua_rawgeti(L, mdk_registryindex(), lua_Integer(function.id))
        for arg in args { push(arg, on: L) }
        arm(limits)
        let status = mdk_pcall(L, Int32(args.count), 1)
        defer { disarm() }
        guard status == LUA_OK else {
            let error = takeError(status: status, on: L)
            lua_settop(L, top)
            throw error
        }
        return makeRef()
    }
}


extension LuaState {
    /// Runs trusted Lua `source` that extends the `desk` table: it is called with `define(path, value)`, so it can
    /// add Lua functions (`define("agent", function(t) ... end)`) to every environment made afterwards.
    public func extend(source: String, chunkName: String) throws {
        guard let define = sandbox.defineField else { throw LuaError(.runtime, "the sandbox is not installed") }
        let env = try newEnvironment(directory: ".")
        defer { release(env) }
        let chunk = try load(source, chunkName: chunkName, environment: env)
        defer { release(chunk) }
        try enter()
        defer { leave() }
        let top = lua_gettop(L)
        lua_rawgeti(L, mdk_registryindex(), lua_Integer(chunk.id))
        lua_rawgeti(L, mdk_registryindex(), lua_Integer(define.id))
        arm(.none)
        let status = mdk_pcall(L, 1, 0)
        disarm()
        guard status == LUA_OK else {
            let error = takeError(status: status, on: L)
            lua_settop(L, top)
            throw error
        }
    }

    /// The file and line of the Lua code that called the host function running now (for `plan:add` to say
    /// where a task was declared). nil outside a host function call.
    public func callerLocation() -> (file: String, line: Int)? {
        guard let running = ctl.pointee.running else { return nil }
        let saved = (ctl.pointee.err_source, ctl.pointee.err_line)
        defer { (ctl.pointee.err_source, ctl.pointee.err_line) = saved }
        guard mdk_where(running, 1, ctl) != 0 else { return nil }
        let (file, line) = recordedLocation
        guard let file, let line else { return nil }
        return (sandbox.fullChunkName(file), line)
    }
}
