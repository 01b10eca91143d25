import ArgumentParser

/// `host`: Moondesk's command-line tool.
@main
struct Host: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "host",
        abstract: "Moondesk: Lua-scripted research agents for crypto trading decisions.",
        discussion: """
            Examples:
              host agents/balanced.lua                 research BTC/USDT with the balanced agent
              host plan agents/balanced.lua --json     the research plan and its estimates
              host script --timeout 2 tools/check.lua  run a Lua file in the sandbox

            Exit codes: 0 success, 1 error, 2 bad input (script, plan, config, data), 130 interrupted.
            """,
        subcommands: [RunCommand.self, PlanCommand.self, GraphCommand.self, WatchCommand.self, ScriptCommand.self],
        defaultSubcommand: RunCommand.self
    )
}
