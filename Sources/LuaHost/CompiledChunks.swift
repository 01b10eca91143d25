import CLua
import CLuaShim
import Foundation
import Synchronization

/// Bytecode of the chunks this process compiled, by chunk name and source text: a state loads what another
/// state already compiled without running Lua's parser (the parser was most of making a state, and a run's
/// second and third states compile the same preludes and modules). Only text this process compiled becomes
/// bytecode, and only the host loads it: scripts still cannot load binary chunks.
enum CompiledChunks {
    /// A chunk name and its exact text, hashed once in bulk: hashing `[UInt8]` element by element (again at
    /// every resize of the table) had cost more than it saved.
    struct Key: Hashable, Sendable {
        let name: String
        let text: [UInt8]
        let digest: Int

        init(name: String, text: [UInt8]) {
            self.name = name
            self.text = text
            var hasher = Hasher()
            text.withUnsafeBytes { hasher.combine(bytes: $0) }
            digest = hasher.finalize()
        }

        func hash(into hasher: inout Hasher) {
            hasher.combine(digest)
            hasher.combine(name)
        }

        static func == (a: Key, b: Key) -> Bool {
            guard a.digest == b.digest, a.name == b.name, a.text.count == b.text.count else { return false }
            return a.text.withUnsafeBytes { x in
                b.text.withUnsafeBytes { y in x.isEmpty || memcmp(x.baseAddress!, y.baseAddress!, x.count) == 0 }
            }
        }
    }

    /// Versions kept at most (a long watch session compiles every saved version): past it the table starts over.
    static let limit = 512
    private static let table = Mutex<[Key: [UInt8]]>([:])

    static func bytecode(_ key: Key) -> [UInt8]? { table.withLock { $0[key] } }

    static func keep(_ key: Key, _ code: [UInt8]) {
        table.withLock { table in
            if table.count >= limit { table.removeAll() }
            table[key] = code
        }
    }
}

extension LuaState {
    /// Loads `text` as the chunk `name` ("@path") onto the stack, from kept bytecode when this process compiled
    /// the same text under the same name before. Returns lua_load's status (the error message on the stack).
    func loadCompiling(_ text: [UInt8], name: String) -> Int32 {
        loadCompiling(CompiledChunks.Key(name: name, text: text))
    }

    private func loadCompiling(_ key: CompiledChunks.Key) -> Int32 {
        let name = key.name, text = key.text
        if let code = CompiledChunks.bytecode(key) {
            let status = code.withUnsafeBufferPointer { buffer in
                buffer.withMemoryRebound(to: CChar.self) { mdk_loadbinary(L, $0.baseAddress, $0.count, name) }
            }
            if status == LUA_OK { return status }
            mdk_pop(L, 1)   // not for bytecode this process made; the text is compiled instead
        }
        let status = text.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { mdk_loadtext(L, $0.baseAddress, $0.count, name) }
        }
        if status == LUA_OK {
            var size = 0
            if let data = mdk_dump(L, &size) {
                CompiledChunks.keep(key, Array(UnsafeBufferPointer(start: data, count: size)))
                free(data)
            }
        }
        return status
    }

    /// The bytecode of `text` compiled as the chunk `name`, or nil when it does not compile (the caller then
    /// compiles the text itself, for the error). Leaves the stack as it was.
    func bytecode(of text: [UInt8], name: String) -> [UInt8]? {
        let key = CompiledChunks.Key(name: name, text: text)
        if let code = CompiledChunks.bytecode(key) { return code }
        let top = lua_gettop(L)
        defer { lua_settop(L, top) }
        guard loadCompiling(key) == LUA_OK else { return nil }
        return CompiledChunks.bytecode(key)
    }
}
