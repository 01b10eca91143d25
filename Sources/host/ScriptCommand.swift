import ArgumentParser
import Foundation
import LuaHost
import Moondesk

/// `host script FILE.lua [ARGS...]`: runs a Lua file in the sandbox with the `desk` basics.
struct ScriptCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "script",
        abstract: "Run a Lua file in Moondesk's sandbox.",
        discussion: """
            The script sees the sandboxed standard library and the whole desk API (desk.json, desk.sleep, desk.log, desk.candles, desk.ta, desk.sentiment...; docs/LUA_API.md); `arg` holds ARGS. On failure one line FILE:LINE: kind: message goes to stderr; the exit code is 2 when the file cannot be read or does not compile, 1 when it raises an error or hits a limit.

            Examples:
              host script hello.lua world
              host script --timeout 0.5 --memory 64 loop.lua

            \(ExitStatus.helpTable)
            """
    )

    @Option(help: "Seconds the script may run (CPU and waits), above 0.")
    var timeout: Double = 10

    @Option(help: "Megabytes the script may allocate, 1 up to the machine's memory.")
    var memory: Int = 256

    @Argument(help: "The Lua file to run.")
    var file: String

    @Argument(parsing: .captureForPassthrough, help: "Arguments for the script (in `arg`).")
    var args: [String] = []

    /// Longest `--timeout`: a year (longer ones would overflow the deadline's nanoseconds).
    static let maxTimeout: Double = 365 * 86_400

    func validate() throws {
        guard timeout.isFinite, timeout > 0 else {
            throw ValidationError("--timeout \(timeout): expected a number of seconds above 0")
        }
        guard timeout <= Self.maxTimeout else {
            throw ValidationError("--timeout \(timeout): at most \(Int(Self.maxTimeout)) seconds (a year)")
        }
        let physical = Int(clamping: ProcessInfo.processInfo.physicalMemory >> 20)
        guard memory >= 1 else { throw ValidationError("--memory \(memory): expected 1 megabyte or more") }
        guard memory <= physical else {
            throw ValidationError("--memory \(memory): more than this machine's \(physical) MB of memory")
        }
    }

    func run() async throws {
        HostLogging.bootstrap(.normal)
        let status = await ScriptRunner(file: file, args: args,
                                        limits: LuaLimits(timeout: timeout, memory: memory << 20)).run()
        if status != 0 { throw ExitCode(status) }
    }
}

/// Runs one script and reports its failure as one line on stderr.
struct ScriptRunner {
    var file: String
    var args: [String]
    var limits: LuaLimits
    var symbol = "BTC/USDT"
    var data: String?

    func run() async -> Int32 {
        guard FileManager.default.fileExists(atPath: file) else {
            Diagnostics.error("\(file): no such Lua file")
            return ExitStatus.badInput.rawValue
        }
        let state: LuaState, chunk: LuaRef
        do {
            let paths = ProjectPaths.containing(file)
            let market = try MarketContext(paths: paths, symbol: symbol, dataPath: data, asOf: nil, newsPath: nil)
            let runtime = DeskRuntime(paths: paths, market: market, print: { line in Output.line(line) })
            state = try runtime.makeState()
            chunk = try state.loadScript(file, globals: ["arg": .array(args.map { .string($0) })])
        } catch {
            // A file that cannot be read or compiled, or data that cannot be loaded: bad input.
            let classified = MoondeskError.from(error)
            Diagnostics.error(error is LuaError ? classified.description : "\(file): \(classified.description)")
            return ExitStatus.badInput.rawValue
        }
        do {
            _ = try await state.run(chunk, args.map { .string($0) }, limits: limits)
            return 0
        } catch {
            // An error while it runs (raised, a refusal, a limit) is the script's failure.
            Diagnostics.error(error is LuaError ? "\(error)" : "\(file): \(error)")
            return ExitStatus.noDecision.rawValue
        }
    }
}
