import Foundation

/// The run journal as whole `host` processes: what recording costs a run, what the cache saves a second identical
/// run and a second backtest over the same bars, and `host replay`.
enum JournalBench {
    static func run(repoRoot: String, iterations: Int = 9) throws -> [BenchRow] {
        let host = repoRoot + "/.build/release/host"
        let folder = NSTemporaryDirectory() + "moondesk-bench-journal-\(getpid())"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let journal = folder + "/runs.sqlite"
        func median(_ arguments: [String]) throws -> Double {
            var samples: [Double] = []
            for _ in 0..<iterations {
                samples.append(try secondsElapsed { _ = try DecisionBench.spawnAndWait(host, arguments, in: repoRoot) })
            }
            return ReloadBench.median(samples)
        }
        let run = ["run", "agents/balanced.lua", "--json", "-q"]
        let bare = try median(run + ["--no-journal"])
        let recorded = try median(run + ["--journal", journal, "--no-cache"])
        let cached = try median(run + ["--journal", journal])
        let backtest = ["backtest", "agents/balanced.lua", "--jobs", "2", "-q"]
        let btJournal = folder + "/backtest.sqlite"
        let first = try secondsElapsed { _ = try DecisionBench.spawnAndWait(host, backtest + ["--journal", btJournal], in: repoRoot) }
        let second = try secondsElapsed { _ = try DecisionBench.spawnAndWait(host, backtest + ["--journal", btJournal], in: repoRoot) }
        let unrecorded = try secondsElapsed { _ = try DecisionBench.spawnAndWait(host, backtest + ["--no-journal"], in: repoRoot) }
        let replay = try median(["replay", "last", "--journal", journal])
        let size = (try? FileManager.default.attributesOfItem(atPath: btJournal)[.size] as? Int) ?? 0
        return [
            BenchRow(name: "`host run agents/balanced.lua --json`, median of \(iterations): --no-journal / recorded with --no-cache / recorded, every result reused",
                     value: "\(ReloadBench.ms(bare)) / \(ReloadBench.ms(recorded)) / \(ReloadBench.ms(cached)): recording costs \(ReloadBench.ms(recorded - bare)), the cache saves \(ReloadBench.ms(recorded - cached))"),
            BenchRow(name: "`host backtest agents/balanced.lua --jobs 2` (1,570 bars): --no-journal / first recorded / second (every bar reused)",
                     value: String(format: "%.2f s / %.2f s / %.2f s: %.0f× faster the second time; journal %.1f MB", unrecorded, first, second,
                                   first / second, Double(size) / 1_048_576)),
            BenchRow(name: "`host replay last` of that run (materialise, re-run, compare), median of \(iterations)", value: ReloadBench.ms(replay)),
        ]
    }
}
