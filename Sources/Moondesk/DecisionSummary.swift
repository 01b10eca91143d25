import Foundation
import LuaHost
import Orchestrator
import Research

/// How the text summary marks what people must not miss (the CLI colours them on a terminal; plain by default).
public struct SummaryStyle: Sendable {
    public var action: @Sendable (String) -> String
    public var warning: @Sendable (String) -> String
    public var heading: @Sendable (String) -> String
    public init(action: @escaping @Sendable (String) -> String = { $0 }, warning: @escaping @Sendable (String) -> String = { $0 },
                heading: @escaping @Sendable (String) -> String = { $0 }) {
        self.action = action
        self.warning = warning
        self.heading = heading
    }
    public static let plain = SummaryStyle()
}

/// A decision run as text: the warnings first (substituted, synthetic or stale data, degraded research), then the
/// decision, the rating and confidence, the evidence for and against it, the risk notes and the time each node
/// took.
public enum DecisionSummary {
    public static func text(_ run: DecisionRun, session: Session, style: SummaryStyle = .plain) -> String {
        let state = run.state
        var out = "\(state["symbol"].stringValue ?? "?") · \(state["risk_profile"].stringValue ?? "?") profile · "
            + PointInTimeFields.header(session.runtime.market) + "\n"  // point in time
        let warnings = DecisionWarnings.all(run, session: session)
        if !warnings.isEmpty {
            out += warnings.map { style.warning("  ! ") + wrap($0, indent: "    ", first: "  ! ").dropFirst(4) }.joined()
        }
        out += "\n"
        out += decisionLines(run.decision, position: state["position"], style: style)
        let action = run.decision["action"].stringValue
        let bull = caseLines(side(action, bull: true), state["bull_case"], sign: "+", style: style)
        let bear = caseLines(side(action, bull: false), state["bear_case"], sign: "-", style: style)
        out += action == "SELL" ? bear + bull : bull + bear
        out += analysisLines(state["analysis"])
        out += riskLines(state["risk"])
        out += researchLines(run)
        if let privacy = state["privacy"].tableValue, let count = privacy["redactions"]?.intValue, count > 0 {
            out += "\nPrivacy: \(count) item\(count == 1 ? "" : "s") redacted before printing\n"
        }
        out += nodeLines(run.result.journal)
        if let failure = run.failure { out += "\n" + style.warning("error: ") + failure.description + "\n" }
        return out
    }

    /// The title of a side of the debate, relative to the decision taken: the side that argues for a BUY is the
    /// bull's, for a SELL the bear's; a HOLD has two sides, for buying and for selling.
    static func side(_ action: String?, bull: Bool) -> String {
        switch (action ?? "", bull) {
        case ("BUY", true), ("SELL", false): return "For \(action ?? ""): the \(bull ? "bull" : "bear") case"
        case ("BUY", false), ("SELL", true): return "Against \(action ?? ""): the \(bull ? "bull" : "bear") case"
        default: return bull ? "Bull case (for buying)" : "Bear case (for selling)"
        }
    }

    static func decisionLines(_ decision: LuaValue, position: LuaValue, style: SummaryStyle) -> String {
        guard let action = decision["action"].stringValue else { return "No decision was made.\n" }
        var out = style.heading("Decision: ") + style.action(action) + " (\(decision["rating"].stringValue ?? "-"))"
        if let c = decision["confidence"].doubleValue { out += String(format: ", confidence %.2f", c) }
        if let size = decision["position_size"].doubleValue, size > 0 { out += String(format: ", size %.1f%% of equity", size * 100) }
        out += "\n"
        var levels: [String] = []
        if let entry = position["entry"].doubleValue, decision["stop_loss"].doubleValue != nil { levels.append(String(format: "entry %.2f", entry)) }
        if let stop = decision["stop_loss"].doubleValue { levels.append(String(format: "stop %.2f", stop)) }
        if let target = decision["take_profit"].doubleValue { levels.append(String(format: "target %.2f", target)) }
        if !levels.isEmpty { out += "  " + levels.joined(separator: "  ") + "\n" }
        if let rationale = decision["rationale"].stringValue { out += wrap(rationale, indent: "  ") }
        return out
    }

