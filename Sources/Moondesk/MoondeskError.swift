import LuaHost
import Research

/// A failure of a Moondesk run, classified for the CLI's exit code: bad input (a script, plan, config or data
/// problem: exit 2), an error while running (exit 1), or an interruption (exit 130).
public struct MoondeskError: Error, CustomStringConvertible, Sendable {
    public enum Kind: Sendable { case badInput, failure, interrupted }
    public var kind: Kind
    public var description: String

    public init(_ kind: Kind, _ description: String) {
        self.kind = kind
        self.description = description
    }

    /// Classifies any error from loading or planning.
    public static func from(_ error: any Error) -> MoondeskError {
        switch error {
        case let e as MoondeskError: return e
        case let e as LuaError:
            return MoondeskError(e.kind == .syntax || e.kind == .sandbox || e.kind == .runtime ? .badInput : .failure, e.description)
        case let e as PlanError: return MoondeskError(.badInput, e.description)
        case let e as BudgetError: return MoondeskError(.badInput, e.description)
        default: return MoondeskError(.failure, String(describing: error))
        }
    }
}
