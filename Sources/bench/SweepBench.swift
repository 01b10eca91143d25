import Foundation
import Queue
import Sweep

/// `host sweep` against the same backtests one after another, the queue end to end, the queue's own cost per
/// job, and its ceiling on loopback with many lanes. The queue rows need a PostgreSQL: scripts/bench starts a
/// throwaway one and passes it as MOONDESK_BENCH_QUEUE.
enum SweepBench {
    static let grid = ["agents/examples/sma_cross.lua", "--set", "sma_fast=5,10,15,20", "--set", "sma_slow=30,50,100",
                       "--from", "2018-01-01", "--to", "2019-12-31", "--every", "5"]

    static func run(repoRoot: String) async throws -> [BenchRow] {
        let host = repoRoot + "/.build/release/host"
        var rows: [BenchRow] = []
        let decisions = try countDecisions(host: host, in: repoRoot)
        let jobs = 12.0
        let one = try secondsElapsed { _ = try DecisionBench.spawnAndWait(host, ["sweep"] + grid + ["--jobs", "1", "-q"], in: repoRoot) }
        let two = try secondsElapsed { _ = try DecisionBench.spawnAndWait(host, ["sweep"] + grid + ["--jobs", "2", "-q"], in: repoRoot) }
        rows.append(BenchRow(name: "`host sweep` sma_cross, 4 × 3 points over 2018–2019 daily bars every 5th (12 backtests, \(decisions) decisions), --jobs 1: the backtests one after another",
                             value: String(format: "%.2f s, %.0f decisions/s", one, Double(decisions) / one)))
        rows.append(BenchRow(name: "the same sweep, --jobs 2", value: String(format: "%.2f s, %.0f decisions/s; %.2f× one after another", two, Double(decisions) / two, one / two),
                             goal: "≥ 1.6× on 2 cores"))
        guard let url = ProcessInfo.processInfo.environment["MOONDESK_BENCH_QUEUE"] else {
            rows.append(BenchRow(name: "the queue rows", value: "not measured (run through ./scripts/bench, which starts a PostgreSQL)"))
            return rows
        }
        let address = try QueueAddress.parse(url)
        // End to end: enqueue, one worker with two lanes, --wait; against the local --jobs 2 run.
        let db = try await database(address, "bench_e2e")
        let queued = try secondsElapsed {
            _ = try DecisionBench.spawnAndWait(host, ["sweep"] + grid + ["--queue", db, "-q"], in: repoRoot)
            let worker = try DecisionBench.spawn(host, ["worker", "--queue", db, "--concurrency", "2", "--exit-when-idle", "-q"], in: repoRoot)
            _ = try DecisionBench.spawnAndWait(host, ["sweep"] + grid + ["--queue", db, "--wait", "-q"], in: repoRoot)
            var status: Int32 = 0
            waitpid(worker, &status, 0)
        }
        rows.append(BenchRow(name: "the same sweep through the queue on loopback: enqueue (files by hash), one `host worker --concurrency 2`, `--wait`",
                             value: String(format: "%.2f s; %.0f ms a job more than --jobs 2 locally (worker start, file fetch, polling included)", queued, (queued - two) / jobs * 1e3)))
        // The queue's own cost: lease + complete with the result, no backtest, one lane.
        let perJob = try await cycle(address, lanes: 1, jobs: 500)
        rows.append(BenchRow(name: "the queue's own cost per job on loopback: lease (SKIP LOCKED) + complete with the result, one lane, 500 jobs",
                             value: String(format: "%.2f ms a job (%.0f jobs/s)", 1e3 / perJob, perJob), goal: "≤ 5 ms"))
        var ceiling: [String] = []
        for lanes in [4, 16, 64] {
            let rate = try await cycle(address, lanes: lanes, jobs: 3000)
            ceiling.append(String(format: "%d lanes %.0f", lanes, rate))
        }
        rows.append(BenchRow(name: "the queue's ceiling on loopback: jobs/s leased and completed by many lanes at once (each its own connection), 3,000 jobs",
                             value: ceiling.joined(separator: ", ") + " jobs/s"))
        return rows
    }

    /// Decisions in the sweep, from its JSON.
    static func countDecisions(host: String, in folder: String) throws -> Int {
        let out = NSTemporaryDirectory() + "moondesk-bench-sweep.json"
        _ = try DecisionBench.spawnAndWait("/bin/sh", ["-c", "'\(host)' sweep \(grid.map { "'\($0)'" }.joined(separator: " ")) --json -q > '\(out)'"], in: folder)
        let data = try Data(contentsOf: URL(fileURLWithPath: out))
        guard let root = try JSONSerialization.jsonObject(with: data) as? [String: Any], let rows = root["rows"] as? [[String: Any]] else { throw BenchError("no sweep JSON") }
        return rows.reduce(0) { n, row in
            n + ((row["windows"] as? [String: Any])?.values.compactMap { ($0 as? [String: Any])?["decisions"] as? Int }.reduce(0, +) ?? 0)
        }
    }

    static func database(_ address: QueueAddress, _ name: String) async throws -> String {
        var admin = address
        admin.database = "postgres"
        let link = QueueLink(admin)
        try await link.execute("DROP DATABASE IF EXISTS \(name)", migrate: false)
        try await link.execute("CREATE DATABASE \(name)", migrate: false)
        await link.close()
        return "postgres://\(address.user):\(address.password ?? "")@\(address.host):\(address.port)/\(name)"
    }

    /// Jobs per second that `lanes` connections lease and complete (trivial jobs: the queue alone).
    static func cycle(_ address: QueueAddress, lanes: Int, jobs: Int) async throws -> Double {
        var target = try QueueAddress.parse(try await database(address, "bench_cycle_\(lanes)"))
        target.password = address.password
        let definition = SweepDefinition(base: SweepBase(agentPath: "agents/examples/sma_cross.lua"),
                                         parameters: [SweepParameter(key: "x", values: (1...jobs).map(String.init))],
                                         symbols: ["BTC/USDT"], windows: [SweepWindow(role: .all, from: nil, to: nil, text: "")],
                                         rank: try SweepRank.parse("sharpe"))
        let setup = JobQueue(QueueLink(target))
        _ = try await setup.enqueue(definition, files: SweepFiles(hashes: [:], contents: [:], definition: definition), version: "bench", maxAttempts: 3)
        await setup.link.close()
        let outcome = SweepOutcome(ordinal: 0, agent: "sma_cross", barSeconds: 86_400, metrics: ["Sharpe Ratio": 1.234, "Return [%]": 5.6],
                                   decisions: 100, failedBars: 0, error: nil).encoded()
        let queues = (0..<lanes).map { _ in JobQueue(QueueLink(target)) }
        for q in queues { _ = try await q.open(version: "bench") }   // connected before the clock starts
        let seconds = try await secondsElapsed {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for (n, q) in queues.enumerated() {
                    group.addTask {
                        while let lease = try await q.lease(worker: "bench/\(n)", version: "bench", seconds: 30) {
                            _ = try await q.complete(lease.id, worker: "bench/\(n)", outcome: outcome, seconds: 0)
                        }
                    }
                }
                try await group.waitForAll()
            }
        }
        for q in queues { await q.link.close() }
        return Double(jobs) / seconds
    }
}