    static func caseLines(_ title: String, _ value: LuaValue, sign: String, style: SummaryStyle) -> String {
        guard value.tableValue != nil else { return "" }
        var out = "\n" + style.heading(title)
        if let s = value["strength"].doubleValue { out += String(format: " (strength %.2f)", s) }
        out += "\n"
        for item in (value["evidence"].arrayValue ?? []).prefix(4) {
            out += "  \(sign) " + (item["claim"].stringValue ?? item.jsonText()) + "\n"
        }
        for rebuttal in (value["rebuttals"].arrayValue ?? []).prefix(2) {
            if let text = rebuttal["text"].stringValue { out += "    answers: \(text)\n" }
        }
        return out
    }

    static func analysisLines(_ value: LuaValue) -> String {
        guard let score = value["score"].doubleValue else { return "" }
        var out = String(format: "\nAnalysis: score %+.2f, confidence %.2f", score, value["confidence"].doubleValue ?? 0)
        if let summary = value["summary"].stringValue { out += " — " + summary }
        return out + "\n"
    }

    static func riskLines(_ value: LuaValue) -> String {
        guard let level = value["level"].stringValue else { return "" }
        var out = "\nRisk: \(level)"
        if let atr = value["atr_percent"].doubleValue { out += String(format: ", ATR %.1f%% of price", atr * 100) }
        if let dd = value["max_drawdown_90d"].doubleValue { out += String(format: ", 90-day drawdown %.0f%%", dd * 100) }
        out += "\n"
        for note in (value["notes"].arrayValue ?? []).compactMap(\.stringValue) { out += "  · \(note)\n" }
        return out
    }

    static func researchLines(_ run: DecisionRun) -> String {
        let research = run.state["research"]
        guard let total = research["total_tasks"].intValue else { return "" }
        var out = "\nResearch: \(research["completed"].intValue ?? 0)/\(total) tasks completed"
        if let rounds = research["rounds"].intValue, rounds > 1 { out += " after \(rounds) rounds" }
        out += String(format: " in %.2f s\n", research["duration_seconds"].doubleValue ?? 0)
        let results = run.state[AgentState.Field.taskExecutionResults]
        for task in run.state[AgentState.Field.researchPlan]["tasks"].arrayValue ?? [] {
            let id = task["task_id"].stringValue ?? "?"
            let record = research["tasks"][id]
            let result = results[id]
            var line = "  " + id.padding(toLength: 12, withPad: " ", startingAt: 0)
                + (record["status"].stringValue ?? "not run").padding(toLength: 10, withPad: " ", startingAt: 0)
            if let signal = result["signal"].doubleValue {
                line += String(format: "%+.2f  conf %.2f  ", signal, result["confidence"].doubleValue ?? 0)
                line += result["summary"].stringValue ?? ""
                if result["source"].stringValue == "synthetic-sample" { line += "  [synthetic sample]" }
            } else {
                line += [record["error"].stringValue, record["error_location"].stringValue.map { "(\($0))" }]
                    .compactMap { $0 }.joined(separator: " ")
            }
            out += line + "\n"
        }
        return out
    }

    static func nodeLines(_ journal: [NodeRecord]) -> String {
        guard !journal.isEmpty else { return "" }
        var out = "\nNodes\n"
        for record in journal {
            var line = "  " + record.name.padding(toLength: 13, withPad: " ", startingAt: 0)
                + String(format: "%7.1f ms  ", (record.end - record.start) * 1000)
            line += record.status == .completed ? (record.summary ?? "") : "\(record.status.rawValue): \(record.error ?? "")"
            out += line + "\n"
        }
        return out
    }

    /// Wraps text at 80 columns; the first line starts with `first` (default: the indent).
    static func wrap(_ text: String, indent: String, first: String? = nil) -> String {
        let start = first ?? indent
        var out = "", line = start, fresh = true
        for word in text.split(separator: " ") {
            if line.count + word.count + 1 > 80, !fresh { out += line + "\n"; line = indent; fresh = true }
            line += (fresh ? "" : " ") + word
            fresh = false
        }
        return out + line + "\n"
    }
}
