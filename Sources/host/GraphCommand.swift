import ArgumentParser
import Foundation
import Moondesk
import Orchestrator

/// `host graph AGENT.lua`: the agent's decision graph as Mermaid, checked.
struct GraphCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "graph",
        abstract: "Print an agent's decision graph as a Mermaid flowchart (after checking it).",
        usage: "host graph <agent> [<options>]",
        discussion: """
            The graph is agents/graph.lua with the agent's own changes (its `graph = function(g, ctx)`). Every problem (unknown node or module, unreachable node, edge to nowhere) is listed with its file and line and the exit code is 2. The output is Mermaid text only (no --json).

            Examples:
              host graph agents/balanced.lua
              host graph agents/examples/contrarian.lua > graph.mmd

            \(ExitStatus.helpTable)
            """
    )

    @OptionGroup var options: AgentBasics

    func run() async throws {
        try await reportingErrors {
            let session = try Session(options.sessionOptions(), print: { Output.error($0) })
            let runner = try session.nodeRunner()
            let graph = try session.graph(runner: runner)
            Output.out(Mermaid.render(graph))
        }
    }
}
