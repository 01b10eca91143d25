import Foundation
import LuaHost
import Yams

/// The planning settings of a run: `config/planning.yaml` presets, then the agent's `config` table, then flags.
public struct PlanningConfig: Sendable, Equatable {
    public var enableParallelTasks = true
    public var maxParallelTasks = 3
    public var includeOptionalTasks = true
    public var defaultRetries = 2
    public var defaultTimeoutSeconds = 60.0
    public var maxCost: Double?
    public var maxSeconds: Double?
    public var seed: UInt64 = 42
    /// The decision settings the graph's nodes read from `ctx.config` (`max_research_rounds`, `risk_per_trade`...).
    public var decision: [String: LuaValue] = [:]

    public init() {}

    /// The decision keys a preset may set: numbers the nodes read (docs/ORCHESTRATOR.md).
    public static let decisionKeys = ["max_research_rounds", "debate_rounds", "risk_per_trade", "max_position",
                                      "stop_atr_multiple", "reward_risk", "min_confidence", "quality_threshold"]

    /// The keys a preset may set.
    public static let keys = ["enable_parallel_tasks", "max_parallel_tasks", "include_optional_tasks", "default_retries",
                              "default_timeout_seconds", "max_cost", "max_seconds", "seed"] + decisionKeys

    /// Sets one key from a Lua value; `origin` names where it came from in messages.
    mutating func set(_ key: String, _ value: LuaValue, origin: String) throws {
        func number() throws -> Double {
            guard let d = value.doubleValue, d >= 0 else { throw MoondeskError(.badInput, "\(origin): \(key) must be a non-negative number, got \(value.jsonText())") }
            return d
        }
        func flag() throws -> Bool {
            guard let b = value.boolValue else { throw MoondeskError(.badInput, "\(origin): \(key) must be true or false, got \(value.jsonText())") }
            return b
        }
        switch key {
        case "enable_parallel_tasks": enableParallelTasks = try flag()
        case "max_parallel_tasks":
            let n = try number()
            guard n >= 1, n == n.rounded() else { throw MoondeskError(.badInput, "\(origin): max_parallel_tasks must be a whole number ≥ 1") }
            maxParallelTasks = Int(n)
        case "include_optional_tasks": includeOptionalTasks = try flag()
        case "default_retries": defaultRetries = Int(try number())
        case "default_timeout_seconds": defaultTimeoutSeconds = try number()
        case "max_cost": maxCost = value.isNil ? nil : try number()
        case "max_seconds": maxSeconds = value.isNil ? nil : try number()
        case "seed": seed = UInt64(try number())
        case "max_research_rounds", "debate_rounds":
            let n = try number()
            guard n == n.rounded() else { throw MoondeskError(.badInput, "\(origin): \(key) must be a whole number, got \(value.jsonText())") }
            decision[key] = .integer(Int64(n))
        case "risk_per_trade", "max_position", "min_confidence", "quality_threshold":
            let n = try number()
            guard n <= 1 else { throw MoondeskError(.badInput, "\(origin): \(key) is a fraction between 0 and 1, got \(value.jsonText())") }
            decision[key] = .number(n)
        case "stop_atr_multiple", "reward_risk": decision[key] = .number(try number())
        default: break
        }
    }

    /// The settings as the `ctx.config` table planners and handlers see (with the agent's own extra keys).
    func table(extra: [String: LuaValue]) -> LuaValue {
        var t = extra
        for (key, value) in decision { t[key] = value }
        t["enable_parallel_tasks"] = .boolean(enableParallelTasks)
        t["max_parallel_tasks"] = .integer(Int64(maxParallelTasks))
        t["include_optional_tasks"] = .boolean(includeOptionalTasks)
        t["default_retries"] = .integer(Int64(defaultRetries))
        t["default_timeout_seconds"] = .number(defaultTimeoutSeconds)
        t["max_cost"] = maxCost.map { .number($0) } ?? .nil
        t["max_seconds"] = maxSeconds.map { .number($0) } ?? .nil
        t["seed"] = .integer(Int64(seed))
        return .table(t)
    }
}

