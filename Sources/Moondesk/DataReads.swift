import Foundation
import LuaHost
import Orchestrator
import Research
import Synchronization

/// One data source a script read: the file (or live provider), its SHA-256, and the latest instant of the data
/// handed out (when the last bar closed, a sample's day ended, a text or reading was stamped).
public struct DataRead: Sendable, Equatable {
    public var file: String
    public var sha256: String?
    public var latest: Int64?
    /// The spacing of the source's data, seconds (a candle file's bar interval, 1 day for daily samples), when known:
    /// what "stale" is measured in.
    public var interval: Int64?

    public init(file: String, sha256: String?, latest: Int64?, interval: Int64? = nil) {
        self.file = file
        self.sha256 = sha256
        self.latest = latest
        self.interval = interval
    }

    public var luaValue: LuaValue {
        var out: [String: LuaValue] = ["file": .string(file)]
        if let sha256 { out["sha256"] = .string(sha256) }
        if let latest { out["latest"] = .integer(latest); out["latest_date"] = .string(MarketContext.isoDate(latest)) }
        if let interval { out["interval"] = .integer(interval) }
        return .table(out)
    }
}

/// What one task attempt or node run read, kept as recorded and made a Lua value only when asked for (by
/// `--json`, the researcher's `task_status` or the journal): most runs never are.
enum RecordedReads: Sendable {
    case reads([DataRead])
    /// As a journal recorded them with a recalled result.
    case recalled(LuaValue)

    /// `[{file, sha256, latest, latest_date, interval}]`, sorted by file.
    var luaValue: LuaValue {
        switch self {
        case .reads(let reads): .array(reads.map(\.luaValue))
        case .recalled(let value): value
        }
    }
}

/// What the scripts of one state read during one run (a task attempt or a node), recorded by the bindings
/// themselves, never by the scripts: the runtime's facts about look-ahead. The per-state recorder hangs on the
/// state's attachment (`CostMeter.reads`) and is reset when a task or node starts; every read also goes to the
/// run's log (`parent`), which lists every file any script read (`run.data`).
public final class DataReads: Sendable {
    private struct Contents { var reads: [String: DataRead] = [:]; var order: [String] = []; var refused: [(String, String?)] = [] }
    private let contents = Mutex(Contents())
    /// The run's log, looked up at each read: a state serves the decisions of several as-ofs (a backtest).
    let parentOf: @Sendable () -> DataReads?
    var parent: DataReads? { parentOf() }
    /// Where the script calling a binding is (`file:line`), for refusals.
    let locate: @Sendable () -> String?

    public init(parent: DataReads? = nil, locate: @escaping @Sendable () -> String? = { nil }) {
        parentOf = { parent }
        self.locate = locate
    }

    public init(parent: @escaping @Sendable () -> DataReads?, locate: @escaping @Sendable () -> String? = { nil }) {
        parentOf = parent
        self.locate = locate
    }

    /// Forgets this state's reads (the run log keeps them).
    public func reset() { contents.withLock { $0 = Contents() } }

    /// Records a read of `file` handing out data up to `latest`.
    public func record(file: String, sha256: String?, latest: Int64?, interval: Int64? = nil) {
        contents.withLock { c in
            if var known = c.reads[file] {
                if let latest { known.latest = max(known.latest ?? latest, latest) }
                known.sha256 = known.sha256 ?? sha256
                known.interval = known.interval ?? interval
                c.reads[file] = known
            } else {
                c.reads[file] = DataRead(file: file, sha256: sha256, latest: latest, interval: interval)
                c.order.append(file)
            }
        }
        parent?.record(file: file, sha256: sha256, latest: latest, interval: interval)
    }

    /// Records `read`.
    public func record(_ read: DataRead) {
        record(file: read.file, sha256: read.sha256, latest: read.latest, interval: read.interval)
    }

    /// Records a request the bindings refused because it asked for data after the as-of.
    public func refuse(_ message: String) {
        let location = locate()
        contents.withLock { $0.refused.append((message, location)) }
        parent?.refuse(message, at: location)
    }

    func refuse(_ message: String, at location: String?) {
        contents.withLock { $0.refused.append((message, location)) }
        parent?.refuse(message, at: location)
    }

    /// The reads so far, sorted by file.
    public var reads: [DataRead] { contents.withLock { c in c.order.sorted().compactMap { c.reads[$0] } } }
    /// The refused requests, in order (`file:line: message` when the caller's line is known).
    public var refused: [String] {
        contents.withLock { c in c.refused.map { entry in (entry.1.map { $0 + ": " } ?? "") + entry.0 } }
    }

