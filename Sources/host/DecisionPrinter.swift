import Foundation
import LuaHost
import Moondesk

/// Prints decisions on stdout: the readable summary, or one JSON object per line (NDJSON when watching).
struct DecisionPrinter {
    var json: Bool

    /// The text summary's colours (on a terminal only, see `Palette`).
    static var style: SummaryStyle {
        let palette = Palette.stdout
        return SummaryStyle(action: { palette.action($0) }, warning: { palette.warning($0) }, heading: { palette.heading($0) })
    }

    func print(_ run: DecisionRun, session: Session, reload: LuaValue? = nil, exitStatus: ExitStatus? = nil,
               extraWarnings: [String] = [], journal: LuaValue? = nil, report: LuaValue? = nil) {
        if json {
            var object = report ?? DecisionReport.json(run, session: session, exitStatus: exitStatus)
            if case .table(var fields) = object {
                if let reload { fields["reload"] = reload }
                if let journal { fields["journal"] = journal }
                if !extraWarnings.isEmpty {
                    fields["warnings"] = .array((fields["warnings"]?.arrayValue ?? []) + extraWarnings.map { .string($0) })
                }
                object = .table(fields)
            }
            JSONOutput.emit(object, schema: "decision")
        } else {
            var text = DecisionSummary.text(run, session: session, style: Self.style)
            if !extraWarnings.isEmpty {
                text += "\n" + extraWarnings.map { Palette.stdout.warning("! ") + $0 + "\n" }.joined()
            }
            Output.out(text)
        }
    }

    /// A problem that did not stop the process (watch mode): its line on stderr and, with `--json`, a JSON line
    /// with `status: "failed"` and the `error` object.
    func problem(_ error: MoondeskError, fields: [String: LuaValue] = [:]) {
        Diagnostics.error(Palette.stderr.error(error.description))
        if json {
            var object = ErrorReport.json(error).tableValue ?? [:]
            object.merge(fields) { own, _ in own }
            JSONOutput.emit(.table(object), schema: "watch_problem")
        }
    }

    /// A note for people (text mode only; JSON lines carry the same facts).
    func note(_ text: String) {
        if !json { Output.line(text) }
    }
}

/// What changed in the decision since the previous run: action, rating, confidence, size, stop, target. A value
/// that prints the same (0.5112 and 0.5108 are both 0.51) is not a change.
enum DecisionChange {
    static let fields = ["action", "rating", "confidence", "position_size", "stop_loss", "take_profit"]

    /// `field: [before, after]` for each field whose shown value changed.
    static func between(_ before: LuaValue, _ after: LuaValue) -> [String: LuaValue] {
        var out: [String: LuaValue] = [:]
        for field in fields where show(before[field], field) != show(after[field], field) {
            out[field] = .array([before[field], after[field]])
        }
        return out
    }

    static func text(_ changes: [String: LuaValue]) -> String {
        guard !changes.isEmpty else { return "since the last run: the decision did not change" }
        let parts = fields.compactMap { field -> String? in
            guard let pair = changes[field]?.arrayValue, pair.count == 2 else { return nil }
            return "\(field) \(show(pair[0], field)) -> \(show(pair[1], field))"
        }
        return "since the last run: " + parts.joined(separator: ", ")
    }

    static func show(_ value: LuaValue, _ field: String) -> String {
        if let n = value.doubleValue {
            return field == "position_size" ? String(format: "%.1f%%", n * 100) : String(format: "%.2f", n)
        }
        return value.stringValue ?? "none"
    }
}
