import Foundation
import LuaHost
import Synchronization

/// The SHA-256 of files as they are now: scripts through the run's script source (the version it serves), other
/// files (data) hashed once per size and modification time.
public final class FileHashes: Sendable {
    let scripts: any ScriptSource
    private let known = Mutex<[String: (stamp: String, sha256: String)]>([:])

    public init(scripts: any ScriptSource) { self.scripts = scripts }

    public func sha256(of path: String) -> String? {
        if path.hasSuffix(".lua"), let hash = scripts.sha256(of: path) { return hash }
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        let stamp = "\(info.st_size)/\(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec)"
        if let hit = known.withLock({ $0[path] }), hit.stamp == stamp { return hit.sha256 }
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        let hash = ScriptSet.sha256(data)
        known.withLock { $0[path] = (stamp, hash) }
        return hash
    }

    /// `scripts` in their order, then the files in `reads` (`[{file, sha256}]`), with their hashes; nil when one
    /// cannot be hashed (a live provider's answer): such a result cannot be checked later, so it is not reused.
    public func manifest(scripts files: [String], reads: LuaValue) -> [FileHash]? {
        var out: [FileHash] = []
        for file in files {
            guard let hash = sha256(of: file) else { return nil }
            out.append(FileHash(path: file, sha256: hash))
        }
        for read in reads.arrayValue ?? [] {
            guard let file = read["file"].stringValue, let hash = read["sha256"].stringValue else { return nil }
            if !out.contains(where: { $0.path == file }) { out.append(FileHash(path: file, sha256: hash)) }
        }
        return out
    }
}
