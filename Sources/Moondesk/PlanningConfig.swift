import Foundation
import LuaHost
import Research
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
    /// The node settings (`g:setting` in the graph) the presets and the agent set, with where each value came
    /// from; checked against their declarations by `resolve`.
    public var settings: [String: LuaValue] = [:]
    var settingOrigins: [String: String] = [:]

    public init() {}

    /// The planning keys, the Swift executor's own; every other key of a preset is a node setting.
    public static let keys = ["enable_parallel_tasks", "max_parallel_tasks", "include_optional_tasks", "default_retries",
                              "default_timeout_seconds", "max_cost", "max_seconds", "seed"]

    /// Checks every node setting against its declaration (a key no node declares is an error naming its line),
    /// normalises it, and fills in the declared defaults.
    /// With `declared` nil (the graph could not be read) only a key one or two letters from a planning key is an
    /// error (a misspelt planning key); the rest waits for the graph.
    mutating func resolve(_ declared: [String: NodeSetting]?) throws {
        guard let declared else {
            for key in settings.keys.sorted() {
                if let near = PlanningConfig.keys.min(by: { editDistance($0, key) < editDistance($1, key) }),
                   editDistance(near, key) <= 2 {
                    let origin = settingOrigins[key] ?? "config/planning.yaml"
                    throw MoondeskError(.badInput, "\(origin): unknown key \"\(key)\" (did you mean \"\(near)\"?)")
                }
            }
            return
        }
        for key in settings.keys.sorted() {
            let origin = settingOrigins[key] ?? "config/planning.yaml"
            guard let setting = declared[key] else {
                let known = PlanningConfig.keys + declared.keys.sorted()
                let hint = known.min { editDistance($0, key) < editDistance($1, key) }
                    .map { editDistance($0, key) <= 3 ? " (did you mean \"\($0)\"?)" : "" } ?? ""
                throw MoondeskError(.badInput, "\(origin): unknown key \"\(key)\"\(hint): not a planning key nor a node setting the graph declares (g:setting)")
            }
            settings[key] = try setting.check(settings[key]!, origin: origin)
        }
        for (name, setting) in declared where settings[name] == nil { settings[name] = setting.defaultValue }
    }

    /// Sets one key from a Lua value; `origin` names where it came from in messages.
    mutating func set(_ key: String, _ value: LuaValue, origin: String) throws {
        func number() throws -> Double {
            guard let d = value.doubleValue, d >= 0, d.isFinite else { throw MoondeskError(.badInput, "\(origin): \(key) must be a finite non-negative number, got \(value.doubleValue.map(CheckedNumber.describe) ?? value.jsonText())") }
            return d
        }
        // The checked conversions (CheckedNumber), worded for a config file.
        func whole(_ range: ClosedRange<Int>) throws -> Int {
            do { return try CheckedNumber.integer(value, key, in: range) } catch { throw MoondeskError(.badInput, "\(origin): \(error)") }
        }
        func seconds(positive: Bool) throws -> Double {
            do { return try CheckedNumber.seconds(value, key, positive: positive) } catch { throw MoondeskError(.badInput, "\(origin): \(error)") }
        }
        func flag() throws -> Bool {
            guard let b = value.boolValue else { throw MoondeskError(.badInput, "\(origin): \(key) must be true or false, got \(value.jsonText())") }
            return b
        }
        switch key {
        case "enable_parallel_tasks": enableParallelTasks = try flag()
        case "max_parallel_tasks":
            maxParallelTasks = try whole(1...10_000)
        case "include_optional_tasks": includeOptionalTasks = try flag()
        case "default_retries": defaultRetries = try whole(0...ResearchTask.maxRetries)
        case "default_timeout_seconds": defaultTimeoutSeconds = try seconds(positive: true)
        case "max_cost": maxCost = value.isNil ? nil : try number()
        case "max_seconds": maxSeconds = value.isNil ? nil : try seconds(positive: false)
        case "seed": seed = UInt64(try whole(0...Int(CheckedNumber.maxWhole)))
        default:
            settings[key] = value
            settingOrigins[key] = origin
        }
    }

    /// The settings as the `ctx.config` table planners and handlers see (with the agent's own extra keys).
    func table(extra: [String: LuaValue]) -> LuaValue {
        var t = extra
        for (key, value) in settings { t[key] = value }
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
    /// The line of each value: `defaults.KEY`, `profiles.NAME.KEY` → line.
    var lines: [String: Int] = [:]

    public init() {}

    public static func load(path: String) throws -> PlanningPresets {
        guard let data = FileManager.default.contents(atPath: path) else {
            return PlanningPresets()   // no file: the built-in defaults
        }
        let text = String(decoding: data, as: UTF8.self)
        let root: Node
        do {
            // The basic resolver: `scalar` types values with Yams' constructors, which never ask a resolver, and the
            // default one compiles its rules with NSRegularExpression (ICU), 2-5 ms of every start.
            guard let node = try Yams.compose(yaml: text, .basic) else { return PlanningPresets() }
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
            case "defaults": presets.defaults = try settings(value, path: path, section: "defaults", lines: &presets.lines)
            case "profiles":
                guard let profiles = value.mapping else { throw MoondeskError(.badInput, "\(path):\(line(value)): profiles must be a mapping") }
                for (profile, settingsNode) in profiles {
                    let name = profile.string ?? ""
                    presets.profiles[name] = try settings(settingsNode, path: path, section: "profiles." + name, lines: &presets.lines)
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
        func at(_ section: String, _ key: String) -> String { lines[section + "." + key].map { "\(origin):\($0)" } ?? origin }
        for (k, v) in defaults.sorted(by: { $0.key < $1.key }) { try config.set(k, v, origin: at("defaults", k)) }
        for (k, v) in (profiles[profile] ?? [:]).sorted(by: { $0.key < $1.key }) {
            try config.set(k, v, origin: at("profiles." + profile, k))
        }
        return config
    }

    /// A section's settings; keys other than the planning keys are node settings, checked once the graph has
    /// declared them (`PlanningConfig.resolve`), so each value's line is kept.
    private static func settings(_ node: Node, path: String, section: String, lines: inout [String: Int]) throws -> [String: LuaValue] {
        guard let mapping = node.mapping else { throw MoondeskError(.badInput, "\(path):\(line(node)): expected a mapping of settings") }
        var out: [String: LuaValue] = [:]
        for (key, value) in mapping {
            let name = key.string ?? ""
            out[name] = scalar(value)
            lines[section + "." + name] = line(key)
        }
        return out
    }

    private static func scalar(_ node: Node) -> LuaValue {
        if let number = plainNumber(node) { return number }
        if node.null != nil { return .nil }
        if let b = node.bool { return .boolean(b) }
        if let i = node.int { return .integer(Int64(i)) }
        if let d = node.float { return .number(d) }
        return .string(node.string ?? "")
    }

    /// A plain `12`, `-3` or `0.25` read directly, as Yams reads it: its number constructors strip `_` with
    /// NSString's replacingOccurrences, whose bridging was a millisecond of every start. Every other form
    /// (`1_000`, `0x1F`, `1e3`, `.inf`, `007`) is left to Yams.
    private static func plainNumber(_ node: Node) -> LuaValue? {
        guard let scalar = node.scalar, scalar.style == .plain || scalar.style == .any else { return nil }
        let text = scalar.string.utf8
        let digits = text.first == UInt8(ascii: "-") ? text.dropFirst() : text[...]
        guard let first = digits.first, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first), digits.count <= 15 else { return nil }
        var point = false
        for byte in digits where !(UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) {
            guard byte == UInt8(ascii: "."), !point else { return nil }
            point = true
        }
        guard digits.last != UInt8(ascii: ".") else { return nil }
        let leadingZero = first == UInt8(ascii: "0") && digits.count > 1 && digits.dropFirst().first != UInt8(ascii: ".")
        guard !leadingZero, !(text.first == UInt8(ascii: "-") && !point && digits.count == 1 && first == UInt8(ascii: "0"))
        else { return nil }   // `-0` is Yams' float -0.0
        if point { return Double(scalar.string).map { .number($0) } }
        return Int64(scalar.string).map { .integer($0) }
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
