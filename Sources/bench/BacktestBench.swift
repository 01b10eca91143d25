import Foundation

/// `host backtest` as whole processes: the balanced agent's full graph at every daily bar with one job and with
/// two, the hourly bars, the SMA crossover agent, peak memory; backtesting.py's SMA crossover over the same daily
/// bars as the reference (run by scripts/bench_backtesting.py in this same run).
enum BacktestBench {
    static func run(repoRoot: String) throws -> [BenchRow] {
        let host = repoRoot + "/.build/release/host"
        var rows: [BenchRow] = []
        func backtest(_ arguments: [String]) throws -> (seconds: Double, peakMB: Double) {
            var peak = 0
            let seconds = try secondsElapsed { peak = try DecisionBench.spawnAndWait(host, ["backtest"] + arguments + ["-q", "--no-journal"], in: repoRoot) }
            return (seconds, Double(peak) / 1024)
        }
        let one = try backtest(["agents/balanced.lua", "--jobs", "1"])
        let two = try backtest(["agents/balanced.lua", "--jobs", "2"])
        let decisions = 1_570.0
        rows.append(BenchRow(name: "`host backtest agents/balanced.lua` (1,570 decisions over the 1,770 daily bars), --jobs 1",
                             value: String(format: "%.1f s (%.1f ms a decision)", one.seconds, one.seconds / decisions * 1e3),
                             goal: "≤ 2 s with 2 jobs"))
        rows.append(BenchRow(name: "the same, --jobs 2", value: String(format: "%.1f s; %.2f× --jobs 1", two.seconds, one.seconds / two.seconds),
                             goal: "≥ 1.8×"))
        rows.append(BenchRow(name: "peak resident memory of that process", value: String(format: "%.1f MB (--jobs 1: %.1f MB)", two.peakMB, one.peakMB),
                             goal: "≤ 150 MB"))
        let sma = try backtest(["agents/examples/sma_cross.lua", "--jobs", "2"])
        rows.append(BenchRow(name: "`host backtest agents/examples/sma_cross.lua` (1,740 decisions, 3 nodes, 1 task), --jobs 2",
                             value: String(format: "%.2f s (%.2f ms a decision)", sma.seconds, sma.seconds / 1_740 * 1e3)))
        if let reference = try? python(repoRoot + "/scripts/bench_backtesting.py", in: repoRoot) {
            rows.append(BenchRow(name: "backtesting.py 0.6: the SMA crossover over the same bars (vectorised averages)",
                                 value: reference + String(format: "; Moondesk's whole-graph SMA agent %.0f× that", sma.seconds / (Double(reference.split(separator: " ").first ?? "") ?? .nan) * 1e3)))
        } else {
            rows.append(BenchRow(name: "backtesting.py 0.6 reference", value: "not measured (pip install backtesting==0.6.6)"))
        }
        if ProcessInfo.processInfo.environment["MOONDESK_BENCH_HOURLY"] != nil {
            let hourly = try backtest(["agents/balanced.lua", "--data", "data/candles/btcusd_1h_coinbase.csv", "--jobs", "2"])
            rows.append(BenchRow(name: "`host backtest agents/balanced.lua --data data/candles/btcusd_1h_coinbase.csv` (19,911 decisions), --jobs 2",
                                 value: String(format: "%.1f s, peak %.1f MB", hourly.seconds, hourly.peakMB), goal: "≤ 20 s, ≤ 150 MB"))
        }
        return rows
    }

    /// The first line a Python script prints.
    static func python(_ script: String, in folder: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script]
        process.currentDirectoryURL = URL(fileURLWithPath: folder)
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0, let line = String(decoding: data, as: UTF8.self).split(separator: "\n").first else {
            throw BenchError("\(script) failed")
        }
        return String(line)
    }
}
