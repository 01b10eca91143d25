import Foundation
import Synchronization

/// The sandbox of a state: which folders `require` searches, where script text comes from, and which files
/// the scripts have loaded (for hot reload). The environments themselves are made by `Lua/sandbox.lua`.
///
/// What a script gets: base functions (with a deterministic `pairs`, `next` and `tostring`), string, table, math,
/// utf8, coroutine; `os.time/clock/date/difftime` (the clock reads the run's as-of); `debug.traceback`; text-only
/// `load`; `loadfile`/`dofile`/`require` on Lua files inside the search roots; `print` through the host.
/// Everything else (`io`, `os.execute`, `package.loadlib`, C modules, `string.dump`, `debug.sethook`, binary
/// chunks) is refused with a `sandbox` error that names the line.
public final class Sandbox: @unchecked Sendable {
    /// Folders `require` searches after the running script's own folder (typically the project's `agents/`).
    public let moduleRoots: [String]
    public let source: any ScriptSource
    private let loadedFiles = Mutex<(list: [String], known: Set<String>)>(([], []))
    /// `require` name and folder → file and the SHA-256 of its version, valid while the source's `resolutionKey`
    /// stays the same: the key moves with every change, so a kept SHA-256 is never stale.
    private let resolutions = Mutex<(key: Int?, paths: [String: (path: String, sha: String?)])>((nil, [:]))
    private let compileCount = Atomic<Int>(0)
    private(set) var makeEnvironment: LuaRef?
    private(set) var defineField: LuaRef?
    private(set) var callEntry: LuaRef?

    init(moduleRoots: [String], source: any ScriptSource) {
        self.moduleRoots = moduleRoots.map { Sandbox.normalize($0) }
        self.source = source
    }

    /// Every file loaded through the sandbox so far, in load order, without repeats.
    public var loaded: [String] { loadedFiles.withLock { $0.list } }

    /// How many times a script file was read to be compiled in this state (a file is compiled once per version).
    public var compiles: Int { compileCount.load(ordering: .relaxed) }

    /// A chunk name as Lua printed it (maybe cut to `...tail`), made whole again.
    func fullChunkName(_ file: String) -> String { LuaError.restore(file, candidates: loaded) }

    func noteLoaded(_ path: String) {
        loadedFiles.withLock { if $0.known.insert(path).inserted { $0.list.append(path) } }
        recording.withLock { files in if files != nil, !files!.contains(path) { files!.append(path) } }
    }

    private let recording = Mutex<[String]?>(nil)

    /// Starts listing the files loaded from now on (one run of a handler or node in this state).
    public func beginRecording() { recording.withLock { $0 = [] } }

    /// The files loaded since `beginRecording`, in load order; stops listing.
    public func endRecording() -> [String] { recording.withLock { files in defer { files = nil }; return files ?? [] } }

    static let prelude = LuaResource.text("sandbox", resources: "Moondesk_LuaHost") { .module }

    func install(in state: LuaState) throws {
        state.openLibraries()
        let prelude = try state.load(Sandbox.prelude, chunkName: "[sandbox]")
        defer { state.release(prelude) }
        let host: LuaValue = [
            "print": .function(HostFunction("print") { [unowned state] args in
                state.printHandler(args.arg(0).stringValue ?? "")
                return []
            }),
            "search_path": .function(HostFunction("package.path") { [unowned self] args in
                let dir = args.arg(0).stringValue ?? "."
                return [.string(self.searchRoots(from: dir).map { "\($0)/?.lua" }.joined(separator: ";"))]
            }),
            "resolve": .function(HostFunction("require") { [unowned self] args in
                let (path, sha) = try self.resolveModule(try args.string(0), from: args.arg(1).stringValue ?? ".")
                return [.string(path), sha.map { .string($0) } ?? .nil]
            }),
            "sha": .function(HostFunction("require") { [unowned self] args in
                let path = try args.string(0)
                self.noteLoaded(path)
                return [self.source.sha256(of: path).map { .string($0) } ?? .nil]
            }),
            // A module's text, or its bytecode (third result true) when it compiles: each version is parsed
            // once per process, however many states require it.
            "read": .function(HostFunction("require") { [unowned self, unowned state] args in
                let path = try args.string(0)
                self.compileCount.add(1, ordering: .relaxed)
                let bytes = ScriptBytes.chunk(try self.source.bytes(of: path))
                let sha: LuaValue = self.source.sha256(of: path).map { .string($0) } ?? .nil
                if let code = state.bytecode(of: bytes, name: "@" + path) { return [.bytes(code), sha, .boolean(true)] }
                return [.bytes(bytes), sha]
            }),
            "read_script": .function(HostFunction("loadfile") { [unowned self] args in
                let (path, text) = try self.readScript(try args.string(0), from: args.arg(1).stringValue ?? ".")
                return [.string(path), .bytes(text)]
            }),
        ]
        let exports = try state.callForRef(prelude, [host])
        makeEnvironment = state.field("make_env", of: exports)
        defineField = state.field("define", of: exports)
        callEntry = state.field("call", of: exports)
        state.release(exports)
    }

