import LuaHost
import Moondesk

/// Every `--json` object `host` prints goes through here: conformed to its schema (lists stay lists when
/// empty), `schema_version` at the top, one line.
enum JSONOutput {
    static func emit(_ value: LuaValue, schema: String) {
        var object = JSONSchema.named(schema).conform(value)
        if case .table(var fields) = object {
            fields["schema_version"] = .integer(JSONSchema.version)
            object = .table(fields)
        }
        Output.line(object.jsonText())
    }

    /// A failure with `--json`: the error object on stdout (the line on stderr is the caller's).
    static func failure(_ error: MoondeskError) {
        emit(ErrorReport.json(error), schema: "error")
    }
}
