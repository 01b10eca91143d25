import LuaHost
import Research

/// A failure of a Moondesk run, classified for the CLI's exit code (`ExitStatus`): bad input (a script, plan,
/// config, data or argument problem: exit 2), no decision (exit 1), or an interruption (exit 130).
public struct MoondeskError: Error, CustomStringConvertible, Sendable {
    public enum Kind: Sendable { case badInput, failure, interrupted }
    public var kind: Kind
    public var description: String
    /// What failed, finer than `kind`, for `--json`'s `error.kind`: syntax, sandbox, runtime, timeout, memory,
    /// plan, budget, config, data, arguments, graph, node, output, interrupted (nil: the kind's own word).
    public var category: String?
    /// Where, when known: the script file and line.
    public var file: String?
    public var line: Int?

    public init(_ kind: Kind, _ description: String, category: String? = nil, file: String? = nil, line: Int? = nil) {
        self.kind = kind
        self.description = description
        self.category = category
        self.file = file
        self.line = line
    }

    /// The word `--json` prints as `error.kind`.
    public var kindName: String {
        if let category { return category }
        switch kind {
        case .badInput: return "bad_input"
        case .failure: return "failed"
        case .interrupted: return "interrupted"
        }
    }

    /// Classifies any error from loading or planning.
    public static func from(_ error: any Error) -> MoondeskError {
        switch error {
        case let e as MoondeskError: return e
        case let e as any ClassifiedError: return e.moondeskError
        case let e as LuaError:
            return MoondeskError(e.kind == .syntax || e.kind == .sandbox || e.kind == .runtime ? .badInput : .failure,
                                 e.description, category: e.kind.rawValue, file: e.file, line: e.line)
        case let e as PlanError:
            let at = e.problems.first?.location
            return MoondeskError(.badInput, e.description, category: "plan", file: at?.file, line: at?.line)
        case let e as BudgetError: return MoondeskError(.badInput, e.description, category: "budget")
        default: return MoondeskError(.failure, String(describing: error))
        }
    }
}

/// An error of a layer above Moondesk (the journal, the queue) that knows its own kind.
public protocol ClassifiedError: Error {
    var moondeskError: MoondeskError { get }
}
