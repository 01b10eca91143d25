import Foundation
import GRDB
import LiveData
import LuaHost
import Moondesk
import Orchestrator
import Research
import Synchronization

/// Records one run into the journal as it goes, and answers its recalls: each task attempt, node run and result is
/// committed when it completes, by one writer queue per process (the executor's threads never wait on the disk).
/// A write the disk refuses stops the recording, not the run: `problem` then says why.
public final class RunRecorder: RunMemory, @unchecked Sendable {
    public let journal: Journal
    public let id: String
    /// 1 for a new run, 2 for its first resume, and so on.
    public let pass: Int
    /// Which recorded results may stand in for running: none, this run's own (resume), or any run's (the cache).
    public enum Recall: Sendable { case none, own, any }
    public let recall: Recall

    private let queue = DispatchQueue(label: "moondesk.journal.writer")
    private let state = Mutex(State())
    private struct State {
        var problem: String?
        var rounds: [Double] = []
        var starts: [String: Double] = [:]
        var reusedTasks: Set<String> = []
        var reusedCount: [MemoryKind: Int] = [:]
        var storedContents: Set<String> = []
        var pending: [@Sendable (Database) throws -> Void] = []
        /// Each node's input digest, from its result to its node_runs row.
        var nodeDigests: [String: String] = [:]
        /// Events so far in this pass.
        var events = 0
    }

    init(journal: Journal, id: String, pass: Int, recall: Recall) {
        self.journal = journal
        self.id = id
        self.pass = pass
        self.recall = recall
    }

    /// Starts recording a new run.
    public static func start(_ run: RunStart, in journal: Journal, recall: Recall) throws(JournalError) -> RunRecorder {
        let id = RunID.make()
        try journal.write { db in
            try db.execute(sql: """
                INSERT INTO runs (id, command, arguments, directory, agent, symbol, profile, requested_as_of, effective_as_of,
                                  config, seed, moondesk_version, host, pid, status, started_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'running', ?)
                """, arguments: [id, run.command, JSONText.of(run.arguments), run.directory, run.agent, run.symbol,
                                 run.profile, run.requestedAsOf, run.effectiveAsOf, run.config, run.seed.map { Int64(bitPattern: $0) },
                                 DeskBasics.version, ProcessInfo.processInfo.hostName, Int64(getpid()),
                                 Date().timeIntervalSince1970])
        }
        return RunRecorder(journal: journal, id: id, pass: 1, recall: recall)
    }

    /// Goes on recording `run` (a resume): a new pass of the same run.
    public static func resume(_ run: RunEntry, in journal: Journal, cache: Bool) throws(JournalError) -> RunRecorder {
        let pass = try journal.write { db -> Int in
            try db.execute(sql: "UPDATE runs SET passes = passes + 1, status = 'running', pid = ?, host = ? WHERE id = ?",
                           arguments: [Int64(getpid()), ProcessInfo.processInfo.hostName, run.id])
            return try Int.fetchOne(db, sql: "SELECT passes FROM runs WHERE id = ?", arguments: [run.id]) ?? 2
        }
        return RunRecorder(journal: journal, id: run.id, pass: pass, recall: cache ? .any : .own)
    }

    /// How many results of `kind` were recalled instead of computed.
    public func reusedCount(_ kind: MemoryKind) -> Int { state.withLock { $0.reusedCount[kind] ?? 0 } }

    /// Why recording stopped, if it did.
    public var problem: String? { state.withLock { $0.problem } }

    /// Waits for every queued write.
    public func flush() { queue.sync {} }

