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
            The script sees the sandboxed standard library and the whole desk API (desk.json, desk.sleep, desk.log, desk.candles, desk.ta, desk.sentiment...; docs/LUA_API.md); `arg` holds ARGS. On failure one line FILE:LINE: kind: message goes to stderr and the exit code is 1.

            Examples:
              host script hello.lua world
              host script --timeout 0.5 --memory 64 loop.lua

            \(HelpText.exitCodes)
            """
    )

    @Option(help: "Seconds the script may run (CPU and waits).")
    var timeout: Double = 10

    @Option(help: "Megabytes the script may allocate.")
    var memory: Int = 256

    @Argument(help: "The Lua file to run.")
    var file: String

    @Argument(parsing: .captureForPassthrough, help: "Arguments for the script (in `arg`).")
    var args: [String] = []

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
        do {
            let paths = ProjectPaths.containing(file)
            let market = try MarketContext(paths: paths, symbol: symbol, dataPath: data, asOf: nil, newsPath: nil)
            let runtime = DeskRuntime(paths: paths, market: market, print: { line in print(line) })
            let state = try runtime.makeState()
            let chunk = try state.loadScript(file, globals: ["arg": .array(args.map { .string($0) })])
            _ = try await state.run(chunk, args.map { .string($0) }, limits: limits)
            return 0
        } catch let error as LuaError {
            Diagnostics.error(error.description)
            return 1
        } catch {
            Diagnostics.error("\(file): \(error)")
            return 1
        }
    }
}
