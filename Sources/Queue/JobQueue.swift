import Foundation
import Crypto
import LuaHost
import NIOCore
import PostgresNIO
import Sweep

/// The queue's operations on PostgreSQL: sweeps written as jobs, leased with `FOR UPDATE SKIP LOCKED` under a
/// lease that a heartbeat extends and that expires when its worker stops, completed together with the result
/// in one statement, parked after `max_attempts`.
public struct JobQueue: Sendable {
    public let link: QueueLink

    public init(_ link: QueueLink) { self.link = link }

    // MARK: Sweeps

    public struct Enqueued: Sendable {
        public var sweep: Int
        public var jobs: Int
        /// False when the same sweep (same version, definition and files) was already queued.
        public var created: Bool
        public var filesStored: Int
    }

    /// Writes `definition` as one job per backtest, and the files no sweep stored before, in one transaction.
    /// The same sweep again (same Moondesk, definition and file contents) is the sweep already there (a
    /// cancelled one is queued again).
    public func enqueue(_ definition: SweepDefinition, files: SweepFiles, version: String, maxAttempts: Int) async throws -> Enqueued {
        let definitionText = Self.json(definition)
        let manifest = files.manifest
        let key = Self.sha256(version + "\n" + definitionText + "\n" + manifest)
        let jobs = files.definition.jobs
        let contents = files.contents
        // Storing the files may take a while over a slow link: ten minutes, not the usual half minute.
        return try await link.transaction(timeout: .seconds(600)) { conn in
            let logger = QueueLink.logger
            var stored = 0
            let wanted = Array(contents.keys).sorted()
            var present = Set<String>()
            for try await hash in try await conn.query("SELECT hash FROM moondesk_blobs WHERE hash = ANY(\(wanted))", logger: logger).decode(String.self) {
                present.insert(hash)
            }
            for hash in wanted where !present.contains(hash) {
                let bytes = ByteBuffer(bytes: contents[hash]!)
                try await conn.query("INSERT INTO moondesk_blobs (hash, bytes, size) VALUES (\(hash), \(bytes), \(bytes.readableBytes)) ON CONFLICT (hash) DO NOTHING", logger: logger)
                stored += 1
            }
            var id: Int?
            for try await new in try await conn.query("""
                INSERT INTO moondesk_sweeps (key, moondesk_version, definition, files, jobs, max_attempts)
                VALUES (\(key), \(version), \(definitionText), \(manifest), \(jobs.count), \(maxAttempts))
                ON CONFLICT (key) DO NOTHING RETURNING id
                """, logger: logger).decode(Int.self) { id = new }
            if let id {
                let ordinals = jobs.map(\.ordinal), payloads = jobs.map { $0.encoded() }
                try await conn.query("""
                    INSERT INTO moondesk_jobs (sweep_id, ordinal, payload)
                    SELECT \(id), o, p FROM unnest(\(ordinals)::int8[], \(payloads)::text[]) AS t(o, p)
                    """, logger: logger)
                try await conn.query("SELECT pg_notify('moondesk_jobs', \(String(id)))", logger: logger)
                return Enqueued(sweep: id, jobs: jobs.count, created: true, filesStored: stored)
            }
            var existing = 0
            for try await old in try await conn.query("SELECT id FROM moondesk_sweeps WHERE key = \(key)", logger: logger).decode(Int.self) { existing = old }
            try await conn.query("UPDATE moondesk_sweeps SET cancelled = false WHERE id = \(existing) AND cancelled", logger: logger)
            try await conn.query("UPDATE moondesk_jobs SET state = 'queued', attempts = 0 WHERE sweep_id = \(existing) AND state = 'cancelled'", logger: logger)
            return Enqueued(sweep: existing, jobs: jobs.count, created: false, filesStored: stored)
        }
    }

    /// A sweep's counts by state, and its workers.
    public struct Progress: Sendable, Equatable {
        public var sweep: Int
        public var version: String
        public var jobs: Int
        public var queued = 0, running = 0, done = 0, parked = 0, cancelled = 0
        /// Jobs completed per worker.
        public var workers: [String: Int] = [:]
        public var isCancelled = false
        public var finished: Bool { queued == 0 && running == 0 }
    }