    /// The folders searched from a script in `dir`: the script's own folder first, then the module roots.
    func searchRoots(from dir: String) -> [String] {
        var roots = [Sandbox.normalize(dir)]
        for root in moduleRoots where !roots.contains(root) { roots.append(root) }
        return roots
    }

    /// Resolves `require "a.b"` to the first `a/b.lua` in the search roots.
    func resolveModule(_ name: String, from dir: String) throws -> (path: String, sha: String?) {
        let cacheKey = dir + "\u{0}" + name
        let key = source.resolutionKey
        if key != nil, let resolved = resolutions.withLock({ $0.key == key ? $0.paths[cacheKey] : nil }) {
            noteLoaded(resolved.path)
            return resolved
        }
        let valid = !name.isEmpty && name.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." || $0 == "-" }
        guard valid, !name.contains("..") else {
            throw SandboxRefusal("require \"\(name)\": module names are dotted Lua names (letters, digits, _ and .)")
        }
        let relative = String(name.map { $0 == "." ? "/" : $0 })   // not NSString's replacing: it bridges, per require
        let roots = searchRoots(from: dir)
        for root in roots {
            let path = Sandbox.join(root, relative + ".lua")
            if FileManager.default.fileExists(atPath: path) {
                _ = try PathRule.require(path, roots: roots, what: "require \"\(name)\"",
                                         allowed: "\(path) leads outside the script's folder and the agents folder")
                noteLoaded(path)
                let resolved = (path: path, sha: source.sha256(of: path))
                if let key {
                    resolutions.withLock { cache in
                        if cache.key != key { cache = (key, [:]) }
                        cache.paths[cacheKey] = resolved
                    }
                }
                return resolved
            }
        }
        let nativeDirs = roots + ["/usr/local/lib/lua/5.4", "/usr/lib/x86_64-linux-gnu/lua/5.4", "/usr/lib/lua/5.4"]
        if nativeDirs.contains(where: { FileManager.default.fileExists(atPath: Sandbox.join($0, relative + ".so")) }) {
            throw SandboxRefusal("require \"\(name)\": C modules are not allowed (only Lua files)")
        }
        let tried = roots.map { Sandbox.join($0, relative + ".lua") }.joined(separator: ", ")
        throw ArgumentError("module \"\(name)\" not found (tried \(tried))")
    }

    /// Reads a script for `loadfile`/`dofile`: relative paths from the script's folder, and only inside the roots.
    func readScript(_ path: String, from dir: String) throws -> (String, [UInt8]) {
        let resolved = Sandbox.normalize(path.hasPrefix("/") ? path : Sandbox.join(dir, path))
        let what = "loadfile \"\(PathRule.shown(path))\""
        let real = try PathRule.require(resolved, roots: searchRoots(from: dir), what: what,
                                        allowed: "only Lua files beside the script or under the agents folder can be loaded")
        guard resolved.hasSuffix(".lua"), real.hasSuffix(".lua") else { throw SandboxRefusal("\(what): only .lua files can be loaded") }
        noteLoaded(resolved)
        return (resolved, ScriptBytes.chunk(try source.bytes(of: resolved)))
    }

    static func join(_ dir: String, _ name: String) -> String {
        dir.isEmpty || dir == "." ? name : (dir.hasSuffix("/") ? dir + name : dir + "/" + name)
    }

    /// Removes `./`, `//` and resolves `..` without touching the file system; keeps relative paths relative.
    public static func normalize(_ path: String) -> String {
        let absolute = path.hasPrefix("/")
        var parts: [Substring] = []
        for part in path.split(separator: "/") {
            if part == "." || part.isEmpty { continue }
            if part == "..", let last = parts.last, last != ".." { parts.removeLast(); continue }
            parts.append(part)
        }
        let joined = parts.joined(separator: "/")
        return absolute ? "/" + joined : (joined.isEmpty ? "." : joined)
    }
}
