import LuaHost

/// A failure as `--json` prints it: one object, `{"schema_version": 1, "status": "failed", "exit_code": 2,
/// "error": {"kind": "syntax", "message": "...", "file": "agents/x.lua", "line": 3}}` (schema `error`).
public enum ErrorReport {
    public static func json(_ error: MoondeskError) -> LuaValue {
        ["schema_version": .integer(JSONSchema.version), "status": "failed",
         "exit_code": .integer(Int64(ExitStatus.of(error).rawValue)), "error": object(error)]
    }

    /// The `error` object: kind, message, file, line (null when not known).
    public static func object(_ error: MoondeskError) -> LuaValue {
        .table(["kind": .string(error.kindName), "message": .string(error.description),
                "file": error.file.map { .string($0) } ?? .nil, "line": error.line.map { .integer(Int64($0)) } ?? .nil])
    }
}
