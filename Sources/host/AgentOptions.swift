import ArgumentParser
import Foundation
import LuaHost
import Moondesk

/// What every command taking an agent shares: the agent, the pair, the profile, the project, the verbosity.
struct AgentBasics: ParsableArguments {
    @Argument(help: "The agent script, e.g. agents/balanced.lua.")
    var agent: String

    @Option(help: "The trading pair to decide on.")
    var symbol: String = "BTC/USDT"

    @Option(help: "Risk profile: balanced, conservative, aggressive or one of config/planning.yaml (default: the agent's own).")
    var profile: String?

    @Option(help: ArgumentHelp("The project folder (agents/, config/, data/); default: the one holding the agent.", valueName: "DIR"))
    var project: String?

    @Flag(name: .shortAndLong, help: "Only errors on stderr (no progress).")
    var quiet = false

    @Flag(name: .shortAndLong, help: "More on stderr: retries with their delays, node summaries, debug logs.")
    var verbose = false

    var verbosity: Verbosity { Verbosity(quiet: quiet, verbose: verbose) }

    func validate() throws {
        if quiet && verbose { throw ValidationError("--quiet and --verbose cannot be used together") }
        if let project {
            var folder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: project, isDirectory: &folder), folder.boolValue else {
                throw ValidationError("--project \(project): no such folder")
            }
        }
    }

    func sessionOptions() -> SessionOptions {
        HostLogging.bootstrap(verbosity)
        var options = SessionOptions(agentPath: agent)
        options.plan.symbol = symbol
        options.plan.profile = profile
        options.projectRoot = project
        return options
    }

    var paths: ProjectPaths { project.map { ProjectPaths(root: $0) } ?? ProjectPaths.containing(agent) }
}

/// Options of the commands that plan and decide (`plan`, `run`, `watch`).
struct AgentOptions: ParsableArguments {
    @OptionGroup var basics: AgentBasics

    @Option(name: .customLong("max-parallel"), help: "Executor slots (max_parallel_tasks), 1 or more.")
    var maxParallel: Int?

    @Option(name: .customLong("max-cost"), help: "Budget for the plan's estimated cost, in USD.")
    var maxCost: Double?

    @Option(name: .customLong("max-seconds"), help: "Budget for the plan's simulated parallel time, in seconds.")
    var maxSeconds: Double?

    @Flag(help: "Run tasks one at a time (enable_parallel_tasks: false).")
    var sequential = false

    @Option(help: ArgumentHelp("A candle CSV instead of the bundled series (e.g. data/samples/candles.csv).", valueName: "FILE.csv"))
    var data: String?

    @Option(help: ArgumentHelp("News as JSON lines: time, title, body, source (e.g. data/samples/news.jsonl).", valueName: "FILE.jsonl"))
    var news: String?

    @Option(name: .customLong("as-of"), help: "Decide as of this instant, with only the data known then: YYYY-MM-DD is the end of that UTC day (24:00); a time without zone is UTC (docs/POINT_IN_TIME.md).")
    var asOf: String?

    @Flag(help: "Reach the live data providers (Binance, alternative.me, blockchain.com, FRED with FRED_API_KEY, the agent's news feeds).")
    var live = false

    @Flag(help: "Print one JSON object instead of text (with watch: one per run, NDJSON); docs/CLI.md has the schemas.")
    var json = false

    var agent: String { basics.agent }
    var verbosity: Verbosity { basics.verbosity }

    func validate() throws {
        if let maxParallel, maxParallel < 1 {
            throw ValidationError("--max-parallel \(maxParallel): expected 1 or more executor slots")
        }
        if let maxCost, !(maxCost.isFinite && maxCost >= 0) {
            throw ValidationError("--max-cost \(maxCost): expected a number of USD, 0 or more")
        }
        if let maxSeconds, !(maxSeconds.isFinite && maxSeconds > 0) {
            throw ValidationError("--max-seconds \(maxSeconds): expected a number of seconds above 0")
        }
        if sequential, let maxParallel, maxParallel > 1 {
            throw ValidationError("--sequential runs one task at a time: it cannot be used with --max-parallel \(maxParallel)")
        }
        for (flag, file) in [("--data", data), ("--news", news)] {
            if let file, !FileManager.default.fileExists(atPath: file) {
                throw ValidationError("\(flag) \(file): no such file")
            }
        }
    }

    /// With `--live` and no `--data`, the candles come from Binance; when it cannot be reached the bundled series
    /// stands in, and the run says so first (a substitution: the run is degraded).
    func liveSession(print: @escaping @Sendable (String) -> Void = { Output.error($0) }) async throws -> Session {
        guard live, data == nil else { return try session() }
        let (path, warning) = await LiveCandles.fetch(symbol: basics.symbol, paths: basics.paths)
        var substitutions: [String] = []
        if let warning {
            Diagnostics.warning("live candles: \(warning)")
            substitutions.append("live candles: \(warning)")
        }
        return try session(dataPath: path, substitutions: substitutions)
    }

    func session(dataPath: String? = nil, substitutions: [String] = [],
                 scripts: any ScriptSource = SnapshotScriptSource()) throws -> Session {
        var options = try sessionOptions(dataPath: dataPath)
        options.substitutions = substitutions
        return try Session(options, scripts: scripts, print: { Output.error($0) })
    }

    /// What a session for these options is made from.
    func sessionOptions(dataPath: String? = nil) throws -> SessionOptions {
        var options = basics.sessionOptions()
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

/// Runs a command body, turning Moondesk's errors into one line on stderr (and, with `json`, one JSON object on
/// stdout) and the documented exit codes (`ExitStatus`).
func reportingErrors(json: Bool = false, _ body: () async throws -> Void) async throws {
    do {
        try await body()
    } catch let error as ExitCode {
        throw error
    } catch {
        let classified = MoondeskError.from(error)
        Diagnostics.error(Palette.stderr.error(classified.description))
        if json { JSONOutput.failure(classified) }
        throw ExitCode(ExitStatus.of(classified).rawValue)
    }
}
