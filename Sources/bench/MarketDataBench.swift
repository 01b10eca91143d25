import Foundation
import MarketData

/// MarketData's benchmarks: loading the 20,111-bar hourly file, RSI/MACD/BBANDS/ATR on its closes side by
/// side with TA-Lib's C implementation (scripts/bench_talib.py, run through python3 in the same run), and a
/// pattern match over the full daily history.
enum MarketDataBench {
    /// Keeps results observable so the optimiser cannot drop the timed work.
    nonisolated(unsafe) static var sink = 0.0

    static func run(repoRoot: String) -> [BenchRow] {
        let hourlyPath = repoRoot + "/data/candles/btcusd_1h_coinbase.csv"
        let dailyPath = repoRoot + "/data/candles/btcusd_1d_coinbase.csv"
        var rows: [BenchRow] = []
        guard let hourly = try? CandleLoader.load(path: hourlyPath),
            let daily = try? CandleLoader.load(path: dailyPath)
        else {
            return [BenchRow(name: "MarketData", value: "cannot load \(hourlyPath) or \(dailyPath)")]
        }
        let loadNs = nanosPerIteration(iterations: 10) {
            sink += (try? CandleLoader.load(path: hourlyPath))?.close.last ?? 0
        }
        rows.append(BenchRow(name: "load btcusd_1h_coinbase.csv (\(hourly.count) bars)",
                             value: String(format: "%.2f ms", loadNs / 1e6), goal: "≤ 10 ms"))

        let syntheticPath = repoRoot + "/data/synthetic/onchain_btc_daily.csv"
        let syntheticRows = (try? SyntheticSeries.load(path: syntheticPath))?.time.count ?? 0
        let syntheticNs = nanosPerIteration(iterations: 20) {
            sink += Double((try? SyntheticSeries.load(path: syntheticPath))?.time.count ?? 0)
        }
        rows.append(BenchRow(name: "load onchain_btc_daily.csv (\(syntheticRows) rows, 3 columns)",
                             value: String(format: "%.2f ms", syntheticNs / 1e6), goal: "≤ 1 ms"))

        let (h, l, c) = (hourly.high, hourly.low, hourly.close)
        let swiftTimes: [(String, Double)] = [
            ("rsi", nanosPerIteration(iterations: 50) { sink += Indicators.rsi(c, 14).last! }),
            ("macd", nanosPerIteration(iterations: 50) { sink += Indicators.macd(c).histogram.last! }),
            ("bbands", nanosPerIteration(iterations: 50) { sink += Indicators.bbands(c, 20, 2).upper.last! }),
            ("atr", nanosPerIteration(iterations: 50) { sink += Indicators.atr(high: h, low: l, close: c, 14).last! }),
        ]
        let talib = talibTimings(repoRoot: repoRoot)
        for (name, ns) in swiftTimes {
            let us = ns / 1e3
            let label = "\(name.uppercased()) over \(c.count) hourly closes"
            if let reference = talib.timings[name] {
                rows.append(BenchRow(
                    name: label,
                    value: String(format: "%.1f µs (TA-Lib %.1f µs, %.2f×)", us, reference, us / reference),
                    goal: "≤ 1.5× TA-Lib"))
            } else {
                rows.append(BenchRow(name: label, value: String(format: "%.1f µs (%@)", us, talib.note),
                                     goal: "≤ 1.5× TA-Lib"))
            }
        }

        let matchNs = nanosPerIteration(iterations: 20) {
            sink += (try? PatternMatcher.match(closes: daily.close, window: 20, horizon: 10, neighbours: 30))?
                .expectedMove ?? 0
        }
        rows.append(BenchRow(name: "pattern match, \(daily.count) daily bars, k=20 h=10",
                             value: String(format: "%.3f ms", matchNs / 1e6), goal: "≤ 10 ms"))
        return rows
    }

    /// TA-Lib's best-of-N microseconds per indicator from scripts/bench_talib.py, or why there are none.
    static func talibTimings(repoRoot: String) -> (timings: [String: Double], note: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", repoRoot + "/scripts/bench_talib.py"]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            return ([:], "python3 not runnable: \(error)")
        }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard let line = String(data: data, encoding: .utf8)?.split(separator: "\n").last,
            let json = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
        else {
            return ([:], "bench_talib.py printed nothing usable (exit \(process.terminationStatus))")
        }
        if let error = json["error"] as? String { return ([:], error) }
        var timings: [String: Double] = [:]
        for name in ["rsi", "macd", "bbands", "atr"] {
            if let v = json["\(name)_us"] as? Double { timings[name] = v }
        }
        return (timings, timings.isEmpty ? "no TA-Lib timings" : "TA-Lib \(json["talib"] ?? "?")")
    }
}
