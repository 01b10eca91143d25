import Foundation
import LuaHost
import Research

/// What the command line asks of a plan.
public struct PlanRequest: Sendable {
    public var symbol = "BTC/USDT"
    public var profile: String?
    public var maxParallel: Int?
    public var maxCost: Double?
    public var maxSeconds: Double?
    public var sequential = false
    /// A `--live` run: the planner sees `ctx.config.live = true` and picks live handlers.
    public var live = false
    /// Values that replace the presets' and the agent's for this run (`host sweep --set KEY=V`): a planning key, a
    /// node setting the graph declares or a key of the agent's own `config`, checked as those are.
    public var overrides: [String: LuaValue] = [:]
    public init() {}
}

/// A checked plan: the tasks, the estimates, what budgets dropped, and the planner's notes.
public struct ResearchPlan: Sendable {
    public var symbol: String
    public var riskProfile: String
    public var agent: String
    public var tasks: [ResearchTask]
    public var estimate: PlanEstimate
    public var dropped: [DroppedTask]
    public var notes: [String]
    public var config: PlanningConfig
    public var configTable: LuaValue
}

/// Runs an agent's Lua planner and turns what it declared into a checked `ResearchPlan`.
public enum Planner {
    static let driver = """
        local agent, ctx = ...
        local plan = desk.new_plan()
        if agent.plan then agent.plan(plan, ctx) end
        return { entries = plan.entries, notes = plan.notes }
        """

    /// Plans for `request` with `agent`, under the presets (YAML) the project holds.
    /// The run's settings for `request`: the presets for its profile, then the agent's `config`, then the flags;
    /// with the `ctx.config` table planners, handlers and nodes see.
    /// `settings`: the node settings the agent's graph declares; a preset value for an undeclared key is an error
    /// (nil: the graph could not be read, the settings pass unchecked and the graph's own error follows).
    public static func config(_ agent: Agent, request: PlanRequest, presets: PlanningPresets,
                              settings: [String: NodeSetting]?) throws -> (PlanningConfig, LuaValue) {
        let profile = request.profile ?? agent.profile
        var config = try presets.config(for: profile)
        for (key, value) in agent.config.sorted(by: { $0.key < $1.key })
        where PlanningConfig.keys.contains(key) || settings?[key] != nil {
            try config.set(key, value, origin: "\(agent.path): config")
        }
        for (key, value) in request.overrides.sorted(by: { $0.key < $1.key }) {
            let known = PlanningConfig.keys.contains(key) || settings?[key] != nil || agent.config[key] != nil
            guard known || settings == nil else {
                let names = PlanningConfig.keys + (settings?.keys.sorted() ?? []) + agent.config.keys.sorted()
                let near = names.min { editDistance($0, key) < editDistance($1, key) }
                let hint = near.map { editDistance($0, key) <= 3 ? " (did you mean \"\($0)\"?)" : "" } ?? ""
                throw MoondeskError(.badInput, "--set \(key): unknown key\(hint): not a planning key, a node setting the graph declares (g:setting) nor a key of \(agent.path)'s config")
            }
            if PlanningConfig.keys.contains(key) || settings?[key] != nil || settings == nil {
                try config.set(key, value, origin: "--set \(key)")
            }
        }
        try config.resolve(settings)
        if let n = request.maxParallel { config.maxParallelTasks = max(1, n) }
        if let c = request.maxCost { config.maxCost = c }
        if let s = request.maxSeconds { config.maxSeconds = s }
        if request.sequential { config.enableParallelTasks = false }
        var extra = agent.config
        for (key, value) in request.overrides { extra[key] = value }
        if request.live { extra["live"] = .boolean(true) }
        return (config, config.table(extra: extra))
    }

    /// `clock`: the run's as-of (what `os.time()` reads in the planner); `paths`: the project whose modules the
    /// handlers are (default: the one holding the agent); `modules`: a session's lookups, which it remembers.
    public static func plan(_ agent: Agent, request: PlanRequest, presets: PlanningPresets,
                            settings: [String: NodeSetting]?, clock: Int64? = nil, paths: ProjectPaths? = nil,
                            modules: ModuleFiles? = nil) throws -> ResearchPlan {
        let profile = request.profile ?? agent.profile
        let (config, configTable) = try Self.config(agent, request: request, presets: presets, settings: settings)

        let state = agent.state
        let env = try state.newEnvironment(directory: ".", clock: clock)
        defer { state.release(env) }
        let driver = try state.trustedChunk(Self.driver, chunkName: "[planner]", environment: env)
        let ctx: LuaValue = ["symbol": .string(request.symbol), "profile": .string(profile), "config": configTable]
        let output = try state.call(driver, refs: [agent.table], [ctx], limits: LuaLimits(timeout: 10, memory: 256 << 20)).first ?? .nil

        let defaults = TaskDefaults(retries: config.defaultRetries, timeoutSeconds: config.defaultTimeoutSeconds)
        var tasks: [ResearchTask] = []
        var problems: [PlanProblem] = []
        for entry in output["entries"].arrayValue ?? [] {
            let location = entry["file"].stringValue.map { SourceLocation(file: $0, line: entry["line"].intValue ?? 0) }
            do {
                tasks.append(try ResearchTask.decode(entry["spec"], declaredAt: location, defaults: defaults))
            } catch {
                problems.append(contentsOf: error.problems)
            }
        }
        var notes = (output["notes"].arrayValue ?? []).compactMap(\.stringValue)
        if !config.includeOptionalTasks {
            let optional = tasks.filter(\.optional)
            tasks.removeAll(where: \.optional)
            for task in optional { notes.append("optional task \(task.taskID) left out (include_optional_tasks is off)") }
        }
        let modules = modules ?? paths.map { ModuleFiles(agentPath: agent.path, paths: $0) } ?? ModuleFiles(agent.path)
        problems += PlanValidator.problems(in: tasks) { handler in modules.file(of: handler) != nil }
        if !problems.isEmpty { throw PlanError(problems) }
        let budget = PlanBudget(maxCost: config.maxCost, maxSeconds: config.maxSeconds)
        let budgeted = try budget.apply(to: tasks, maxParallel: config.maxParallelTasks, parallel: config.enableParallelTasks)
        return ResearchPlan(symbol: request.symbol, riskProfile: profile, agent: agent.name, tasks: budgeted.tasks,
                            estimate: budgeted.estimate, dropped: budgeted.dropped, notes: notes, config: config,
                            configTable: configTable)
    }
}
