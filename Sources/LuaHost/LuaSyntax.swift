import CLua
import CLuaShim

/// Compiles Lua text without running it, to check it: the hot-reload gate.
public enum LuaSyntax {
    /// nil when `text` compiles as a Lua text chunk, else the syntax error with file and line.
    public static func check(_ text: String, chunkName: String) -> LuaError? {
        check(Array(text.utf8), chunkName: chunkName)
    }

    /// nil when the file's bytes compile as a Lua text chunk (a BOM and a `#!` line are skipped, as `lua` does).
    public static func check(_ file: [UInt8], chunkName: String) -> LuaError? {
        let text = ScriptBytes.chunk(file)
        if text.first == 0x1B {
            return LuaError(.sandbox, "binary chunks are not allowed (only Lua source text)", file: chunkName)
        }
        guard let L = luaL_newstate() else { return LuaError(.memory, "cannot create a Lua state") }
        defer { lua_close(L) }
        let status = text.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { mdk_loadtext(L, $0.baseAddress, $0.count, "@" + chunkName) }
        }
        guard status != LUA_OK else { return nil }
        var len = 0
        let raw = mdk_tolstring(L, -1, &len).map { String(decoding: UnsafeRawBufferPointer(start: $0, count: len), as: UTF8.self) }
        var error = LuaError.parse(.syntax, raw: raw ?? "cannot compile", fallbackFile: chunkName, fallbackLine: nil, traceback: nil)
        error.file = error.file.map { LuaError.restore($0, candidates: [chunkName]) }
        return error
    }
}