    /// Queues a write. Writes queued while one commits go together in the next transaction (a group commit): each
    /// result is still committed within a moment of completing, at a fraction of the cost of one transaction each.
    private func enqueue(_ body: @escaping @Sendable (Database) throws -> Void) {
        let first = state.withLock { s -> Bool in
            s.pending.append(body)
            return s.pending.count == 1
        }
        guard first else { return }
        let journal = self.journal
        queue.async { [self] in
            let batch = state.withLock { s -> [@Sendable (Database) throws -> Void] in defer { s.pending = [] }; return s.pending }
            guard state.withLock({ $0.problem == nil }) else { return }
            do {
                try journal.write { db in for write in batch { try write(db) } }
            } catch {
                state.withLock { $0.problem = $0.problem ?? "\(error)" }
            }
        }
    }

    // MARK: results (RunMemory)

    public var recalls: Bool { recall != .none }

    public func recall(_ kind: MemoryKind, key: String) -> [MemoryEntry] {
        let own = recall == .own
        let rows = (try? journal.read { db in
            try Row.fetchAll(db, sql: """
                SELECT run_id, value, reads, files FROM results
                WHERE kind = ? AND key = ? \(own ? "AND run_id = ?" : "") AND reused_from IS NULL
                ORDER BY id DESC LIMIT 8
                """, arguments: own ? [kind.rawValue, key, id] : [kind.rawValue, key])
        }) ?? []
        return rows.compactMap { row in
            guard let value = try? LuaValue.parseLosslessJSON(row["value"]),
                  let reads = try? LuaValue.parseLosslessJSON(row["reads"]),
                  let files = try? JSONDecoder().decode([FileHash].self, from: Data((row["files"] as String).utf8)) else { return nil }
            return MemoryEntry(value: value, reads: reads, files: files, run: row["run_id"])
        }
    }

