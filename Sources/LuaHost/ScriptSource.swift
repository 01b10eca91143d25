import Foundation
import Synchronization

/// Where script files come from: the disk, or a `ScriptSet` that keeps the last good version of each file.
/// Scripts are bytes end to end (a Lua string literal may hold any byte); the SHA-256 is of those bytes.
public protocol ScriptSource: Sendable {
    /// The bytes of the script at `path`, as in the file; throws when it cannot be read.
    func bytes(of path: String) throws -> [UInt8]
    /// The SHA-256 (lowercase hex) of the version `bytes(of:)` serves, or nil when it cannot be read.
    func sha256(of path: String) -> String?
    /// Changes whenever a file may have appeared, gone or changed, so a cached `require` resolution is kept only
    /// while it stays the same; nil: do not cache resolutions.
    var resolutionKey: Int? { get }
}

extension ScriptSource {
    public func sha256(of path: String) -> String? {
        FileManager.default.contents(atPath: path).map(ScriptSet.sha256)
    }
    public var resolutionKey: Int? { nil }

    /// The script decoded as UTF-8, for messages and tools that show text (never for compiling).
    public func text(of path: String) throws -> String { String(decoding: try bytes(of: path), as: UTF8.self) }
}

/// Reads scripts from the file system as they are now.
public struct DiskScriptSource: ScriptSource {
    public init() {}

    public func bytes(of path: String) throws -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw LuaError(.runtime, "cannot read \(path)", file: path)
        }
        return [UInt8](data)
    }
}

/// Reads each script once and serves that version for the rest of the source's life: what one run (or a
/// backtest of many decisions) sees is one consistent set of files, and asking for a file's hash costs a lookup.
public final class SnapshotScriptSource: ScriptSource, @unchecked Sendable {
    private let files = Mutex<[String: ScriptSet.Script]>([:])

    public init() {}

    private func script(_ path: String) throws -> ScriptSet.Script {
        if let script = files.withLock({ $0[path] }) { return script }
        let key = Sandbox.normalize(path)
        if let script = files.withLock({ $0[key] }) {
            files.withLock { $0[path] = script }
            return script
        }
        guard let data = FileManager.default.contents(atPath: key) else {
            throw LuaError(.runtime, "cannot read \(path)", file: path)
        }
        let script = ScriptSet.Script(path: key, bytes: [UInt8](data), sha256: ScriptSet.sha256(data))
        files.withLock { $0[key] = script; $0[path] = script }
        return script
    }

    public func bytes(of path: String) throws -> [UInt8] { try script(path).bytes }
    public func sha256(of path: String) -> String? { try? script(path).sha256 }
    public var resolutionKey: Int? { 0 }
}
