import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Watches files for changes with inotify (Linux) and reports the changed paths.
///
/// It watches the folders that hold the files, so editors that save by writing a new file and renaming it
/// over the old one (vim, most IDEs) are seen too; and the folders above them, so a whole folder swapped by a
/// rename (`mv nodes.new nodes`) is watched again and every file in it reported. Changes arriving within `settle` seconds are reported
/// together, once.
public final class FileWatcher: @unchecked Sendable {
    /// Sets of changed paths (those asked for, as given).
    public let changes: AsyncStream<Set<String>>
    private let continuation: AsyncStream<Set<String>>.Continuation
    private let fd: Int32
    private var directories: [Int32: String] = [:]
    private var parents: [Int32: String] = [:]     // watches on the folders above `directories` (for swaps)
    private var folders: Set<String> = []          // every folder watched, kept while it is gone (moved away)
    private let mask = UInt32(IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE | IN_DELETE | IN_MODIFY | IN_MOVED_FROM)
    private var watched: [String: String] = [:]   // absolute path -> path as given
    private var givenDirectories: [String: String] = [:]   // absolute folder -> folder as given
    private let newFiles: String?
    private let stopped = ManagedAtomicFlag()

    /// `newFiles`: also report files created later in the watched folders whose names end with it (".lua"), as
    /// paths in the form their folder was given.
    public init(paths: [String], settle: Double = 0.02, newFiles: String? = nil) throws {
        (changes, continuation) = AsyncStream.makeStream(of: Set<String>.self)
        self.newFiles = newFiles
        #if os(Linux)
        fd = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
        guard fd >= 0 else { throw LuaError(.runtime, "inotify is not available (errno \(errno))") }
        for path in paths {
            let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
            watched[absolute] = path
            let dir = URL(fileURLWithPath: absolute).deletingLastPathComponent().path
            givenDirectories[dir] = (path as NSString).deletingLastPathComponent
            if !directories.values.contains(dir) {
                let wd = inotify_add_watch(fd, dir, mask)
                if wd >= 0 { directories[wd] = dir }
            }
        }
        // One mask for every watch: a folder watched both as a holder and as a parent keeps a single watch.
        folders = Set(givenDirectories.keys)
        for dir in folders {
            let parent = (dir as NSString).deletingLastPathComponent
            if parent != dir, !parents.values.contains(parent) {
                let wd = inotify_add_watch(fd, parent, mask)
                if wd >= 0 { parents[wd] = parent }
            }
        }
        let thread = Thread { [self] in self.loop(settle: settle) }
        thread.name = "moondesk.filewatcher"
        thread.start()
        #else
        throw LuaError(.runtime, "file watching needs inotify (Linux)")
        #endif
    }

    deinit { stop() }

    /// Stops watching and ends the stream.
    public func stop() {
        guard stopped.set() else { return }
        continuation.finish()
    }

    #if os(Linux)
    private func loop(settle: Double) {
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        var pending: Set<String> = []
        var firstPending: Date?
        while !stopped.isSet {
            var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let ready = poll(&pfd, 1, 10)
            if ready > 0 {
                let n = read(fd, &buffer, buffer.count)
                if n > 0 { pending.formUnion(parse(buffer, count: n)) }
                if !pending.isEmpty, firstPending == nil { firstPending = Date() }
            }
            if let start = firstPending, Date().timeIntervalSince(start) >= settle {
                continuation.yield(pending)
                pending = []
                firstPending = nil
            }
        }
    }

    private func parse(_ buffer: [UInt8], count: Int) -> Set<String> {
        var changed: Set<String> = []
        var offset = 0
        let header = MemoryLayout<inotify_event>.size
        while offset + header <= count {
            let (wd, length) = buffer.withUnsafeBytes { raw -> (Int32, Int) in
                let event = raw.loadUnaligned(fromByteOffset: offset, as: inotify_event.self)
                return (event.wd, Int(event.len))
            }
            let nameBytes = buffer[(offset + header)..<min(offset + header + length, count)].prefix { $0 != 0 }
            let name = String(decoding: nameBytes, as: UTF8.self)
            if let parent = parents[wd], folders.contains(parent + "/" + name) {
                changed.formUnion(rewatch(parent + "/" + name))
            }
            if let dir = directories[wd] {
                if let given = watched[dir + "/" + name] {
                    changed.insert(given)
                } else if let suffix = newFiles, name.hasSuffix(suffix), !name.hasPrefix("."), let folder = givenDirectories[dir] {
                    let given = folder.isEmpty ? name : folder + "/" + name
                    watched[dir + "/" + name] = given
                    changed.insert(given)
                }
            }
            offset += header + length
        }
        return changed
    }

    /// A watched folder was replaced (renamed over, or made again): watch the new one, and report every watched
    /// file in it, and its new files when `newFiles` asks for them.
    private func rewatch(_ dir: String) -> Set<String> {
        for (wd, d) in directories where d == dir { directories[wd] = nil }
        let wd = inotify_add_watch(fd, dir, mask)
        if wd >= 0 { directories[wd] = dir }
        var changed = Set(watched.filter { ($0.key as NSString).deletingLastPathComponent == dir }.values)
        if let suffix = newFiles, let folder = givenDirectories[dir],
           let names = try? FileManager.default.contentsOfDirectory(atPath: dir) {
            for name in names where name.hasSuffix(suffix) && !name.hasPrefix(".") {
                let given = folder.isEmpty ? name : folder + "/" + name
                watched[dir + "/" + name] = watched[dir + "/" + name] ?? given
                changed.insert(watched[dir + "/" + name]!)
            }
        }
        return changed
    }
    #endif
}

/// A set-once flag readable from any thread.
final class ManagedAtomicFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    var isSet: Bool { lock.withLock { value } }
    /// Sets the flag; true if this call set it.
    func set() -> Bool { lock.withLock { defer { value = true }; return !value } }
}
