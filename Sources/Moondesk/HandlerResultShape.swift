import LuaHost
import Research

/// The shape of a research handler's result, checked where the handler returns it: a result whose fields have
/// the wrong types (`signal = "very bullish"`, `metrics = 3`, `sources = "news"`) fails that task, with the handler's file, instead
/// of being marked completed and failing a node of the decision later. Values in range are the validator's
/// concern (a signal of 1.5 is a suspect result, not a broken one); types are checked here.
enum HandlerResultShape {
    /// The fields the nodes read, and what each must be when present.
    static var fields: [(String, String, (LuaValue) -> Bool)] { [
        ("signal", "a number", { $0.doubleValue != nil }),
        ("confidence", "a number", { $0.doubleValue != nil }),
        ("summary", "a string", { $0.stringValue != nil }),
        ("metrics", "a table", isTable),
        ("sources", "a table (a list of sources)", isTable),
    ] }

    static func isTable(_ value: LuaValue) -> Bool {
        switch value {
        case .table, .array: return true
        default: return false
        }
    }

    /// The first field of `result` with the wrong type, worded: `signal must be a number, got string "very bullish"`.
    static func problem(in result: [String: LuaValue]) -> String? {
        for (name, expected, valid) in fields {
            guard let value = result[name], !value.isNil, !valid(value) else { continue }
            let shown = value.stringValue.map { " \"\($0.prefix(60))\"" } ?? ""
            return "\(name) must be \(expected), got \(value.typeName)\(shown)"
        }
        return nil
    }
}

/// A handler result of the wrong shape: the task fails at once (a retry returns the same shape).
struct ResultShapeError: TaskFailure, CustomStringConvertible {
    var handler: String
    var file: String?
    var problem: String
    var isRetryable: Bool { false }
    var isTimeout: Bool { false }
    var location: String? { file }
    var message: String { "handler \(handler) returned a bad result: \(problem)" }
    var description: String { (file.map { $0 + ": " } ?? "") + message }
}
