import Crypto
import Foundation
import Synchronization

/// Response bodies on disk, one file per request, named by the SHA-256 of `METHOD URL`.
///
/// An entry older than `maxAge` seconds counts as absent. Writes go to a temporary file that is then
/// renamed, so a reader never sees half a body. Only bodies that decoded cleanly are stored (the
/// provider stores after decoding), so a bad response is never served again from the cache.
public struct ResponseCache: Sendable {
    /// The folder holding the entries (created on first store).
    public let directory: String
    /// How long an entry stays fresh, in seconds.
    public let maxAge: Double

    /// The default folder, relative to the working directory.
    public static let defaultDirectory = ".moondesk/cache"

    /// Numbers temporary files, so concurrent stores in one process never share one.
    private static let temporaryCounter = Atomic<UInt64>(0)

    public init(directory: String = ResponseCache.defaultDirectory, maxAge: Double = 3600) {
        self.directory = directory
        self.maxAge = maxAge
    }

    /// The entry's file name: lowercase hex SHA-256 of `"\(method) \(url)"`, then `.body`.
    public static func key(method: String, url: String) -> String {
        let digest = SHA256.hash(data: Data("\(method) \(url)".utf8))
        return digest.map { String(format: "%02x", $0) }.joined() + ".body"
    }

    /// The path of the entry for a request.
    public func path(method: String, url: String) -> String {
        (directory as NSString).appendingPathComponent(Self.key(method: method, url: url))
    }

    /// The stored body when there is a fresh one, else nil.
    public func load(method: String = "GET", url: String, now: Date = Date()) -> [UInt8]? {
        let file = path(method: method, url: url)
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: file),
              let modified = attributes[.modificationDate] as? Date,
              now.timeIntervalSince(modified) <= maxAge,
              let data = FileManager.default.contents(atPath: file)
        else { return nil }
        return [UInt8](data)
    }

    /// Stores a body; throws when the folder cannot be made or the file cannot be written.
    public func store(_ body: [UInt8], method: String = "GET", url: String) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let file = path(method: method, url: url)
        let serial = Self.temporaryCounter.add(1, ordering: .relaxed).newValue
        let temporary = file + ".tmp-\(ProcessInfo.processInfo.processIdentifier)-\(serial)"
        guard FileManager.default.createFile(atPath: temporary, contents: Data(body)) else {
            throw CacheWriteError(path: temporary)
        }
        if rename(temporary, file) != 0 {
            try? FileManager.default.removeItem(atPath: temporary)
            throw CacheWriteError(path: file)
        }
    }

    /// Removes the entry for a request, if any.
    public func remove(method: String = "GET", url: String) {
        try? FileManager.default.removeItem(atPath: path(method: method, url: url))
    }
}

/// The cache folder or an entry in it could not be written.
public struct CacheWriteError: Error, CustomStringConvertible, Sendable {
    public let path: String
    public var description: String { "cannot write the cache file \(path)" }
}
