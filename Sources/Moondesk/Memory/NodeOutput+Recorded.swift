import LuaHost
import Orchestrator

/// A node's output as a recorded value and back: `{update, summary, replacements}`.
extension NodeOutput {
    public var recorded: LuaValue {
        .table(["update": .table(update), "summary": summary.map { .string($0) } ?? .nil, "replacements": .table(replacements)])
    }

    public init?(recorded value: LuaValue) {
        guard let update = value["update"].tableValue else { return nil }
        self.init(update, summary: value["summary"].stringValue, replacements: value["replacements"].tableValue ?? [:])
    }
}
