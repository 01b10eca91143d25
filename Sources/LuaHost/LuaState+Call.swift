import Foundation
import CLua
import CLuaShim

/// A Lua value kept alive in a state's registry (a loaded chunk, an agent's function). Valid in its state only.
public struct LuaRef: Sendable, Hashable {
    @usableFromInline let id: Int32
    let stateID: ObjectIdentifier
}

/// Loading chunks and protected calls. Every call into Lua goes through `mdk_pcall` or `mdk_resume`.
extension LuaState {
    /// Compiles `text` (text chunks only) with its environment set to `environment`, and keeps it.
    /// `chunkName` is the file path users see in messages.
    public func load(_ text: String, chunkName: String, environment: LuaRef? = nil) throws -> LuaRef {
        try load(bytes: Array(text.utf8), chunkName: chunkName, environment: environment)
    }

    /// Compiles Lua source given as bytes, unchanged: a string literal keeps every byte, UTF-8 or not.
    public func load(bytes text: [UInt8], chunkName: String, environment: LuaRef? = nil) throws -> LuaRef {
        try enter()
        defer { leave() }
        if text.first == 0x1B {
            throw LuaError(.sandbox, "binary chunks are not allowed (only Lua source text)", file: chunkName)
        }
        let status = loadCompiling(text, name: "@" + chunkName)
        guard status == LUA_OK else {
            let raw = string(at: -1, on: L) ?? "cannot load \(chunkName)"
            mdk_pop(L, 1)
            var error = LuaError.parse(status == LUA_ERRMEM ? .memory : .syntax, raw: raw, fallbackFile: chunkName,
                                       fallbackLine: nil, traceback: nil)
            error.file = error.file.map { LuaError.restore($0, candidates: [chunkName]) }
            throw error
        }
        if let environment {
            lua_rawgeti(L, mdk_registryindex(), lua_Integer(environment.id))
            _ = lua_setupvalue(L, -2, 1)
        }
        return makeRef()
    }

    /// A trusted chunk (a driver written in Swift's sources) compiled once per state and kept, with its
    /// environment set to `environment` for this use.
    public func trustedChunk(_ text: String, chunkName: String, environment: LuaRef) throws -> LuaRef {
        let chunk: LuaRef
        if let kept = trustedChunks[chunkName] {
            chunk = kept
        } else {
            chunk = try load(text, chunkName: chunkName)
            trustedChunks[chunkName] = chunk
        }
        try enter()
        defer { leave() }
        lua_rawgeti(L, mdk_registryindex(), lua_Integer(chunk.id))
        lua_rawgeti(L, mdk_registryindex(), lua_Integer(environment.id))
        _ = lua_setupvalue(L, -2, 1)
        mdk_pop(L, 1)
        return chunk
    }

    /// Loads and keeps a file through the sandbox's script source.
    public func loadFile(_ path: String, environment: LuaRef? = nil) throws -> LuaRef {
        sandbox.noteLoaded(path)
        let bytes = ScriptBytes.chunk(try sandbox.source.bytes(of: path))
        return try load(bytes: bytes, chunkName: path, environment: environment)
    }

    /// Keeps a value (for example a table of functions a script returned) and returns its reference.
    public func ref(_ value: LuaValue) throws -> LuaRef {
        try enter()
        defer { leave() }
        push(value, on: L)
        return makeRef()
    }

    /// Pops the top of the main stack into the registry.
    func makeRef() -> LuaRef {
        LuaRef(id: luaL_ref(L, mdk_registryindex()), stateID: ObjectIdentifier(self))
    }

    /// Releases a reference.
    public func release(_ ref: LuaRef) {
        luaL_unref(L, mdk_registryindex(), ref.id)
    }

    /// The value behind a reference, converted to Swift.
    public func value(of ref: LuaRef) -> LuaValue {
        lua_rawgeti(L, mdk_registryindex(), lua_Integer(ref.id))
        defer { mdk_pop(L, 1) }
        return value(at: -1, on: L)
    }

