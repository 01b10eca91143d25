import Foundation
import LuaHost
import Orchestrator
import Research
import Synchronization

/// A run as a Chrome trace (the Trace Event Format that ui.perfetto.dev and chrome://tracing open): one complete
/// event per node run on the graph's tracks, one per task attempt on the executor slot that ran it, instant events
/// for retries, timeouts and skipped tasks. Fed from `RunEvent`s, from several tasks at once.
///
/// Tracks: "graph" (tid 1) holds the nodes; a node running while another is (bull and bear) takes the next graph
/// lane ("graph 2", tid 2). Task attempts take the lowest free executor slot ("slot 1" is tid 101, "slot 2" tid
/// 102...), so the slots show the schedule the executor really ran. "research" (tid 100) holds skipped tasks.
public final class ChromeTrace: Sendable {
    struct Event {
        var name: String
        var category: String
        var phase: String
        var start: Double
        var duration: Double?
        var tid: Int
        var args: [String: LuaValue]
    }

    struct Open {
        var start: Double
        var tid: Int
    }

    struct Contents {
        var events: [Event] = []
        var nodes: [String: Open] = [:]          // "name#step"
        var attempts: [String: Open] = [:]       // "task#attempt"
        var busyLanes: Set<Int> = []
        var busySlots: Set<Int> = []
        var tracks: [Int: String] = [:]
    }

    static let researchTrack = 100
    static let firstSlot = 101

    private let contents = Mutex(Contents())

    public init() {}

    public func record(_ event: RunEvent) {
        switch event {
        case .node(let event): record(event)
        case .task(let event, let researchStart): record(event, offset: researchStart)
        }
    }

    /// A graph event (offsets count from the graph run's start).
    public func record(_ event: GraphEvent) {
        contents.withLock { c in
            switch event {
            case .nodeStarted(let node, let step, let offset):
                let lane = (1...).first { !c.busyLanes.contains($0) }!
                c.busyLanes.insert(lane)
                c.tracks[lane] = lane == 1 ? "graph" : "graph \(lane)"
                c.nodes["\(node)#\(step)"] = Open(start: offset, tid: lane)
            case .nodeCompleted(let record), .nodeFailed(let record), .nodeTimedOut(let record), .nodeCancelled(let record):
                let key = "\(record.name)#\(record.step)"
                let open = c.nodes.removeValue(forKey: key) ?? Open(start: record.start, tid: 1)
                c.busyLanes.remove(open.tid)
                c.tracks[open.tid] = c.tracks[open.tid] ?? "graph"
                var args: [String: LuaValue] = ["step": .integer(Int64(record.step)), "status": .string(record.status.rawValue)]
                if let summary = record.summary { args["summary"] = .string(summary) }
                if let error = record.error { args["error"] = .string(error) }
                if let location = record.errorLocation { args["location"] = .string(location) }
                c.events.append(Event(name: record.name, category: "node", phase: "X", start: record.start,
                                      duration: max(0, record.end - record.start), tid: open.tid, args: args))
                if record.status == .timedOut {
                    c.events.append(Event(name: "timeout: \(record.name)", category: "timeout", phase: "i",
                                          start: record.end, tid: open.tid, args: args))
                }
            case .routed:
                break
            }
        }
    }

    /// An executor event; `base` is when its research run began, in seconds from the graph run's start.
    public func record(_ event: ExecutionEvent, offset base: Double) {
        let time = base + event.offset
        let key = "\(event.taskID)#\(event.attempt)"
        contents.withLock { c in
            func close(status: String, extra: [String: LuaValue] = [:]) -> Int {
                let open = c.attempts.removeValue(forKey: key) ?? Open(start: time, tid: Self.firstSlot)
                c.busySlots.remove(open.tid)
                var args = extra
                args["status"] = .string(status)
                args["attempt"] = .integer(Int64(event.attempt))
                c.events.append(Event(name: "\(event.taskID) #\(event.attempt)", category: "task", phase: "X",
                                      start: open.start, duration: max(0, time - open.start), tid: open.tid, args: args))
                return open.tid
            }
            switch event.kind {
            case .planned:
                break
            case .started:
                let slot = (Self.firstSlot...).first { !c.busySlots.contains($0) }!
                c.busySlots.insert(slot)
                c.tracks[slot] = "slot \(slot - Self.firstSlot + 1)"
                c.attempts[key] = Open(start: time, tid: slot)
            case .completed:
                _ = close(status: "completed")
            case .failed(let error, let location):
                _ = close(status: "failed", extra: ["error": .string(error), "location": location.map { .string($0) } ?? .nil])
            case .cancelled:
                if c.attempts[key] != nil { _ = close(status: "cancelled") }
            case .retrying(let delay, let error):
                let tid = close(status: "retrying", extra: ["error": .string(error), "retry_in_seconds": .number(delay)])
                c.events.append(Event(name: "retry: \(event.taskID)", category: "retry", phase: "i", start: time, tid: tid,
                                      args: ["error": .string(error), "delay_seconds": .number(delay)]))
            case .timedOut(let location):
                let args: [String: LuaValue] = ["location": location.map { .string($0) } ?? .nil]
                let tid = close(status: "timed_out", extra: args)
                c.events.append(Event(name: "timeout: \(event.taskID)", category: "timeout", phase: "i", start: time,
                                      tid: tid, args: args))
            case .skipped(let reason):
                c.tracks[Self.researchTrack] = "research"
                c.events.append(Event(name: "skipped: \(event.taskID)", category: "task", phase: "i", start: time,
                                      tid: Self.researchTrack, args: ["reason": .string(reason)]))
            }
        }
    }

    /// The trace: `{"traceEvents": [...], "displayTimeUnit": "ms"}`, times in microseconds.
    public func json() -> String {
        let c = contents.withLock { $0 }
        var events: [LuaValue] = [
            ["name": "process_name", "ph": "M", "pid": 1, "tid": 0, "args": ["name": "moondesk"]],
        ]
        for (tid, name) in c.tracks.sorted(by: { $0.key < $1.key }) {
            events.append(["name": "thread_name", "ph": "M", "pid": 1, "tid": .integer(Int64(tid)), "args": ["name": .string(name)]])
            events.append(["name": "thread_sort_index", "ph": "M", "pid": 1, "tid": .integer(Int64(tid)),
                           "args": ["sort_index": .integer(Int64(tid))]])
        }
        let sorted = c.events.sorted { a, b in
            if a.start != b.start { return a.start < b.start }
            if a.tid != b.tid { return a.tid < b.tid }
            return a.name < b.name
        }
        for e in sorted {
            var fields: [String: LuaValue] = [
                "name": .string(e.name), "cat": .string(e.category), "ph": .string(e.phase), "pid": 1,
                "tid": .integer(Int64(e.tid)), "ts": .number(Self.micros(e.start)), "args": .table(e.args),
            ]
            if let duration = e.duration { fields["dur"] = .number(Self.micros(duration)) }
            if e.phase == "i" { fields["s"] = "t" }
            events.append(.table(fields))
        }
        return LuaValue.table(["traceEvents": .array(events), "displayTimeUnit": "ms"]).jsonText()
    }

    public func write(to path: String) throws {
        do {
            try Data(json().utf8).write(to: URL(fileURLWithPath: path))
        } catch {
            throw MoondeskError(.failure, "--trace \(path): cannot write the trace: \(error.localizedDescription)")
        }
    }

    /// Seconds to microseconds, to the nearest nanosecond.
    static func micros(_ seconds: Double) -> Double { (seconds * 1e9).rounded() / 1e3 }
}
