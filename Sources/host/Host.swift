import ArgumentParser
import Foundation
import LuaHost
import Moondesk

/// `host`: Moondesk's command-line tool.
@main
struct Host: AsyncParsableCommand {
    /// Every subcommand, in the order `--help` lists them. A new command is one entry here and a file of its own.
    static let subcommands: [any ParsableCommand.Type] = [
        RunCommand.self, PlanCommand.self, GraphCommand.self, WatchCommand.self, ScriptCommand.self,
        LookaheadCommand.self, TestCommand.self, BacktestCommand.self, SweepCommand.self, WorkerCommand.self,
        RunsCommand.self, ShowCommand.self, ResumeCommand.self, ReplayCommand.self, NewCommand.self, VersionCommand.self,
    ]

    static let configuration = CommandConfiguration(
        commandName: "host",
        abstract: "Moondesk: Lua-scripted research agents for crypto trading decisions.",
        discussion: """
            Examples:
              host agents/balanced.lua           research BTC/USDT and decide (= host run)
              host run agents/conservative.lua --json
              host run agents/balanced.lua --as-of 2018-12-15 --trace run.json
              host watch agents/balanced.lua     re-decide when a script, config or data
                                                 file changes
              host plan agents/balanced.lua      the research plan and its estimates
              host graph agents/balanced.lua     the decision graph as Mermaid
              host script tools/check.lua        run a Lua file in the sandbox
              host lookahead agents/balanced.lua check for data after the as-of
              host backtest agents/balanced.lua  decide at every bar, trade, print statistics
              host sweep AGENT --set KEY=V1,V2   backtest a grid of config values, ranked
              host worker --queue postgres://... run queued sweeps on this machine
              host test                          the project's Lua tests (*_test.lua)
              host new my_strategy               a project folder with a working agent

            \(ExitStatus.helpTable)

            docs/CLI.md has the table and the JSON schemas of every --json output.
            """,
        version: DeskBasics.version,
        subcommands: subcommands,
        defaultSubcommand: RunCommand.self
    )

    /// Parses and runs, with Moondesk's exit codes: argument-parser's usage errors exit 2 (bad input) rather
    /// than 64, and with `--json` a usage error is also one JSON object on stdout.
    static func main() async {
        Output.prepare()
        let arguments = Array(CommandLine.arguments.dropFirst())
        // `host --version` / `-V`: the root's version, even though `run` is the default subcommand.
        if arguments == ["--version"] || arguments == ["-V"] {
            Output.line(DeskBasics.version)
            Foundation.exit(0)
        }
        do {
            var command = try parseAsRoot(arguments)
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
            Foundation.exit(finalStatus(0))
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                Output.out(fullMessage(for: error) + "\n")   // --help
                Foundation.exit(finalStatus(0))
            }
            if let exitCode = error as? ExitCode { Foundation.exit(finalStatus(exitCode.rawValue)) }
            let message = fullMessage(for: error)
            let status = code == .validationFailure || code.rawValue == 64 ? ExitStatus.badInput.rawValue : code.rawValue
            Diagnostics.error(message)
            if arguments.contains("--json") {
                let first = message.split(separator: "\n").first.map(String.init) ?? message
                let text = first.hasPrefix("Error: ") ? String(first.dropFirst(7)) : first
                JSONOutput.failure(MoondeskError(.badInput, text, category: "arguments"))
            }
            Foundation.exit(finalStatus(status))
        }
    }

    /// A command that printed its result to a stdout that could not take it (a full disk) did not deliver it:
    /// exit 1 then (a closed pipe is the reader's choice and keeps the code).
    static func finalStatus(_ status: Int32) -> Int32 {
        status == 0 && Output.stdoutFailure != nil ? ExitStatus.noDecision.rawValue : status
    }
}

/// `host version`: the same string as `host --version` and `desk.version`.
struct VersionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "version",
        abstract: "Print Moondesk's version (the same string as desk.version).")

    func run() throws { Output.line(DeskBasics.version) }
}
