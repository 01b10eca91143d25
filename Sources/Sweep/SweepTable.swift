import Backtest
import Foundation
import LuaHost
import Moondesk

/// The sweep's result: one row per grid point × symbol, each window's statistics side by side (train beside
/// test shows overfitting), sorted by the rank statistic on the rank window with the grid order breaking ties.
/// Built from outcomes alone, so a local run and a queued one print the same bytes.
public struct SweepTable: Sendable {
    public struct Row: Sendable {
        public var point: SweepPoint
        public var symbol: String
        /// Grid order of the row (point, then symbol).
        public var order: Int
        /// By window role; nil where the job has no outcome (cancelled, still queued).
        public var outcomes: [SweepWindow.Role: SweepOutcome]
    }

    public var definition: SweepDefinition
    public var rows: [Row]

    /// The columns each window shows: the rank statistic first, then these.
    static let columns: [(label: String, header: String)] = [
        ("Return [%]", "Return%"), ("Sharpe Ratio", "Sharpe"), ("Max. Drawdown [%]", "MaxDD%"), ("# Trades", "Trades"),
        ("Win Rate [%]", "Win%"),
    ]

    public init(_ definition: SweepDefinition, outcomes: [SweepOutcome]) {
        self.definition = definition
        let byOrdinal = Dictionary(outcomes.map { ($0.ordinal, $0) }, uniquingKeysWith: { a, _ in a })
        var rows: [Row] = []
        for job in definition.jobs {
            let order = job.ordinal / definition.windows.count
            if rows.count <= order { rows.append(Row(point: job.point, symbol: job.symbol, order: order, outcomes: [:])) }
            rows[order].outcomes[job.window.role] = byOrdinal[job.ordinal]
        }
        let rank = definition.rank, role = definition.rankWindow
        func key(_ r: Row) -> Double? {
            guard let o = r.outcomes[role], o.error == nil else { return nil }
            return o.metrics[rank.label] ?? nil
        }
        self.rows = rows.sorted { rank.before(key($0), key($1), tie: ($0.order, $1.order)) }
    }

    /// The agent's name, from the first outcome that has one.
    var agent: String {
        rows.lazy.flatMap { $0.outcomes.values }.map(\.agent).first { !$0.isEmpty }
            ?? URL(fileURLWithPath: definition.base.agentPath).deletingPathExtension().lastPathComponent
    }

    var windowColumns: [(label: String, header: String)] {
        let rank = definition.rank.label
        let shown = Self.columns.first { $0.label == rank }
        let name = SweepRank.names.first { $0.label == rank }?.name ?? rank
        return (shown.map { [$0] } ?? [(rank, name)]) + Self.columns.filter { $0.label != rank }
    }

    public var failures: [(row: Row, role: SweepWindow.Role, error: String)] {
        rows.flatMap { row in definition.windows.compactMap { w in row.outcomes[w.role]?.error.map { (row, w.role, $0) } } }
    }


    static func money(_ x: Double) -> String { x == x.rounded() ? String(format: "%.0f", x) : String(format: "%.2f", x) }

    static func cell(_ x: Double?, label: String) -> String {
        guard let x else { return "-" }
        return label == "# Trades" ? String(Int(x)) : String(format: "%.2f", x)
    }

