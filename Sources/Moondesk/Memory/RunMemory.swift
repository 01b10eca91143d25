import Foundation
import LuaHost

/// What a result is: a research task's, a Lua node's, or a whole backtest bar's decision.
public enum MemoryKind: String, Sendable, Codable, CaseIterable {
    case task, node, bar
}

/// One result a run recorded: the value, the data it read, and the SHA-256 of every script and data file it came
/// from. The key names everything else it depends on (definition, inputs, as-of, config).
public struct MemoryEntry: Sendable, Equatable {
    public var value: LuaValue
    /// The `reads` list of the task or node (point in time), restored with the value.
    public var reads: LuaValue
    /// The scripts it loaded (in load order), then the data files it read, each with its SHA-256.
    public var files: [FileHash]
    /// The run that recorded it (set by the memory when recalling).
    public var run: String?
    /// The SHA-256 of what went in (for a node: its state and ctx), also when the result may not be reused.
    public var inputDigest: String?

    public init(value: LuaValue, reads: LuaValue = .array([]), files: [FileHash], run: String? = nil, inputDigest: String? = nil) {
        self.value = value
        self.reads = reads
        self.files = files
        self.run = run
        self.inputDigest = inputDigest
    }
}

/// Results a run records as they complete and may recall instead of recomputing: a journal's cache (any earlier
/// run) or, when resuming, one interrupted run's own. Moondesk checks an entry's files against the files as they are
/// now before using it, so a changed script or data file is never answered from memory.
public protocol RunMemory: Sendable {
    /// Entries recorded under `key`, newest first.
    func recall(_ kind: MemoryKind, key: String) -> [MemoryEntry]
    /// Records a result that just completed (`subject`: the task id, node name or bar's as-of); `key` nil: it may not
    /// be reused (live data, a value without an exact JSON form), only kept in the record.
    func remember(_ kind: MemoryKind, subject: String, key: String?, entry: MemoryEntry)
    /// Says that `entry` stood in for running `subject`.
    func reused(_ kind: MemoryKind, subject: String, key: String, entry: MemoryEntry)
    /// Says what `subject` is about to be given (its input digest), before it runs: recorded also when it fails.
    func starting(_ kind: MemoryKind, subject: String, inputDigest: String)
    /// Whether recorded results may be used at all (false: record only, e.g. `--no-cache` without a resume).
    var recalls: Bool { get }
}

extension RunMemory {
    public func starting(_ kind: MemoryKind, subject: String, inputDigest: String) {}

    /// The first entry under `key` whose files all still hash as recorded.
    public func usable(_ kind: MemoryKind, key: String, hashes: FileHashes) -> MemoryEntry? {
        guard recalls else { return nil }
        return recall(kind, key: key).first { entry in entry.files.allSatisfy { hashes.sha256(of: $0.path) == $0.sha256 } }
    }
}

/// The key of a result: the SHA-256 of its parts as lossless JSON; nil when a part has no exact JSON form (then the
/// result is neither recorded for reuse nor recalled).
public enum MemoryKey {
    /// The state a node reads, without the research's wall-clock timings (`research`, `task_status`): when a task
    /// ran and how long it took are observations of the machine, not inputs of the decision, and they differ at every
    /// run. Leaving them in would make every node after the research a new key.
    public static func timeless(_ state: LuaValue) -> LuaValue {
        guard var fields = state.tableValue else { return state }
        for field in ["research", "task_status"] where fields[field] != nil { fields[field] = withoutTimings(fields[field]!) }
        return .table(fields)
    }

    /// The names wall-clock timings go by in reports, states and bar records.
    public static let timings: Set<String> = ["start", "end", "duration", "duration_seconds", "actual_seconds", "seconds",
                                              "researchSeconds", "nodeSeconds"]

    /// `value` with every field named in `timings` removed, at any depth.
    public static func withoutTimings(_ value: LuaValue) -> LuaValue {
        let strip = withoutTimings
        switch value {
        case .table(let fields):
            var out: [String: LuaValue] = [:]
            for (key, item) in fields where !timings.contains(key) { out[key] = strip(item) }
            return .table(out)
        case .array(let items): return .array(items.map(strip))
        default: return value
        }
    }

    public static func of(_ parts: [LuaValue]) -> String? {
        guard let bytes = LuaValue.array(parts).losslessJSONBytes else { return nil }
        return ScriptSet.sha256(Data(bytes))
    }
}

/// A file and the SHA-256 of its bytes.
public struct FileHash: Sendable, Equatable, Codable {
    public var path: String
    public var sha256: String
    public init(path: String, sha256: String) {
        self.path = path
        self.sha256 = sha256
    }
}
