import Foundation
import LuaHost
import Research
import Synchronization

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
    /// Where the agent's modules resolve (remembered per version of the scripts).
    public let modules: ModuleFiles
    /// What the session works out once per version of its scripts (the node base, the graph's declarations).
    let memo = SessionMemo()
    /// Where each decision records its results and may recall earlier ones (a journal); nil: neither.
    public var memory: (any RunMemory)?
    /// The files' hashes as the session sees them, for checking recalled results.
    public let hashes: FileHashes

    /// `files`: data files other sessions already read (a backtest's lanes share one).
    public init(_ options: SessionOptions, scripts: any ScriptSource = SnapshotScriptSource(),
                files: MarketFiles = MarketFiles(),
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
                                       live: options.live ? LiveSources(cacheDirectory: ProjectPaths.join(paths.root, ".moondesk/cache")) : nil,
                                       files: files)
        runtime = DeskRuntime(paths: paths, scripts: scripts, market: market, print: print)
        hashes = FileHashes(scripts: scripts)
        let state = try runtime.makeState()
        agent = try Agent.load(options.agentPath, in: state, clock: market.clock.cutoff)
        modules = ModuleFiles(agentPath: agent.path, paths: paths, scripts: scripts)
        if options.plan.profile == nil { try presets.check(profile: agent.profile, flag: "\(agent.path): profile") }
        settings = try? LuaGraph.settings(agent, profile: options.plan.profile ?? agent.profile, presets: presets,
                                         directory: modules.directory,
                                         clock: market.clock.cutoff)
        _ = try Planner.config(agent, request: options.plan, presets: presets, settings: settings)   // bad presets: now
    }

    /// Moves the session to another as-of: the next decision sees the same files cut there, and keeps the states,
    /// the agent and the compiled scripts (a backtest's walk forward). Not while a decision runs.
    public func move(asOf: Int64) throws {
        try runtime.move(to: runtime.market.at(asOf: asOf))
    }

    /// Closes the live providers' HTTP client, if any.
    public func close() async { await runtime.market.live?.shutdown() }

    /// Plans with the agent's Lua rules.
    public func plan() throws -> ResearchPlan {
        try Planner.plan(agent, request: options.plan, presets: presets, settings: settings, clock: runtime.market.clock.cutoff,
                         paths: paths, modules: modules)
    }
}

/// Values a session computes once while its scripts' `resolutionKey` stays the same (nil: every time): a hot reload
/// changes the key, so nothing stale is kept.
final class SessionMemo: Sendable {
    private let table = Mutex<(key: Int?, values: [String: LuaValue])>((nil, [:]))

    func value(_ name: String, key: Int?, _ make: () throws -> LuaValue) rethrows -> LuaValue {
        guard let key else { return try make() }
        if let known = table.withLock({ $0.key == key ? $0.values[name] : nil }) { return known }
        let made = try make()
        table.withLock { t in
            if t.key != key { t = (key, [:]) }
            t.values[name] = made
        }
        return made
    }
}
