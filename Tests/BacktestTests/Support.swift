import Foundation
import Testing
@testable import Backtest

/// The repository (its agents/, config/ and data/).
let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

/// A fixture written by scripts/backtesting_reference.py (backtesting.py 0.6's trades, equity and statistics).
struct Fixture: Decodable {
    struct Bars: Decodable { var time: [Int64]; var open, high, low, close: [Double] }
    struct Decision: Decodable { var bar: Int; var action: String; var size: Double; var stop: Double?; var target: Double? }
    struct ExpectedTrade: Decodable {
        var size: Double
        var entry_bar: Int, exit_bar: Int
        var entry_price: Double, exit_price: Double, pnl: Double, return_pct: Double, commission: Double
    }
    struct Expected: Decodable {
        var stats: [String: Stat]
        var equity: [Double]
        var trades: [ExpectedTrade]
    }
    /// A statistic: a number (durations in seconds, times in epoch seconds), or none (NaN, NaT).
    enum Stat: Decodable {
        case number(Double), none
        init(from decoder: any Decoder) throws {
            let c = try decoder.singleValueContainer()
            if c.decodeNil() { self = .none; return }
            if let x = try? c.decode(Double.self) { self = .number(x); return }
            let s = try c.decode(String.self)
            self = .number(s == "inf" ? .infinity : -.infinity)
        }
    }
    var bars: Bars?
    var data: String?
    var decisions: [Decision]?
    var first_decision: Int
    var allow_short: Bool
    var fee: Double
    var capital: Double
    var expected: Expected

    static func load(_ name: String) throws -> Fixture {
        let url = try #require(Bundle.module.url(forResource: "Fixtures/" + name, withExtension: nil))
        return try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url))
    }
}

/// `a` and `b` equal within `relative` (and NaN equal to NaN).
func close(_ a: Double, _ b: Double, relative: Double = 1e-6) -> Bool {
    if a.isNaN || b.isNaN { return a.isNaN && b.isNaN }
    if a.isInfinite || b.isInfinite { return a == b }
    return abs(a - b) <= relative * max(abs(a), abs(b), 1e-9)
}

/// Every statistic of `metrics` against the library's, within 1e-6 relative; the labels that differ, with both values.
func mismatches(_ metrics: Metrics, _ expected: [String: Fixture.Stat]) -> [String] {
    var wrong: [String] = []
    let rows = metrics.rows
    for (label, stat) in expected {
        guard let row = rows.first(where: { $0.label == label }) else {
            if case .number(let x) = stat, label == "Commissions [$]", x == 0 { continue }
            wrong.append("\(label): missing"); continue
        }
        let ours: Double? = switch row.value {
        case .number(let x): x
        case .duration(let s): s
        case .time(let t): Double(t)
        case .count(let n): Double(n)
        }
        switch stat {
        case .none: if let ours, !ours.isNaN { wrong.append("\(label): \(ours) vs none") }
        case .number(let x): if ours.map({ !close($0, x) }) ?? true { wrong.append("\(label): \(ours.map { "\($0)" } ?? "none") vs \(x)") }
        }
    }
    for row in rows where expected[row.label] == nil { wrong.append("\(row.label): not in backtesting.py's stats") }
    return wrong.sorted()
}

/// The trades that differ from the library's (bars exactly; prices, size, profit within 1e-6 relative).
func tradeMismatches(_ trades: [Trade], _ expected: [Fixture.ExpectedTrade], firstBar: Int = 0) -> [String] {
    var wrong: [String] = []
    if trades.count != expected.count { wrong.append("\(trades.count) trades vs \(expected.count)") }
    for (n, (t, e)) in zip(trades, expected).enumerated() {
        let ok = t.entryBar + firstBar == e.entry_bar && t.exitBar + firstBar == e.exit_bar && close(t.entryPrice, e.entry_price)
            && close(t.exitPrice, e.exit_price) && close(t.size, e.size) && close(t.pnl, e.pnl, relative: 1e-5)
            && close(t.returnFraction * 100, e.return_pct) && close(t.commissions, e.commission)
        if !ok { wrong.append("trade \(n): \(t) vs \(e)") }
        if wrong.count > 5 { break }
    }
    return wrong
}
