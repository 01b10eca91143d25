import Foundation
import LuaHost
import Moondesk

/// Prints decisions on stdout: the readable summary, or one JSON object per line (NDJSON when watching).
struct DecisionPrinter {
    var json: Bool

    func print(_ run: DecisionRun, session: Session, reload: LuaValue? = nil) {
        if json {
            var object = DecisionReport.json(run, session: session)
            if let reload, case .table(var fields) = object {
                fields["reload"] = reload
                object = .table(fields)
            }
            emit(object.jsonText())
        } else {
            emit(DecisionSummary.text(run, session: session), newline: false)
        }
    }

    /// A problem that did not stop the process (watch mode): a JSON line with `error`, or a line on stderr.
    func problem(_ message: String, fields: [String: LuaValue] = [:]) {
        if json {
            var object = fields
            object["error"] = .string(message)
            emit(LuaValue.table(object).jsonText())
        } else {
            Diagnostics.error(message)
        }
    }

    /// A note for people (text mode only; JSON lines carry the same facts).
    func note(_ text: String) {
        if !json { emit(text) }
    }

    private func emit(_ text: String, newline: Bool = true) {
        FileHandle.standardOutput.write(Data((text + (newline ? "\n" : "")).utf8))
    }
}

/// What changed in the decision since the previous run: action, rating, confidence, size, stop, target.
enum DecisionChange {
    static let fields = ["action", "rating", "confidence", "position_size", "stop_loss", "take_profit"]

    /// `field: [before, after]` for each field that changed.
    static func between(_ before: LuaValue, _ after: LuaValue) -> [String: LuaValue] {
        var out: [String: LuaValue] = [:]
        for field in fields where before[field] != after[field] {
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
