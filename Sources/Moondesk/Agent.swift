import Foundation
import LuaHost
import Research

/// An agent script loaded in a state: `return desk.agent{ name, profile, plan, config, ... }`.
public struct Agent {
    public let path: String
    public let state: LuaState
    /// The agent table returned by the script (kept in the state's registry).
    public let table: LuaRef
    public let name: String
    public let profile: String
    /// The agent's own `config` table (plain data).
    public let config: [String: LuaValue]
    /// `warmup`: the bars of history the agent needs before its first decision (a backtest starts after them);
    /// nil when the agent does not say.
    public let warmup: Int?

    /// Loads `path` in `state`; a script that does not return `desk.agent{...}` is a clear error.
    /// `clock`: the run's as-of, what `os.time()` reads in the agent's functions.
    public static func load(_ path: String, in state: LuaState, clock: Int64? = nil) throws -> Agent {
        guard FileManager.default.fileExists(atPath: path) else {
            throw MoondeskError(.badInput, "\(path): no such agent script")
        }
        let chunk = try state.loadScript(path, clock: clock)
        defer { state.release(chunk) }
        let table = try state.callForRef(chunk)
        guard state.typeName(of: table) == "table", state.field("__agent", of: table) != nil else {
            throw MoondeskError(.badInput, "\(path): an agent script must `return desk.agent{ ... }`")
        }
        let value = state.value(of: table)
        let name = value["name"].stringValue ?? URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        let profile = value["profile"].stringValue ?? "balanced"
        var warmup: Int?
        switch value["warmup"] {
        case .nil: warmup = nil
        case .integer(let n) where n >= 0 && n < 10_000_000: warmup = Int(n)
        case .number(let x) where x >= 0 && x < 10_000_000 && x.rounded() == x: warmup = Int(x)
        case let other:
            throw MoondeskError(.badInput, "\(path): warmup must be a number of bars (a whole number, 0 or more), got \(other.typeName) \(other)")
        }
        return Agent(path: path, state: state, table: table, name: name, profile: profile,
                     config: value["config"].tableValue ?? [:], warmup: warmup)
    }
}
