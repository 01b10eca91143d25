import ArgumentParser
import Foundation
import LuaHost
import Moondesk

/// Options every agent command shares (`plan`, `run`).
struct AgentOptions: ParsableArguments {
    @Argument(help: "The agent script, e.g. agents/balanced.lua.")
    var agent: String

    @Option(help: "The trading pair to decide on.")
    var symbol: String = "BTC/USDT"

    @Option(help: "Risk profile (default: the agent's own).")
    var profile: String?

    @Option(name: .customLong("max-parallel"), help: "Executor slots (max_parallel_tasks).")
    var maxParallel: Int?

    @Option(name: .customLong("max-cost"), help: "Budget for the plan's estimated cost, in USD.")
    var maxCost: Double?

    @Option(name: .customLong("max-seconds"), help: "Budget for the plan's simulated parallel time, in seconds.")
    var maxSeconds: Double?

    @Flag(help: "Run tasks one at a time (enable_parallel_tasks: false).")
    var sequential = false

    @Option(help: "A candle CSV to use instead of the bundled series.")
    var data: String?

    @Option(help: "News texts as JSON lines (time, title, body, source).")
    var news: String?

    @Option(name: .customLong("as-of"), help: "Decide as of this instant, with only the data known then: YYYY-MM-DD is the end of that UTC day (24:00); a time without zone is UTC (docs/POINT_IN_TIME.md).")
    var asOf: String?

    @Flag(help: "Reach the live data providers (alternative.me, blockchain.com, FRED with FRED_API_KEY, news feeds from the agent's config.news_feeds).")
    var live = false

    @Flag(help: "Print one JSON object instead of text (with watch: one per run, NDJSON).")
    var json = false

    @Flag(name: .shortAndLong, help: "Only errors on stderr (no progress).")
    var quiet = false

    @Flag(name: .shortAndLong, help: "More on stderr: retries with their delays, node summaries, debug logs.")
    var verbose = false

    var verbosity: Verbosity { Verbosity(quiet: quiet, verbose: verbose) }

    /// With `--live` and no `--data`, the candles come from Binance (the bundled series when it cannot be reached).
    func liveSession() async throws -> Session {
        guard live, data == nil else { return try session() }
        let (path, warning) = await LiveCandles.fetch(symbol: symbol, paths: ProjectPaths.containing(agent))
        if let warning { Diagnostics.error("warning: live candles: \(warning)") }
        return try session(dataPath: path)
    }

    func session(dataPath: String? = nil, scripts: any ScriptSource = SnapshotScriptSource()) throws -> Session {
        try Session(sessionOptions(dataPath: dataPath), scripts: scripts)
    }

    /// What a session for these options is made from.
    func sessionOptions(dataPath: String? = nil) throws -> SessionOptions {
        HostLogging.bootstrap(verbosity)
        var options = SessionOptions(agentPath: agent)
        options.plan.symbol = symbol
        options.plan.profile = profile
        options.plan.maxParallel = maxParallel
        options.plan.maxCost = maxCost
        options.plan.maxSeconds = maxSeconds
        options.plan.sequential = sequential
        options.dataPath = dataPath ?? data
        options.newsPath = news
        options.live = live
        options.plan.live = live
        if let asOf { options.asOf = try PointInTime.parseAsOf(asOf) }
        return options
    }
}

/// Runs a command body, turning Moondesk's errors into one line on stderr and the documented exit codes.
func reportingErrors(_ body: () async throws -> Void) async throws {
    do {
        try await body()
    } catch let error as ExitCode {
        throw error
    } catch {
        let classified = MoondeskError.from(error)
        Diagnostics.error(classified.description)
        throw ExitCode(classified.kind == .badInput ? 2 : 1)
    }
}