    public func progress(_ sweep: Int) async throws -> Progress {
        try await link.run { conn in
            let logger = QueueLink.logger
            var p: Progress?
            for try await (version, jobs, cancelled) in try await conn.query("SELECT moondesk_version, jobs, cancelled FROM moondesk_sweeps WHERE id = \(sweep)", logger: logger).decode((String, Int, Bool).self) {
                p = Progress(sweep: sweep, version: version, jobs: jobs, isCancelled: cancelled)
            }
            guard var p else { throw QueueError("no sweep \(sweep) in the queue (host sweep --queue URL --status lists them)", transient: false) }
            for try await (state, count) in try await conn.query("SELECT state, count(*)::int8 FROM moondesk_jobs WHERE sweep_id = \(sweep) GROUP BY state", logger: logger).decode((String, Int).self) {
                switch state {
                case "queued": p.queued = count
                case "running": p.running = count
                case "done": p.done = count
                case "parked": p.parked = count
                default: p.cancelled = count
                }
            }
            for try await (worker, count) in try await conn.query("SELECT worker, count(*)::int8 FROM moondesk_results WHERE sweep_id = \(sweep) GROUP BY worker", logger: logger).decode((String, Int).self) {
                p.workers[worker] = count
            }
            return p
        }
    }

    /// Every sweep in the queue, newest first.
    public func sweeps() async throws -> [Progress] {
        let ids = try await link.run { conn in
            var ids: [Int] = []
            for try await id in try await conn.query("SELECT id FROM moondesk_sweeps ORDER BY id DESC", logger: QueueLink.logger).decode(Int.self) { ids.append(id) }
            return ids
        }
        var out: [Progress] = []
        for id in ids { out.append(try await progress(id)) }
        return out
    }

    /// The sweep's definition as written and the outcomes so far: completed jobs' results, and parked jobs as
    /// failed outcomes carrying their last error.
    public func outcomes(_ sweep: Int) async throws -> (SweepDefinition, [SweepOutcome]) {
        try await link.run { conn in
            let logger = QueueLink.logger
            var definition: SweepDefinition?
            for try await text in try await conn.query("SELECT definition FROM moondesk_sweeps WHERE id = \(sweep)", logger: logger).decode(String.self) {
                definition = try JSONDecoder().decode(SweepDefinition.self, from: Data(text.utf8))
            }
            guard let definition else { throw QueueError("no sweep \(sweep) in the queue", transient: false) }
            var outcomes: [SweepOutcome] = []
            for try await text in try await conn.query("SELECT outcome FROM moondesk_results WHERE sweep_id = \(sweep)", logger: logger).decode(String.self) {
                outcomes.append(try SweepOutcome.decode(text))
            }
            for try await (ordinal, attempts, error) in try await conn.query("SELECT ordinal, attempts, last_error FROM moondesk_jobs WHERE sweep_id = \(sweep) AND state = 'parked'", logger: logger).decode((Int, Int, String?).self) {
                outcomes.append(.failed(ordinal, agent: "", error: "parked after \(attempts) attempt\(attempts == 1 ? "" : "s"): \(error ?? "no error recorded")"))
            }
            return (definition, outcomes.sorted { $0.ordinal < $1.ordinal })
        }
    }

    /// Finds the sweep `definition` with these files and this version was queued as, if it was.
    public func find(_ definition: SweepDefinition, files: SweepFiles, version: String) async throws -> Int? {
        let key = Self.sha256(version + "\n" + Self.json(definition) + "\n" + files.manifest)
        return try await link.run { conn in
            var id: Int?
            for try await found in try await conn.query("SELECT id FROM moondesk_sweeps WHERE key = \(key)", logger: QueueLink.logger).decode(Int.self) { id = found }
            return id
        }
    }

    /// Cancels a sweep: its queued and running jobs are cancelled (a worker running one drops it at its next
    /// heartbeat); completed results are kept. Returns the jobs cancelled.
    public func cancel(_ sweep: Int) async throws -> Int {
        try await link.transaction { conn in
            let logger = QueueLink.logger
            var found = false
            for try await _ in try await conn.query("UPDATE moondesk_sweeps SET cancelled = true WHERE id = \(sweep) RETURNING id", logger: logger).decode(Int.self) { found = true }
            guard found else { throw QueueError("no sweep \(sweep) in the queue", transient: false) }
            var n = 0
            for try await _ in try await conn.query("UPDATE moondesk_jobs SET state = 'cancelled', lease_owner = NULL, lease_expires = NULL WHERE sweep_id = \(sweep) AND state IN ('queued', 'running') RETURNING id", logger: logger).decode(Int.self) { n += 1 }
            return n
        }
    }