    public var text: String {
        let d = definition
        let b = d.base
        var out: [String] = []
        let points = d.points.count
        out.append("Sweep of \(agent) (\(b.agentPath)): \(points) point\(points == 1 ? "" : "s") × \(d.symbols.count) symbol\(d.symbols.count == 1 ? "" : "s") × \(d.windows.count) window\(d.windows.count == 1 ? "" : "s") = \(d.jobs.count) backtests")
        let windows = d.windows.map { w in w.role == .all ? (w.text.isEmpty ? "all bars" : w.text) : "\(w.role.rawValue) \(w.text)" }
        let every = b.every == 1 ? "every bar" : "every \(b.every) bars"
        out.append("Ranked by \(d.rank.label) on \(d.rankWindow == .train ? "train" : "the whole range") (\(d.rank.ascending ? "smallest" : "largest") first); \(windows.joined(separator: ", ")); \(every), capital \(Self.money(b.capital)), fee \(Self.money(b.feeBps)) bps, slippage \(Self.money(b.slippageBps)) bps, \(b.allowShort ? "long and short" : "long only")")
        out.append("")
        var header = ["#"] + d.parameters.map(\.key) + ["symbol"]
        let columns = windowColumns
        for w in d.windows {
            for (i, c) in columns.enumerated() { header.append(i == 0 && w.role != .all ? "\(w.role.rawValue) \(c.header)" : c.header) }
        }
        var lines = [header]
        for (n, row) in rows.enumerated() {
            var cells = [String(n + 1)] + row.point.values + [row.symbol]
            for w in d.windows {
                let o = row.outcomes[w.role]
                for c in columns {
                    cells.append(o.flatMap { $0.error == nil ? $0.metrics[c.label] ?? nil : nil }.map { Self.cell($0, label: c.label) } ?? (o == nil ? "?" : "-"))
                }
            }
            lines.append(cells)
        }
        let widths = header.indices.map { i in lines.map { $0[i].count }.max() ?? 0 }
        let textColumns = Set([header.count - 1 - d.windows.count * columns.count])   // symbol: left-aligned
        for cells in lines {
            out.append(cells.enumerated().map { i, c in
                textColumns.contains(i) ? c.padding(toLength: widths[i], withPad: " ", startingAt: 0)
                    : String(repeating: " ", count: widths[i] - c.count) + c
            }.joined(separator: "  "))
        }
        let failed = failures
        if !failed.isEmpty {
            out.append("")
            out.append("Failed backtests (their cells show -):")
            for f in failed { out.append("  \(f.row.point.label) \(f.row.symbol) \(f.role.rawValue): \(f.error)") }
        }
        let absent = rows.reduce(0) { $0 + d.windows.count - $1.outcomes.count }
        if absent > 0 {
            out.append("")
            out.append("\(absent) backtest\(absent == 1 ? "" : "s") not run (cancelled or not finished): their cells show ?")
        }
        return out.joined(separator: "\n") + "\n"
    }

    /// The `--json` document (schema `sweep`, docs/SWEEP.md).
    public func json(exitCode: Int32, queue: LuaValue = .nil) -> LuaValue {
        let d = definition
        func optional(_ x: Double?) -> LuaValue { x.map { .number($0) } ?? .nil }
        let rowValues: [LuaValue] = rows.enumerated().map { n, row in
            var windows: [String: LuaValue] = [:]
            for w in d.windows {
                guard let o = row.outcomes[w.role] else { windows[w.role.rawValue] = ["status": "not_run"]; continue }
                if let error = o.error {
                    windows[w.role.rawValue] = ["status": "failed", "error": .string(error)]
                } else {
                    windows[w.role.rawValue] = [
                        "status": "completed", "decisions": .integer(Int64(o.decisions)), "failed_bars": .integer(Int64(o.failedBars)),
                        "metrics": .table(o.metrics.mapValues(optional)),
                    ]
                }
            }
            var point: [String: LuaValue] = [:]
            for (k, v) in zip(row.point.keys, row.point.values) { point[k] = SweepParameter.value(v) }
            return ["rank": .integer(Int64(n + 1)), "point": .table(point), "symbol": .string(row.symbol), "windows": .table(windows)]
        }
        var out: [String: LuaValue] = [
            "command": "sweep", "exit_code": .integer(Int64(exitCode)), "agent": .string(agent),
            "agent_path": .string(d.base.agentPath),
            "rank": ["statistic": .string(d.rank.label), "window": .string(d.rankWindow.rawValue),
                     "order": .string(d.rank.ascending ? "ascending" : "descending")],
            "parameters": .array(d.parameters.map { p in ["key": .string(p.key), "values": .array(p.values.map(SweepParameter.value))] }),
            "symbols": .array(d.symbols.map { .string($0) }),
            "windows": .array(d.windows.map { w in
                ["role": .string(w.role.rawValue), "from": w.from.map { .string(MarketContext.isoDate($0)) } ?? .nil,
                 "to": w.to.map { .string(MarketContext.isoDate($0)) } ?? .nil]
            }),
            "backtests": .integer(Int64(d.jobs.count)),
            "rows": .array(rowValues),
        ]
        if !queue.isNil { out["queue"] = queue }
        return .table(out)
    }
}