    /// `ref[key]`, kept as a reference when it is a Lua value Swift cannot hold (a Lua function), else nil.
    public func field(_ key: String, of ref: LuaRef) -> LuaRef? {
        lua_rawgeti(L, mdk_registryindex(), lua_Integer(ref.id))
        defer { mdk_pop(L, 1) }
        guard lua_type(L, -1) == LUA_TTABLE else { return nil }
        pushString(key, on: L)
        lua_rawget(L, -2)
        if lua_type(L, -1) == LUA_TNIL {
            mdk_pop(L, 1)
            return nil
        }
        return makeRef()
    }

    /// The Lua type name of the value behind a reference.
    public func typeName(of ref: LuaRef) -> String {
        lua_rawgeti(L, mdk_registryindex(), lua_Integer(ref.id))
        defer { mdk_pop(L, 1) }
        return String(cString: lua_typename(L, lua_type(L, -1)))
    }

    /// Calls the function behind `function` with `args` in a protected call under `limits`; returns its results.
    /// Async host functions cannot wait here (use `run`).
    @discardableResult
    public func call(_ function: LuaRef, _ args: [LuaValue] = [], limits: LuaLimits = .none) throws -> [LuaValue] {
        try call(function, refs: [], args, limits: limits)
    }

    /// Calls `function` with the values behind `refs` first (Lua tables and functions Swift keeps), then `args`.
    @discardableResult
    public func call(_ function: LuaRef, refs: [LuaRef], _ args: [LuaValue] = [], limits: LuaLimits = .none) throws -> [LuaValue] {
        try enter()
        defer { leave() }
        let top = lua_gettop(L)
        _ = lua_checkstack(L, Int32(clamping: refs.count + args.count + 4))
        lua_rawgeti(L, mdk_registryindex(), lua_Integer(function.id))
        for ref in refs { lua_rawgeti(L, mdk_registryindex(), lua_Integer(ref.id)) }
        for arg in args { push(arg, on: L) }
        let status = callLimited(Int32(refs.count + args.count), LUA_MULTRET, limits)
        guard status == LUA_OK else {
            let error = takeError(status: status, on: L)
            lua_settop(L, top)
            throw error
        }
        return popValues(lua_gettop(L) - top, from: L)
    }

    /// Builds a LuaError from the traceback string the message handler left on top of `T`, and pops it.
    @usableFromInline func takeError(status: Int32, on T: OpaquePointer) -> LuaError {
        let raw = string(at: -1, on: T) ?? (status == LUA_ERRMEM ? "not enough memory" : "error (no message)")
        mdk_pop(T, 1)
        return makeError(status: status, raw: raw)
    }

    /// Classifies and words an error from its raw `message\nstack traceback:...` text.
    func makeError(status: Int32, raw: String) -> LuaError {
        let (message, traceback) = Self.splitTraceback(raw)
        let (file, line) = recordedLocation
        var error = LuaError.parse(.runtime, raw: message, fallbackFile: file, fallbackLine: line, traceback: traceback)
        if error.file?.hasPrefix("[") == true { (error.file, error.line) = (file, line) }
        error.file = error.file.map { sandbox.fullChunkName($0) }
        error.kind = failureKind(status: status)
        error.transient = error.kind == .runtime && ctl.pointee.err_kind == Int32(MDK_KIND_TRANSIENT)
        noteFailure(error.kind)
        error.message = describe(kind: error.kind, message: error.message)
        return error
    }

    /// Human wording for limits: which limit, how large.
    func describe(kind: LuaError.Kind, message: String) -> String {
        switch kind {
        case .timeout:
            return "stopped: ran past its time limit"
        case .memory:
            let cap = ctl.pointee.cap
            return cap > 0 ? "stopped: exceeded the memory cap of \(Self.megabytes(Int(cap)))" : message
        case .cancelled:
            return "stopped: the run was cancelled"
        default:
            return message
        }
    }

    static func megabytes(_ bytes: Int) -> String {
        bytes % (1 << 20) == 0 ? "\(bytes >> 20) MB" : String(format: "%.1f MB", Double(bytes) / 1048576)
    }

    /// Splits `message\nstack traceback:\n...` into its two parts.
    static func splitTraceback(_ raw: String) -> (String, String?) {
        guard let range = raw.range(of: "\nstack traceback:") else { return (raw, nil) }
        return (String(raw[..<range.lowerBound]), String(raw[range.lowerBound...]).trimmingPrefix("\n").description)
    }
}
