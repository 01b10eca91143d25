import ArgumentParser

/// `host`: Moondesk's command-line tool.
@main
struct Host: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "host",
        abstract: "Moondesk: Lua-scripted research agents for crypto trading decisions.",
        discussion: """
            Examples:
              host agents/balanced.lua                      research BTC/USDT and decide (same as `host run`)
              host run agents/conservative.lua --json       the decision, plan, research and nodes as JSON
              host run agents/balanced.lua --as-of 2018-12-15 --trace run.json
              host watch agents/balanced.lua                re-decide whenever a script, the config or data changes
              host plan agents/balanced.lua --json          the research plan and its estimates
              host graph agents/balanced.lua                the decision graph as a Mermaid flowchart
              host script --timeout 2 tools/check.lua       run a Lua file in the sandbox
              host lookahead agents/balanced.lua            check that decisions use no data after their as-of
              host test                                     run the project's Lua tests (*_test.lua)

            Exit codes:
              0    a decision was made (plan, graph, script: success)
              1    an error while running (a node or task failed, a script raised an error)
              2    bad input: a script that does not compile, a plan, graph or config problem, bad data
              130  interrupted (Ctrl-C): what completed is kept and printed
            """,
        subcommands: [RunCommand.self, PlanCommand.self, GraphCommand.self, WatchCommand.self, ScriptCommand.self,
                      LookaheadCommand.self, TestCommand.self, BacktestCommand.self],
        defaultSubcommand: RunCommand.self
    )
}
