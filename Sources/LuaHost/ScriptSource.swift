import Foundation

/// Where script text comes from: the disk, or a `ScriptSet` that keeps the last good version of each file.
public protocol ScriptSource: Sendable {
    /// The text of the script at `path`; throws when it cannot be read.
    func text(of path: String) throws -> String
    /// The SHA-256 (lowercase hex) of the version `text(of:)` serves, or nil when it cannot be read.
    func sha256(of path: String) -> String?
}

extension ScriptSource {
    public func sha256(of path: String) -> String? {
        FileManager.default.contents(atPath: path).map(ScriptSet.sha256)
    }
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