    public func remember(_ kind: MemoryKind, subject: String, key: String?, entry: MemoryEntry) {
        guard let value = entry.value.losslessJSON else { return }
        let reads = entry.reads.losslessJSON ?? "[]"
        let files = JSONText.of(entry.files)
        let contents = newContents(entry.files)
        let (id, pass) = (self.id, self.pass)
        enqueue { db in
            try Self.store(contents, in: db)
            try db.execute(sql: "INSERT INTO results (run_id, pass, kind, subject, key, value, reads, files) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                           arguments: [id, pass, kind.rawValue, subject, key, value, reads, files])
        }
    }

    public func starting(_ kind: MemoryKind, subject: String, inputDigest: String) {
        if kind == .node { state.withLock { $0.nodeDigests[subject] = inputDigest } }
    }

    public func reused(_ kind: MemoryKind, subject: String, key: String, entry: MemoryEntry) {
        state.withLock { s in
            s.reusedCount[kind, default: 0] += 1
            if kind == .task { s.reusedTasks.insert(subject) }
        }
        guard entry.run != id, let value = entry.value.losslessJSON else { return }   // a resume: already in this run
        let reads = entry.reads.losslessJSON ?? "[]", files = JSONText.of(entry.files)
        let (id, pass) = (self.id, self.pass)
        enqueue { db in
            try db.execute(sql: "INSERT INTO results (run_id, pass, kind, subject, key, value, reads, files, reused_from) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                           arguments: [id, pass, kind.rawValue, subject, key, value, reads, files, entry.run])
        }
    }

    /// Script and data versions this process has not yet seen (the journal keeps each version once).
    private func newContents(_ files: [FileHash]) -> [FileHash] {
        state.withLock { s in files.filter { s.storedContents.insert($0.sha256).inserted } }
    }

    /// Stores the bytes of each version the journal does not hold yet, read (on the writer's thread) only then, and
    /// only when the file still has that hash.
    static func store(_ files: [FileHash], in db: Database) throws {
        for file in files {
            if try Bool.fetchOne(db, sql: "SELECT 1 FROM contents WHERE sha256 = ?", arguments: [file.sha256]) == true { continue }
            guard let data = FileManager.default.contents(atPath: file.path), ScriptSet.sha256(data) == file.sha256 else { continue }
            try db.execute(sql: "INSERT OR IGNORE INTO contents (sha256, bytes) VALUES (?, ?)", arguments: [file.sha256, data])
        }
    }

    // MARK: events

    /// Records an event (every one, in the `events` table), and a task attempt or a node run as it ends.
    public func record(_ event: RunEvent) {
        let (id, pass) = (self.id, self.pass)
        if let (offset, kind, subject, detail) = Self.describe(event) {
            let seq = state.withLock { s in s.events += 1; return s.events }
            enqueue { db in
                try db.execute(sql: "INSERT OR REPLACE INTO events (run_id, pass, seq, offset_seconds, kind, subject, detail) VALUES (?, ?, ?, ?, ?, ?, ?)",
                               arguments: [id, pass, seq, offset, kind, subject, detail])
            }
        }
        switch event {
        case .task(let event, let researchStart):
            let (round, start, reused) = state.withLock { s -> (Int, Double?, Bool) in
                if s.rounds.last != researchStart, !s.rounds.contains(researchStart) { s.rounds.append(researchStart); s.reusedTasks = [] }
                let round = (s.rounds.firstIndex(of: researchStart) ?? 0) + 1
                let key = "\(round)/\(event.taskID)/\(event.attempt)"
                if case .started = event.kind { s.starts[key] = researchStart + event.offset; return (round, nil, false) }
                return (round, s.starts.removeValue(forKey: key), s.reusedTasks.contains(event.taskID))
            }
            let status: String, error: String?, location: String?
            switch event.kind {
            case .planned, .started, .skipped: return
            case .completed: (status, error, location) = ("completed", nil, nil)
            case .retrying(_, let message): (status, error, location) = ("failed", message, nil)
            case .failed(let message, let at): (status, error, location) = ("failed", message, at)
            case .timedOut(let at): (status, error, location) = ("timed_out", "timed out", at)
            case .cancelled: (status, error, location) = ("cancelled", "cancelled", nil)
            }
            if reused || event.attempt == 0 { return }   // a recalled result is not an attempt
            let end = researchStart + event.offset
            enqueue { db in
                try db.execute(sql: """
                    INSERT OR REPLACE INTO task_attempts (run_id, pass, round, task_id, attempt, status, start_seconds, end_seconds, error, location)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [id, pass, round, event.taskID, event.attempt, status, start, end, error, location])
            }
        case .node(let event):
            let record: NodeRecord
            switch event {
            case .nodeCompleted(let r), .nodeFailed(let r), .nodeTimedOut(let r), .nodeCancelled(let r): record = r
            case .nodeStarted, .routed: return
            }
            let digest = state.withLock { $0.nodeDigests.removeValue(forKey: record.name) }
            enqueue { db in
                try db.execute(sql: """
                    INSERT OR REPLACE INTO node_runs (run_id, pass, step, node, status, start_seconds, end_seconds, summary, error, location, input_digest)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [id, pass, record.step, record.name, record.status.rawValue, record.start, record.end,
                                     record.summary, record.error, record.errorLocation, digest])
            }
        }
    }

    /// An event as a row: seconds from the run's start, kind, what it is about, details.
    static func describe(_ event: RunEvent) -> (Double, String, String, String?)? {
        switch event {
        case .task(let e, let researchStart):
            let at = researchStart + e.offset
            switch e.kind {
            case .planned: return (at, "task_planned", e.taskID, nil)
            case .started: return (at, "task_started", e.taskID, "attempt \(e.attempt)")
            case .retrying(let delay, let error): return (at, "task_retrying", e.taskID, "attempt \(e.attempt): \(error); retry in \(delay) s")
            case .completed: return (at, "task_completed", e.taskID, "attempt \(e.attempt)")
            case .failed(let error, let location): return (at, "task_failed", e.taskID, (location.map { $0 + ": " } ?? "") + error)
            case .timedOut(let location): return (at, "task_timed_out", e.taskID, location)
            case .skipped(let reason): return (at, "task_skipped", e.taskID, reason)
            case .cancelled: return (at, "task_cancelled", e.taskID, nil)
            }
        case .node(let e):
            switch e {
            case .nodeStarted(let node, let step, let offset): return (offset, "node_started", node, "step \(step)")
            case .nodeCompleted(let r): return (r.end, "node_completed", r.name, r.summary)
            case .nodeFailed(let r): return (r.end, "node_failed", r.name, r.error)
            case .nodeTimedOut(let r): return (r.end, "node_timed_out", r.name, r.error)
            case .nodeCancelled(let r): return (r.end, "node_cancelled", r.name, nil)
            case .routed(let from, let to, let offset): return (offset, "routed", from, to)
            }
        }
    }

    /// Marks the nodes whose output was recalled.
    public func markReused(nodes: [String]) {
        guard !nodes.isEmpty else { return }
        let (id, pass) = (self.id, self.pass)
        enqueue { db in
            for node in nodes {
                try db.execute(sql: "UPDATE node_runs SET reused = 1 WHERE run_id = ? AND pass = ? AND node = ?", arguments: [id, pass, node])
            }
        }
    }

    // MARK: files and the end

    /// Records the files the run read, storing each version's bytes once.
    public func files(_ files: [RunFile]) {
        let contents = newContents(files.map { FileHash(path: $0.path, sha256: $0.sha256) })
        let id = self.id
        enqueue { db in
            try Self.store(contents, in: db)
            for file in files {
                try db.execute(sql: "INSERT OR REPLACE INTO run_files (run_id, path, role, sha256) VALUES (?, ?, ?, ?)",
                               arguments: [id, file.path, file.role, file.sha256])
            }
        }
    }

    /// Records the live providers' answers (a `--live` run), so a replay needs no network.
    public func responses(_ exchanges: [HTTPTape.Exchange]) {
        guard !exchanges.isEmpty else { return }
        let id = self.id
        enqueue { db in
            let first = try Int.fetchOne(db, sql: "SELECT COALESCE(MAX(seq), 0) FROM http_responses WHERE run_id = ?", arguments: [id]) ?? 0
            for (n, exchange) in exchanges.enumerated() {
                try db.execute(sql: "INSERT INTO http_responses (run_id, seq, url, body, problem) VALUES (?, ?, ?, ?, ?)",
                               arguments: [id, first + n + 1, exchange.url, exchange.body.flatMap { Data(base64Encoded: $0) },
                                           exchange.problem])
            }
        }
    }

    /// Records how the run ended, then waits for every write; returns why it was not (fully) recorded, if so.
    @discardableResult
    public func finish(_ end: RunEnd) -> String? {
        let id = self.id
        enqueue { db in
            try db.execute(sql: """
                UPDATE runs SET status = ?, finished_at = ?, duration_seconds = ? - started_at, action = ?, decision = ?,
                    plan = ?, warnings = ?, exit_code = ?, reused_tasks = ?, reused_nodes = ?, output_text = ?, output_json = ?,
                    profile = COALESCE(?, profile), effective_as_of = COALESCE(?, effective_as_of),
                    config = COALESCE(?, config), seed = COALESCE(?, seed)
                WHERE id = ?
                """, arguments: [end.status, Date().timeIntervalSince1970, Date().timeIntervalSince1970, end.action,
                                 end.decision, end.plan, JSONText.of(end.warnings), Int64(end.exitCode), end.reusedTasks,
                                 end.reusedNodes, end.outputText, end.outputJSON, end.profile, end.effectiveAsOf, end.config,
                                 end.seed.map { Int64(bitPattern: $0) }, id])
        }
        flush()
        return problem
    }
}

/// Short run ids: 12 hex digits, random (runs from several machines may meet in one journal).
enum RunID {
    static func make() -> String {
        var generator = SystemRandomNumberGenerator()
        return String(format: "%012llx", generator.next() & 0xffff_ffff_ffff)
    }
}

enum JSONText {
    static func of<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? String(decoding: encoder.encode(value), as: UTF8.self)) ?? "null"
    }
}
