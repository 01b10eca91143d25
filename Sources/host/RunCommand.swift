import ArgumentParser
import Foundation

/// `host run AGENT.lua`: plan, research and decide (the default subcommand).
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Plan, research and decide with an agent script."
    )

    @Argument(help: "The agent script, e.g. agents/balanced.lua.")
    var agent: String

    func run() async throws {
        guard FileManager.default.fileExists(atPath: agent) else {
            Diagnostics.error("\(agent): no such agent script (the agents are agents/balanced.lua, agents/conservative.lua, agents/aggressive.lua)")
            throw ExitCode(2)
        }
        Diagnostics.error("\(agent): running agents is not built yet: the planner, executor and orchestrator are still missing (see docs/ARCHITECTURE.md); `host script FILE.lua` runs Lua files now")
        throw ExitCode(1)
    }
}
