import Foundation
import Synchronization

/// Where script text comes from: the disk, or a `ScriptSet` that keeps the last good version of each file.
public protocol ScriptSource: Sendable {
    /// The text of the script at `path`; throws when it cannot be read.
    func text(of path: String) throws -> String
    /// The SHA-256 (lowercase hex) of the version `text(of:)` serves, or nil when it cannot be read.
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
}

/// Reads scripts from the file system as they are now.
public struct DiskScriptSource: ScriptSource {
    public init() {}

    public func text(of path: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw LuaError(.runtime, "cannot read \(path)", file: path)
        }
        return String(decoding: data, as: UTF8.self)
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
        let script = ScriptSet.Script(path: key, text: String(decoding: data, as: UTF8.self), sha256: ScriptSet.sha256(data))
        files.withLock { $0[key] = script; $0[path] = script }
        return script
    }

    public func text(of path: String) throws -> String { try script(path).text }
    public func sha256(of path: String) -> String? { try? script(path).sha256 }
    public var resolutionKey: Int? { 0 }
}
