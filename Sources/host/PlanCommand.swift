import ArgumentParser
import Moondesk

/// `host plan AGENT.lua`: the research plan, its schedule and estimates, without running it.
struct PlanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Show the research plan an agent makes: tasks, schedule, estimates and budgets.",
        discussion: """
            Examples:
              host plan agents/balanced.lua
              host plan agents/conservative.lua --max-parallel 2 --max-cost 0.12 --json

            \(HelpText.exitCodes)
            """
    )

    @OptionGroup var options: AgentOptions

    func run() async throws {
        try await reportingErrors {
            let plan = try options.session().plan()
            if options.json {
                print(PlanReport.json(plan).jsonText())
            } else {
                print(PlanReport.text(plan), terminator: "")
            }
        }
    }
}
