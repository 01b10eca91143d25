import ArgumentParser
import Moondesk

/// `host watch AGENT.lua`: the research loop with hot reload.
struct WatchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch",
        abstract: "Decide, then re-decide whenever a script, the config or the data changes (hot reload).",
        discussion: """
            Watches the agent, everything under agents/ it uses, config/planning.yaml and the data file. A changed node re-runs from that node on, reusing the research; a changed handler re-runs its tasks and their dependents; a changed planner, agent or config re-plans and re-runs only the tasks whose definition changed. A script that does not compile keeps its last good version: its error (file:line) is shown and the watch goes on. A run in progress finishes on the scripts it started with.

            With --json each run prints one JSON object per line (NDJSON) with its run.scripts hashes and a `reload` object (changed, resumed_at, rerun_tasks, since_last); a problem prints {"status": "failed", "error": {kind, message, file, line}} (docs/CLI.md).

            Examples:
              host watch agents/balanced.lua
              host watch agents/balanced.lua --json | jq -c '.decision'

            Ctrl-C stops watching (exit 130; SIGTERM 143, SIGHUP 129).

            \(ExitStatus.helpTable)
            """
    )

    @OptionGroup var options: AgentOptions
    @OptionGroup var execution: RunOptions
    @OptionGroup var journaling: JournalOptions

    func validate() throws {
        if execution.strict { throw ValidationError("--strict sets the exit code of one run; watch goes on (use host run --strict)") }
    }

    func run() async throws {
        try await reportingErrors(json: options.json) { try await WatchLoop(options: options, execution: execution, journaling: journaling).start() }
    }
}