/// `config/planning.yaml`: defaults and per-profile presets. Unknown keys and bad YAML are errors with file:line.
public struct PlanningPresets: Sendable {
    public var defaults: [String: LuaValue] = [:]
    public var profiles: [String: [String: LuaValue]] = [:]
    public var path: String?

    public init() {}

    public static func load(path: String) throws -> PlanningPresets {
        guard let data = FileManager.default.contents(atPath: path) else {
            return PlanningPresets()   // no file: the built-in defaults
        }
        let text = String(decoding: data, as: UTF8.self)
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: text) else { return PlanningPresets() }
            root = node
        } catch let error as YamlError {
            throw MoondeskError(.badInput, "\(path):\(yamlLine(error)): invalid YAML: \(yamlProblem(error))")
        }
        var presets = PlanningPresets()
        presets.path = path
        guard let top = root.mapping else { throw MoondeskError(.badInput, "\(path):1: expected a mapping with defaults and profiles") }
        for (key, value) in top {
            let name = key.string ?? ""
            switch name {
            case "defaults": presets.defaults = try settings(value, path: path)
            case "profiles":
                guard let profiles = value.mapping else { throw MoondeskError(.badInput, "\(path):\(line(value)): profiles must be a mapping") }
                for (profile, settingsNode) in profiles {
                    presets.profiles[profile.string ?? ""] = try settings(settingsNode, path: path)
                }
            default:
                throw MoondeskError(.badInput, "\(path):\(line(key)): unknown key \"\(name)\" (expected defaults, profiles)")
            }
        }
        return presets
    }

    /// The configuration for `profile` before the agent and flags have their say.
    public func config(for profile: String) throws -> PlanningConfig {
        var config = PlanningConfig()
        if profile == "aggressive" { config.includeOptionalTasks = false }
        let origin = path ?? "config/planning.yaml"
        for (k, v) in defaults.sorted(by: { $0.key < $1.key }) { try config.set(k, v, origin: origin) }
        for (k, v) in (profiles[profile] ?? [:]).sorted(by: { $0.key < $1.key }) { try config.set(k, v, origin: origin) }
        return config
    }

    private static func settings(_ node: Node, path: String) throws -> [String: LuaValue] {
        guard let mapping = node.mapping else { throw MoondeskError(.badInput, "\(path):\(line(node)): expected a mapping of settings") }
        var out: [String: LuaValue] = [:]
        for (key, value) in mapping {
            let name = key.string ?? ""
            guard PlanningConfig.keys.contains(name) else {
                let hint = PlanningConfig.keys.min { editDistance($0, name) < editDistance($1, name) }.map { " (did you mean \"\($0)\"?)" } ?? ""
                throw MoondeskError(.badInput, "\(path):\(line(key)): unknown key \"\(name)\"\(hint)")
            }
            out[name] = scalar(value)
        }
        return out
    }

    private static func scalar(_ node: Node) -> LuaValue {
        if node.null != nil { return .nil }
        if let b = node.bool { return .boolean(b) }
        if let i = node.int { return .integer(Int64(i)) }
        if let d = node.float { return .number(d) }
        return .string(node.string ?? "")
    }

    private static func line(_ node: Node) -> Int { node.mark?.line ?? 1 }

    private static func yamlLine(_ error: YamlError) -> Int {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _): return mark.line
        default: return 1
        }
    }

    private static func yamlProblem(_ error: YamlError) -> String {
        switch error {
        case .scanner(_, let problem, _, _), .parser(_, let problem, _, _), .composer(_, let problem, _, _): return problem
        default: return String(describing: error)
        }
    }
}

/// Levenshtein distance, for "did you mean" hints.
func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a), b = Array(b)
    var row = Array(0...b.count)
    for i in 1...max(a.count, 1) where !a.isEmpty {
        var previous = row[0]
        row[0] = i
        for j in 1...max(b.count, 1) where !b.isEmpty {
            let current = row[j]
            row[j] = min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] == b[j - 1] ? 0 : 1))
            previous = current
        }
    }
    return row[b.count]
}
