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

            The estimates are the planner's, not measurements: a task's cost is what its data and API calls are expected to cost in USD (the run reports the actual_cost handlers return); its seconds are how long it is expected to take. Sequential time adds them up; parallel time is the simulated schedule on the executor's slots, following the dependencies.

            \(ExitStatus.helpTable)
            """
    )

    @OptionGroup var options: AgentOptions

    func run() async throws {
        try await reportingErrors(json: options.json) {
            let plan = try options.session().plan()
            if options.json {
                JSONOutput.emit(PlanReport.json(plan), schema: "plan")
            } else {
                Output.out(PlanReport.text(plan) + PlanReport.estimatesNote)
            }
        }
    }
}
