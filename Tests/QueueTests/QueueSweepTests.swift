import Foundation
import LuaHost
import Moondesk
import Logging
import PostgresNIO
import Queue
import Testing

/// `host sweep --queue` and `host worker` as real processes against a real PostgreSQL (PostgresCluster), each
/// test in a database of its own. Sweep fixtures are small (the SMA agent over one year of daily bars, deciding
/// every third bar) so the faults, not the backtests, take the time.
@Suite(.serialized)
struct QueueSweepTests {
    /// 3 fast × 2 slow SMA lengths × 2 symbols × train and test = 24 backtests.
    static let sweep24 = ["agents/examples/sma_cross.lua", "--set", "sma_fast=5,10,15", "--set", "sma_slow=20,30",
                          "--symbols", "BTC/USDT,ETH/USDT", "--train", "2018-01-01..2018-06-30", "--test", "2018-07-01..2018-12-31",
                          "--every", "3"]
    /// 12 backtests: the same on one symbol.
    static let sweep12 = ["agents/examples/sma_cross.lua", "--set", "sma_fast=5,10,15", "--set", "sma_slow=20,30",
                          "--train", "2018-01-01..2018-06-30", "--test", "2018-07-01..2018-12-31", "--every", "3"]
    static let small = ["agents/examples/sma_cross.lua", "--set", "sma_fast=5,10", "--set", "sma_slow=20,30",
                        "--from", "2018-01-01", "--to", "2018-12-31", "--every", "5"]
    static let otherSmall = ["agents/examples/sma_cross.lua", "--set", "sma_slow=25,35,45", "--symbols", "ETH/USDT,LTC/USDT",
                             "--from", "2018-03-01", "--to", "2018-12-31", "--every", "4", "--rank", "return"]

    static let cache = LocalTables()

    /// The table of a local run of `sweep` (what every queued run must print, byte for byte).
    static func local(_ sweep: [String]) async throws -> String {
        if let known = await cache.tables[sweep] { return known }
        let r = try await HostRun.run(["sweep"] + sweep + ["--jobs", "2", "-q"])
        #expect(r.status == 0, "local sweep: \(r.stderr)")
        await cache.set(sweep, r.stdout)
        return r.stdout
    }

    static let counter = Atomic()

    static func database(_ cluster: PostgresCluster = .shared) async throws -> String {
        try await cluster.database("sweep_\(getpid())_\(counter.next())")
    }

    static func worker(_ url: String, name: String, lease: Double = 2, extra: [String] = []) throws -> HostRun.Running {
        try HostRun.spawn(["worker", "--queue", url, "--concurrency", "1", "--lease", String(lease), "--name", name, "--exit-when-idle"] + extra)
    }

    static func sql(_ url: String, _ statement: String) async throws -> [[String?]] {
        let link = QueueLink(try QueueAddress.parse(url))
        defer { Task { await link.close() } }
        return try await link.execute(statement)
    }

    /// Every job done, one result each.
    static func expectExactlyOnce(_ url: String, jobs: Int) async throws {
        let counts = try await sql(url, "SELECT count(*)::text, count(DISTINCT job_id)::text FROM moondesk_results")
        #expect(counts[0] == ["\(jobs)", "\(jobs)"])
        let states = try await sql(url, "SELECT state, count(*)::text FROM moondesk_jobs GROUP BY state")
        #expect(states == [["done", "\(jobs)"]])
    }