    /// `[{file, sha256, latest, latest_date}]`, sorted by file.
    public var luaValue: LuaValue { .array(reads.map(\.luaValue)) }

    /// Throws `LookAheadError` when a read handed out data later than `cutoff`, or a script asked for data after
    /// it (even if it caught the error): that is an error of the task or node, whatever its scripts return.
    public func enforce(cutoff: Int64, who: String) throws {
        if let late = reads.first(where: { ($0.latest ?? .min) > cutoff }) {
            throw LookAheadError(message: "\(who) read \(late.file) up to \(MarketContext.isoDate(late.latest ?? 0)), after the as-of \(MarketContext.isoDate(cutoff))")
        }
        if let (message, location) = contents.withLock({ $0.refused.first }) {
            throw LookAheadError(message: "\(who) asked for data after the as-of (even if the script caught the error): \(message)",
                                 location: location)
        }
    }
}

/// A script read (or asked for) data after the run's as-of. Not retryable: the same script asks again.
public struct LookAheadError: Error, TaskFailure, CustomStringConvertible, Sendable {
    public let message: String
    public var location: String?
    public init(message: String, location: String? = nil) {
        self.message = "look-ahead: " + message
        self.location = location
    }
    public var description: String { (location.map { $0 + ": " } ?? "") + message }
    public var isRetryable: Bool { false }
    public var isTimeout: Bool { false }
}

/// The reads of each task's last attempt, for `task_status[id].reads`.
public final class TaskReads: Sendable {
    private let byTask = Mutex<[String: RecordedReads]>([:])
    public init() {}

    /// Starts a task attempt: resets the state's recorder and records the run's own candles, which every
    /// handler's ctx hands out.
    func begin(_ state: LuaState, market: MarketContext) {
        guard let reads = (state.attachment as? CostMeter)?.reads else { return }
        reads.reset()
        market.recordRunSeries(into: reads)
    }

    /// Ends a task attempt: keeps its reads, then fails it if it looked ahead.
    func finish(_ task: ResearchTask, state: LuaState, market: MarketContext) throws {
        guard let reads = (state.attachment as? CostMeter)?.reads else { return }
        byTask.withLock { $0[task.taskID] = .reads(reads.reads) }
        try reads.enforce(cutoff: market.clock.cutoff, who: "task \(task.taskID)")
    }

    /// The reads of `task`'s last attempt.
    func of(_ task: String) -> LuaValue { byTask.withLock { $0[task] }?.luaValue ?? .array([]) }

    /// Puts back the reads recorded with a recalled result.
    func restore(_ task: String, _ reads: LuaValue) { byTask.withLock { $0[task] = .recalled(reads) } }

    /// The node researcher's update with `reads` added to each task's status entry.
    func attach(to output: NodeOutput) -> NodeOutput {
        var output = output
        guard case .table(var status) = output.update["task_status"] ?? .nil else { return output }
        let known = byTask.withLock { $0 }
        for (id, entry) in status {
            guard case .table(var fields) = entry else { continue }
            fields["reads"] = known[id]?.luaValue ?? .array([])
            status[id] = .table(fields)
        }
        output.update["task_status"] = .table(status)
        return output
    }
}

/// Nodes: the same recorder, reset when a node starts and checked when it ends.
enum NodeReads {
    static func begin(_ state: LuaState, market: MarketContext) {
        guard let reads = (state.attachment as? CostMeter)?.reads else { return }
        reads.reset()
        market.recordRunSeries(into: reads)
    }

    static func finish(_ node: String, state: LuaState, market: MarketContext) throws {
        guard let reads = (state.attachment as? CostMeter)?.reads else { return }
        market.nodeReads.withLock { $0[node] = .reads(reads.reads) }
        try reads.enforce(cutoff: market.clock.cutoff, who: "node \(node)")
    }
}

extension DataReads {
    /// Records again the reads a recalled result had made (`[{file, sha256, latest, interval}]`), so the run's log
    /// lists what it would have had the result been computed.
    func record(recalled reads: LuaValue) {
        for read in reads.arrayValue ?? [] {
            guard let file = read["file"].stringValue else { continue }
            record(file: file, sha256: read["sha256"].stringValue, latest: read["latest"].intValue.map(Int64.init),
                   interval: read["interval"].intValue.map(Int64.init))
        }
    }
}