    // MARK: Workers

    /// A job leased to a worker.
    public struct Lease: Sendable {
        public var id: Int
        public var sweep: Int
        public var ordinal: Int
        public var payload: String
        public var attempt: Int
        public var manifest: String
    }

    /// Takes the oldest job this version of Moondesk may run (queued, or running under a lease that expired),
    /// skipping rows other workers hold: `FOR UPDATE SKIP LOCKED`. Nil when there is none.
    public func lease(worker: String, version: String, seconds: Double) async throws -> Lease? {
        try await link.run { conn in
            var lease: Lease?
            for try await (id, sweep, ordinal, payload, attempt, manifest) in try await conn.query("""
                WITH next AS (
                    SELECT j.id FROM moondesk_jobs j JOIN moondesk_sweeps s ON s.id = j.sweep_id
                    WHERE (j.state = 'queued' OR (j.state = 'running' AND j.lease_expires < now()))
                      AND j.attempts < s.max_attempts AND NOT s.cancelled AND s.moondesk_version = \(version)
                    ORDER BY j.id LIMIT 1 FOR UPDATE OF j SKIP LOCKED)
                UPDATE moondesk_jobs j SET state = 'running', attempts = j.attempts + 1, lease_owner = \(worker),
                    lease_expires = now() + make_interval(secs => \(seconds)), started_at = now()
                FROM next, moondesk_sweeps s WHERE j.id = next.id AND s.id = j.sweep_id
                RETURNING j.id, j.sweep_id, j.ordinal, j.payload, j.attempts, s.files
                """, logger: QueueLink.logger).decode((Int, Int, Int, String, Int, String).self) {
                lease = Lease(id: id, sweep: sweep, ordinal: ordinal, payload: payload, attempt: attempt, manifest: manifest)
            }
            return lease
        }
    }

    /// Parks the jobs whose lease expired on their last attempt (their workers died, each time): returns them.
    public func parkExpired() async throws -> Int {
        try await link.run { conn in
            var n = 0
            for try await _ in try await conn.query("""
                UPDATE moondesk_jobs j SET state = 'parked', lease_owner = NULL, lease_expires = NULL, finished_at = now(),
                    last_error = coalesce(j.last_error || '; ', '') || 'its worker stopped before finishing, ' || j.attempts || ' times (killed, out of memory?)'
                FROM moondesk_sweeps s
                WHERE s.id = j.sweep_id AND j.state = 'running' AND j.lease_expires < now() AND j.attempts >= s.max_attempts
                RETURNING j.id
                """, logger: QueueLink.logger).decode(Int.self) { n += 1 }
            return n
        }
    }

    /// Extends the lease; false when the worker no longer holds it (the sweep was cancelled, or the lease
    /// expired and another worker took the job).
    public func heartbeat(_ job: Int, worker: String, seconds: Double) async throws -> Bool {
        try await link.run { conn in
            var held = false
            for try await _ in try await conn.query("""
                UPDATE moondesk_jobs SET lease_expires = now() + make_interval(secs => \(seconds))
                WHERE id = \(job) AND lease_owner = \(worker) AND state = 'running' RETURNING id
                """, logger: QueueLink.logger).decode(Int.self) { held = true }
            return held
        }
    }

    /// Completes the job and stores its result in the same statement, only while `worker` holds the lease:
    /// false when it does not (then another worker has the job, or it was cancelled, and nothing is written).
    public func complete(_ job: Int, worker: String, outcome: String, seconds: Double) async throws -> Bool {
        try await link.run { conn in
            var written = false
            for try await _ in try await conn.query("""
                WITH done AS (
                    UPDATE moondesk_jobs SET state = 'done', finished_at = now(), lease_owner = NULL, lease_expires = NULL
                    WHERE id = \(job) AND lease_owner = \(worker) AND state = 'running' RETURNING id, sweep_id)
                INSERT INTO moondesk_results (job_id, sweep_id, outcome, worker, seconds)
                SELECT id, sweep_id, \(outcome), \(worker), \(seconds) FROM done RETURNING job_id
                """, logger: QueueLink.logger).decode(Int.self) { written = true }
            return written
        }
    }