    @Test("a queued sweep run by two workers prints the local run's table, byte for byte; --status, --json")
    func queuedTableIsTheLocalOne() async throws {
        let url = try await Self.database()
        let expected = try await Self.local(Self.sweep24)
        let queued = try await HostRun.run(["sweep"] + Self.sweep24 + ["--queue", url])
        #expect(queued.status == 0, "\(queued.stderr)")
        #expect(queued.stderr.contains("sweep 1: 24 backtests queued"))
        let status = try await HostRun.run(["sweep", "--queue", url, "--status"])
        #expect(status.stdout.contains("sweep 1: 0/24 done, 0 running, 24 queued"), "\(status.stdout)")
        let workers = try (1...2).map { try Self.worker(url, name: "w\($0)") }
        let waited = try await HostRun.run(["sweep"] + Self.sweep24 + ["--queue", url, "--wait"])
        #expect(waited.status == 0, "\(waited.stderr)")
        #expect(waited.stdout == expected)
        #expect(waited.stderr.contains("already queued"))
        for w in workers { #expect(await w.wait(seconds: 30) == 0, "\(w.stderr)") }
        try await Self.expectExactlyOnce(url, jobs: 24)
        // Both workers took jobs, and --json after the fact is the same sweep, valid against its schema.
        let json = try await HostRun.run(["sweep"] + Self.sweep24 + ["--queue", url, "--wait", "--json"])
        let value = try LuaValue.parseJSON(json.stdout)
        #expect(JSONSchema.named("sweep").validate(value).isEmpty)
        #expect(value["rows"].arrayValue?.count == 12)
        #expect(value["queue"]["sweeps"].arrayValue?.first?["done"].intValue == 24)
        #expect(value["queue"]["sweeps"].arrayValue?.first?["workers"].tableValue?.count == 2)
    }

    @Test("a worker killed -9 twice at seeded instants: every job completes exactly once, the table is the local one")
    func killedWorker() async throws {
        let url = try await Self.database()
        let expected = try await Self.local(Self.sweep24)
        #expect(try await HostRun.run(["sweep"] + Self.sweep24 + ["--queue", url]).status == 0)
        var random = SplitMix64(seed: 20_261_201)
        // Three workers: one steady from the start, the victim (started again after its first death), and a
        // second steady one after the second kill, so jobs are still queued whenever the victim starts.
        var steady = [try Self.worker(url, name: "steady1")]
        var held: [String] = []
        for round in 1...2 {
            // Kill it while it holds a lease, at a seeded instant into the job. What it held is read after the
            // kill (a dead worker finishes nothing): a job can end within the wait, and the victim may be between
            // two jobs at that instant, in which case another victim is started for the round.
            var holding: [String] = []
            var victims: [String] = []
            for attempt in 1...5 where holding.isEmpty {
                let name = "victim\(round)" + (attempt == 1 ? "" : "_\(attempt)")
                let victim = try Self.worker(url, name: name)
                var leased = false
                let deadline = Date().addingTimeInterval(30)
                while !leased, Date() < deadline {
                    leased = try await !Self.sql(url, "SELECT id::text FROM moondesk_jobs WHERE state = 'running' AND lease_owner LIKE '\(name)/%'").isEmpty
                    if !leased { try await Task.sleep(for: .milliseconds(20)) }
                }
                try await Task.sleep(for: .milliseconds(Int(random.next() % 200) + 30))
                victim.kill9()
                holding = try await Self.sql(url, "SELECT id::text FROM moondesk_jobs WHERE state = 'running' AND lease_owner LIKE '\(name)/%'").compactMap { $0[0] }
                victims.append(victim.stderr)
            }
            #expect(!holding.isEmpty, "the victim never held a lease: \(victims)")
            held += holding
        }
        steady.append(try Self.worker(url, name: "steady2"))
        let waited = try await HostRun.run(["sweep"] + Self.sweep24 + ["--queue", url, "--wait"])
        #expect(waited.status == 0, "\(waited.stderr)")
        #expect(waited.stdout == expected)
        for w in steady { #expect(await w.wait(seconds: 30) == 0, "\(w.stderr)") }
        try await Self.expectExactlyOnce(url, jobs: 24)
        // The jobs the victims held were taken again (their leases expired) and completed by someone else.
        let retaken = try await Self.sql(url, "SELECT j.attempts::text, r.worker FROM moondesk_jobs j JOIN moondesk_results r ON r.job_id = j.id WHERE j.id IN (\(held.joined(separator: ",")))")
        #expect(retaken.count == held.count)
        #expect(retaken.contains { Int($0[0] ?? "") ?? 0 >= 2 }, "\(retaken)")
    }

    @Test("a call the server does not answer ends at the link's timeout as a transient error; the next call reconnects")
    func anUnansweredCallTimesOut() async throws {
        let url = try await Self.database()
        let link = QueueLink(try QueueAddress.parse(url))
        defer { Task { await link.close() } }
        let start = ContinuousClock.now
        do {
            try await link.run(timeout: .seconds(1)) { conn in try await conn.query("SELECT pg_sleep(60)", logger: Logger(label: "test")) }
            Issue.record("pg_sleep(60) returned within the timeout")
        } catch let error as QueueError {
            #expect(error.transient)
            #expect(error.description.contains("no answer from") && error.description.contains("within 1 s"), "\(error)")
        }
        #expect(ContinuousClock.now - start < .seconds(20))
        #expect(try await link.execute("SELECT 1::text") == [["1"]])
    }

    @Test("PostgreSQL restarted in the middle of a sweep: workers reconnect, nothing is lost or duplicated")
    func databaseRestart() async throws {
        let cluster = try PostgresCluster.start()
        defer { cluster.stop() }
        let url = try await Self.database(cluster)
        let expected = try await Self.local(Self.sweep12)
        #expect(try await HostRun.run(["sweep"] + Self.sweep12 + ["--queue", url]).status == 0)
        let workers = try (1...2).map { try Self.worker(url, name: "r\($0)") }
        let waiting = try HostRun.spawn(["sweep"] + Self.sweep12 + ["--queue", url, "--wait"])
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            let done = try await Self.sql(url, "SELECT count(*)::text FROM moondesk_jobs WHERE state = 'done'")
            if Int(done[0][0] ?? "0") ?? 0 >= 3 { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        try cluster.restart(downFor: 1.5)
        #expect(await waiting.wait(seconds: 90) == 0, "\(waiting.stderr)")
        #expect(waiting.stdout == expected)
        for w in workers { #expect(await w.wait(seconds: 30) == 0, "\(w.stderr)") }
        let said = workers.map(\.stderr).joined()
        #expect(said.contains("retrying until it is back") && said.contains("the queue is back"), "\(said)")
        try await Self.expectExactlyOnce(url, jobs: 12)
    }

    @Test("two sweeps on one queue at once: each prints its own local table")
    func twoSweeps() async throws {
        let url = try await Self.database()
        let first = try await Self.local(Self.small), second = try await Self.local(Self.otherSmall)
        #expect(try await HostRun.run(["sweep"] + Self.small + ["--queue", url]).status == 0)
        #expect(try await HostRun.run(["sweep"] + Self.otherSmall + ["--queue", url]).status == 0)
        let workers = try (1...2).map { try Self.worker(url, name: "t\($0)") }
        async let a = HostRun.run(["sweep"] + Self.small + ["--queue", url, "--wait"])
        async let b = HostRun.run(["sweep"] + Self.otherSmall + ["--queue", url, "--wait"])
        let (ra, rb) = try await (a, b)
        #expect(ra.stdout == first, "\(ra.stderr)")
        #expect(rb.stdout == second, "\(rb.stderr)")
        for w in workers { #expect(await w.wait(seconds: 30) == 0) }
        try await Self.expectExactlyOnce(url, jobs: 10)
        let status = try await HostRun.run(["sweep", "--queue", url, "--status"])
        #expect(status.stdout.contains("sweep 2: 6/6 done") && status.stdout.contains("sweep 1: 4/4 done"), "\(status.stdout)")
    }

    @Test("a worker of another Moondesk version refuses the jobs, saying why; cancel keeps what is done")
    func otherVersionAndCancel() async throws {
        let url = try await Self.database()
        #expect(try await HostRun.run(["sweep"] + Self.small + ["--queue", url]).status == 0)
        let other = try Self.worker(url, name: "old", extra: ["--as-version", "0.0.9"])
        #expect(await other.wait(seconds: 30) == 0)
        #expect(other.stderr.contains("refusing sweep 1: it was written by Moondesk \(DeskBasics.version) and this worker is Moondesk 0.0.9"), "\(other.stderr)")
        #expect(other.stderr.contains("stopped after 0 jobs"))
        let status = try await HostRun.run(["sweep", "--queue", url, "--status", "--sweep", "1"])
        #expect(status.stdout.contains("0/4 done, 0 running, 4 queued"), "\(status.stdout)")
        let cancelled = try await HostRun.run(["sweep"] + Self.small + ["--queue", url, "--cancel"])
        #expect(cancelled.stdout.contains("sweep 1: cancelled 4 jobs"), "\(cancelled.stdout) \(cancelled.stderr)")
        let worker = try Self.worker(url, name: "now")
        #expect(await worker.wait(seconds: 30) == 0)
        #expect(worker.stderr.contains("stopped after 0 jobs"))
        let waited = try await HostRun.run(["sweep", "--queue", url, "--wait", "--sweep", "1"])
        #expect(waited.status == 1)
        #expect(waited.stdout.contains("4 backtests not run (cancelled or not finished)"))
    }

    @Test("a worker stopped with SIGTERM gives its running job back untried")
    func terminatedWorkerGivesBack() async throws {
        let url = try await Self.database()
        // The whole bundled BTC series, every bar: a job long enough to be caught running.
        #expect(try await HostRun.run(["sweep", "agents/examples/sma_cross.lua", "--set", "sma_fast=5,10", "--queue", url]).status == 0)
        let worker = try HostRun.spawn(["worker", "--queue", url, "--concurrency", "1", "--name", "term"])
        var holding: [[String?]] = []
        let deadline = Date().addingTimeInterval(30)
        while holding.isEmpty, Date() < deadline {
            holding = try await Self.sql(url, "SELECT id::text FROM moondesk_jobs WHERE state = 'running' AND lease_owner = 'term/0'")
            if holding.isEmpty { try await Task.sleep(for: .milliseconds(20)) }
        }
        #expect(!holding.isEmpty, "\(worker.stderr)")
        worker.signal(SIGTERM)
        #expect(await worker.wait(seconds: 30) == 0, "\(worker.stderr)")
        #expect(worker.stderr.contains("giving running jobs back"))
        let jobs = try await Self.sql(url, "SELECT state, attempts::text, coalesce(lease_owner, '-') FROM moondesk_jobs ORDER BY ordinal")
        #expect(jobs == [["queued", "0", "-"], ["queued", "0", "-"]], "\(jobs)")
    }

    @Test("a file changed in the database fails its check: the job is parked with the error after --max-attempts")
    func tamperedFileIsParked() async throws {
        let url = try await Self.database()
        #expect(try await HostRun.run(["sweep"] + Self.small + ["--queue", url, "--max-attempts", "2"]).status == 0)
        try await Self.sql(url, "UPDATE moondesk_blobs SET bytes = convert_to('return {}', 'UTF8') WHERE hash = (SELECT min(hash) FROM moondesk_blobs)")
        let worker = try Self.worker(url, name: "check")
        #expect(await worker.wait(seconds: 30) == 0)
        #expect(worker.stderr.contains("does not match its hash"), "\(worker.stderr)")
        let waited = try await HostRun.run(["sweep", "--queue", url, "--wait", "--sweep", "1"])
        #expect(waited.status == 1)
        #expect(waited.stdout.contains("parked after 2 attempts: a file in the queue does not match its hash"), "\(waited.stdout)")
        let states = try await Self.sql(url, "SELECT state, count(*)::text FROM moondesk_jobs GROUP BY state")
        #expect(states == [["parked", "4"]])
    }

    @Test("a wrong password and an unreachable server are one clear message each")
    func connectionProblems() async throws {
        let cluster = PostgresCluster.shared
        let wrong = cluster.url("postgres", password: "not-the-password")
        let worker = try await HostRun.run(["worker", "--queue", wrong, "-q"])
        #expect(worker.status == 1)
        #expect(worker.stderr.split(separator: "\n").count == 1)
        #expect(worker.stderr.contains("refused user moondesk: wrong password or user"), "\(worker.stderr)")
        #expect(!worker.stderr.contains("not-the-password"))
        let status = try await HostRun.run(["sweep", "--queue", wrong, "--status"])
        #expect(status.status == 1 && status.stderr.contains("wrong password"), "\(status.stderr)")
        let port = PostgresCluster.freePort()
        let nowhere = "postgres://moondesk:x@127.0.0.1:\(port)/q"
        let unreachable = try await HostRun.run(["sweep"] + Self.small + ["--queue", nowhere])
        #expect(unreachable.status == 1)
        #expect(unreachable.stderr.split(separator: "\n").count == 1)
        #expect(unreachable.stderr.contains("cannot reach the queue at 127.0.0.1:\(port): connection refused"), "\(unreachable.stderr)")
        let json = try await HostRun.run(["worker", "--queue", nowhere, "-q"])
        #expect(json.status == 1 && json.stderr.contains("cannot reach"))
        let bad = try await HostRun.run(["sweep"] + Self.small + ["--queue", "mysql://x"])
        #expect(bad.status == 2 && bad.stderr.contains("expected postgres://"), "\(bad.stderr)")
    }
}

actor LocalTables {
    var tables: [[String]: String] = [:]
    func set(_ key: [String], _ value: String) { tables[key] = value }
}

/// A counter for database names.
struct Atomic: @unchecked Sendable {
    private let lock = NSLock()
    private let box = Box()
    final class Box: @unchecked Sendable { var n = 0 }
    func next() -> Int { lock.withLock { box.n += 1; return box.n } }
}

/// The seeded generator of the kill instants (SplitMix64).
struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
