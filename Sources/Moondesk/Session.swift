import Foundation
import LuaHost
import Research

/// Everything one command needs: the project, the agent's data, the runtime making states, the loaded agent.
public struct SessionOptions: Sendable {
    public var agentPath: String
    public var plan = PlanRequest()
    public var dataPath: String?
    public var newsPath: String?
    public var asOf: Int64?
    /// The project folder (agents/, config/, data/); nil: the one holding the agent (`ProjectPaths.containing`).
    public var projectRoot: String?
    /// Reach the live providers (alternative.me, blockchain.com, FRED, news feeds).
    public var live = false
    /// Data the caller put in place of what was asked for (the bundled candles when `--live` could not reach
    /// Binance), one line each: the run is degraded and says so first (`DecisionWarnings`).
    public var substitutions: [String] = []
    public init(agentPath: String) { self.agentPath = agentPath }
}

public final class Session: @unchecked Sendable {
    public let options: SessionOptions
    public let paths: ProjectPaths
    public let runtime: DeskRuntime
    public let agent: Agent
    public let presets: PlanningPresets
    /// The node settings the agent's graph declares (`g:setting`), by name; nil when the graph cannot be read
    /// (its error is then the decision's, where the graph is built).
    public let settings: [String: NodeSetting]?

    public init(_ options: SessionOptions, scripts: any ScriptSource = SnapshotScriptSource(),
                print: @escaping @Sendable (String) -> Void = { try? FileHandle.standardError.write(contentsOf: Data(($0 + "\n").utf8)) }) throws {
        self.options = options
        paths = options.projectRoot.map { ProjectPaths(root: $0) } ?? ProjectPaths.containing(options.agentPath)
        guard FileManager.default.fileExists(atPath: options.agentPath) else {
            throw MoondeskError(.badInput, "\(options.agentPath): no such agent script (try agents/balanced.lua)")
        }
        presets = try PlanningPresets.load(path: paths.config + "/planning.yaml")
        if let profile = options.plan.profile { try presets.check(profile: profile, flag: "--profile") }
        let market = try MarketContext(paths: paths, symbol: options.plan.symbol, dataPath: options.dataPath,
                                       asOf: options.asOf, newsPath: options.newsPath,
                                       live: options.live ? LiveSources(cacheDirectory: ProjectPaths.join(paths.root, ".moondesk/cache")) : nil)
        runtime = DeskRuntime(paths: paths, scripts: scripts, market: market, print: print)
        let state = try runtime.makeState()
        agent = try Agent.load(options.agentPath, in: state, clock: market.clock.cutoff)
        if options.plan.profile == nil { try presets.check(profile: agent.profile, flag: "\(agent.path): profile") }
        settings = try? LuaGraph.settings(agent, profile: options.plan.profile ?? agent.profile, presets: presets,
                                         directory: ModuleFiles(agentPath: agent.path, paths: paths).directory,
                                         clock: market.clock.cutoff)
        _ = try Planner.config(agent, request: options.plan, presets: presets, settings: settings)   // bad presets: now
    }

    /// Closes the live providers' HTTP client, if any.
    public func close() async { await runtime.market.live?.shutdown() }

    /// Plans with the agent's Lua rules.
    public func plan() throws -> ResearchPlan {
        try Planner.plan(agent, request: options.plan, presets: presets, settings: settings, clock: runtime.market.clock.cutoff,
                     paths: paths)
    }
}