    /// A job that could not run (its files, its payload): queued again, or parked on its last attempt.
    public func fail(_ job: Int, worker: String, error: String) async throws {
        try await link.run { conn in
            try await conn.query("""
                UPDATE moondesk_jobs j SET state = CASE WHEN j.attempts >= s.max_attempts THEN 'parked' ELSE 'queued' END,
                    last_error = \(error), lease_owner = NULL, lease_expires = NULL,
                    finished_at = CASE WHEN j.attempts >= s.max_attempts THEN now() END
                FROM moondesk_sweeps s WHERE s.id = j.sweep_id AND j.id = \(job) AND j.lease_owner = \(worker) AND j.state = 'running'
                """, logger: QueueLink.logger)
        }
    }

    /// Gives a leased job back untried (a worker stopping): it does not count as an attempt.
    public func release(_ job: Int, worker: String) async throws {
        try await link.run { conn in
            try await conn.query("""
                UPDATE moondesk_jobs SET state = 'queued', attempts = greatest(attempts - 1, 0), lease_owner = NULL, lease_expires = NULL
                WHERE id = \(job) AND lease_owner = \(worker) AND state = 'running'
                """, logger: QueueLink.logger)
        }
    }

    /// Jobs this version could still run or is running (0: nothing left for it).
    public func open(version: String) async throws -> Int {
        try await link.run { conn in
            var n = 0
            for try await count in try await conn.query("""
                SELECT count(*)::int8 FROM moondesk_jobs j JOIN moondesk_sweeps s ON s.id = j.sweep_id
                WHERE j.state IN ('queued', 'running') AND NOT s.cancelled AND s.moondesk_version = \(version)
                """, logger: QueueLink.logger).decode(Int.self) { n = count }
            return n
        }
    }

    /// Sweeps with queued jobs written by another version of Moondesk: (sweep, its version, queued jobs).
    public func otherVersions(than version: String) async throws -> [(sweep: Int, version: String, jobs: Int)] {
        try await link.run { conn in
            var out: [(Int, String, Int)] = []
            for try await row in try await conn.query("""
                SELECT s.id, s.moondesk_version, count(*)::int8 FROM moondesk_jobs j JOIN moondesk_sweeps s ON s.id = j.sweep_id
                WHERE j.state = 'queued' AND NOT s.cancelled AND s.moondesk_version <> \(version) GROUP BY s.id, s.moondesk_version ORDER BY s.id
                """, logger: QueueLink.logger).decode((Int, String, Int).self) { out.append(row) }
            return out.map { (sweep: $0.0, version: $0.1, jobs: $0.2) }
        }
    }

    /// The files named by `hashes`, each checked against its hash.
    public func files(_ hashes: [String]) async throws -> [String: Data] {
        let wanted = Array(Set(hashes)).sorted()
        let found = try await link.run { conn in
            var out: [String: Data] = [:]
            for try await (hash, bytes) in try await conn.query("SELECT hash, bytes FROM moondesk_blobs WHERE hash = ANY(\(wanted))", logger: QueueLink.logger).decode((String, ByteBuffer).self) {
                out[hash] = Data(bytes.readableBytesView)
            }
            return out
        }
        for hash in wanted {
            guard let data = found[hash] else { throw QueueError("the queue has no file with hash \(hash.prefix(12)) (was the sweep's data deleted?)", transient: false) }
            guard Self.sha256(data) == hash else {
                throw QueueError("a file in the queue does not match its hash \(hash.prefix(12)) (changed in the database?): refusing to run it", transient: false)
            }
        }
        return found
    }

    static func sha256(_ text: String) -> String { sha256(Data(text.utf8)) }
    static func sha256(_ data: Data) -> String { SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined() }

    static func json(_ definition: SweepDefinition) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try! encoder.encode(definition), as: UTF8.self)
    }
}
