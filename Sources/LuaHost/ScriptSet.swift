import Crypto
import Foundation
import Synchronization

/// The Lua files of a folder, each with its SHA-256, serving the last version that compiled.
///
/// `reload(path)` re-reads one file: if it compiles, it replaces the old version; if not, the last good
/// version stays in force and the syntax error (file and line) is returned. Scripts read through a ScriptSet
/// (it is a `ScriptSource`) therefore never see a broken file.
public final class ScriptSet: ScriptSource, @unchecked Sendable {
    public struct Script: Sendable, Equatable {
        public init(path: String, bytes: [UInt8], sha256: String) {
            self.path = path
            self.bytes = bytes
            self.sha256 = sha256
        }
        public var path: String
        public var bytes: [UInt8]
        public var sha256: String
    }

    /// What a reload did to one file.
    public enum ReloadOutcome: Sendable, Equatable {
        case changed(sha256: String)
        case unchanged
        case failed(LuaError)
        case removed
    }

    public let root: String
    private let scripts = Mutex<[String: Script]>([:])
    private let generation = Atomic<Int>(0)

    /// Moves on with every change, addition or removal (cached `require` resolutions are dropped).
    public var resolutionKey: Int? { generation.load(ordering: .relaxed) }

    /// Loads every `.lua` file under `root` (files that do not compile are reported, not kept).
    public init(root: String) throws {
        self.root = Sandbox.normalize(root)
        guard let walker = FileManager.default.enumerator(atPath: self.root) else {
            throw LuaError(.runtime, "cannot read the folder \(root)", file: root)
        }
        for case let relative as String in walker where relative.hasSuffix(".lua") {
            _ = reload(Sandbox.join(self.root, relative))
        }
    }

    /// The last good bytes of `path`. A file not seen before is read (and checked) now.
    public func bytes(of path: String) throws -> [UInt8] {
        let key = Sandbox.normalize(path)
        if let script = scripts.withLock({ $0[key] }) { return script.bytes }
        switch reload(key) {
        case .failed(let error): throw error
        case .removed: throw LuaError(.runtime, "cannot read \(key)", file: key)
        case .changed, .unchanged:
            guard let script = scripts.withLock({ $0[key] }) else { throw LuaError(.runtime, "cannot read \(key)", file: key) }
            return script.bytes
        }
    }

    /// The SHA-256 (hex) of the version in force, or nil.
    public func sha256(of path: String) -> String? {
        scripts.withLock { $0[Sandbox.normalize(path)]?.sha256 }
    }

    /// Every script in force: path → SHA-256.
    public var hashes: [String: String] {
        scripts.withLock { $0.mapValues(\.sha256) }
    }

    /// Re-reads `path`; keeps the last good version when the new one does not compile.
    @discardableResult
    public func reload(_ path: String) -> ReloadOutcome {
        let key = Sandbox.normalize(path)
        guard let data = FileManager.default.contents(atPath: key) else {
            let existed = scripts.withLock { $0.removeValue(forKey: key) != nil }
            generation.add(1, ordering: .relaxed)
            return existed ? .removed : .failed(LuaError(.runtime, "cannot read \(key)", file: key))
        }
        let hash = ScriptSet.sha256(data)
        if scripts.withLock({ $0[key]?.sha256 }) == hash { return .unchanged }
        let bytes = [UInt8](data)
        if let error = LuaSyntax.check(bytes, chunkName: key) { return .failed(error) }
        scripts.withLock { $0[key] = Script(path: key, bytes: bytes, sha256: hash) }
        generation.add(1, ordering: .relaxed)
        return .changed(sha256: hash)
    }

    /// SHA-256 of bytes, as lowercase hex.
    public static func sha256(_ data: Data) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var hex: [UInt8] = []
        hex.reserveCapacity(64)
        for byte in SHA256.hash(data: data) {
            hex.append(digits[Int(byte >> 4)])
            hex.append(digits[Int(byte & 15)])
        }
        return String(decoding: hex, as: UTF8.self)
    }
}
