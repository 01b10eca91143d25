import Foundation

/// The first part of the `desk` table every Moondesk script sees:
/// `desk.version`, `desk.json.encode/decode`, `desk.sleep` (async), `desk.now`, `desk.log`, `desk.strings`,
/// `desk.retryable`, `desk.readonly`.
public enum DeskBasics {
    public static let version = "0.1.0"

    /// Defines the basics in `state`; `log` receives `desk.log(level, message)` lines.
    public static func install(in state: LuaState, log: @escaping @Sendable (String, String) -> Void) throws {
        try state.define("version", .string(version))
        try state.define("json.encode", .function(HostFunction("desk.json.encode") { args in
            let pretty = args.arg(1)["pretty"].boolValue ?? false
            return [.string(args.arg(0).jsonText(pretty: pretty))]
        }))
        try state.define("json.decode", .function(HostFunction("desk.json.decode") { args in
            [try LuaValue.parseJSON(try args.string(0))]
        }))
        try state.define("sleep", .function(HostFunction(async: "desk.sleep") { args in
            let seconds = try CheckedNumber.seconds(args.arg(0), "argument 1 (seconds)")
            try await Task.sleep(for: CheckedNumber.duration(seconds))
            return []
        }))
        try state.define("retryable", .function(HostFunction("desk.retryable") { args in
            // desk.retryable(msg): raises msg (at the caller's line) marked as worth a retry.
            throw RetryableError(args.arg(0).stringValue ?? args.arg(0).jsonText())
        }))
        try state.define("now", .function(HostFunction("desk.now") { _ in
            [.number(Date().timeIntervalSince1970)]
        }))
        try state.define("log", .function(HostFunction("desk.log") { args in
            // desk.log(message) or desk.log(level, message)
            if args.count >= 2 {
                log(args.arg(0).stringValue ?? "info", args.arg(1).stringValue ?? args.arg(1).jsonText())
            } else {
                log("info", args.arg(0).stringValue ?? args.arg(0).jsonText())
            }
            return []
        }))
        try state.define("strings", .function(HostFunction("desk.strings") { args in
            let needles = (args.arg(1).arrayValue ?? []).compactMap(\.stringValue)
            let patterns = (args.arg(2).arrayValue ?? []).compactMap(\.stringValue)
            return [.array(try TextSearch.strings(in: args.arg(0), needles: needles, patterns: patterns))]
        }))
        try state.extend(source: ReadOnlyView.prelude, chunkName: "[desk.readonly]")
    }
}
