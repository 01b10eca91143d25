import ArgumentParser
import Foundation
import Journal
import LuaHost
import Moondesk

/// `host runs`: the journal's runs, newest first.
struct RunsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "runs",
        abstract: "List the runs recorded in the journal: id, time, agent, symbol, as-of, decision, status, duration.",
        usage: "host runs [<options>]",
        discussion: """
            Examples:
              host runs
              host runs --agent balanced.lua --limit 5
              host runs --json | jq -r '.runs[0].id'

            A run whose process is gone before it finished shows as crashed: `host resume ID` goes on from where it stopped.
            """
    )

    @OptionGroup var file: JournalFileOptions
    @Option(help: "Only the runs of this agent (its path, or the end of it: balanced.lua).") var agent: String?
    @Option(help: "How many runs to list.") var limit = 20
    @Flag(help: "Print one JSON object instead of the table.") var json = false

    func validate() throws {
        if limit < 1 { throw ValidationError("--limit \(limit): expected 1 or more") }
    }

    func run() async throws {
        try await reportingErrors(json: json) {
            let runs = try file.open().runs(agent: agent, limit: limit)
            if json {
                JSONOutput.emit(["runs": .array(runs.map(Self.json))], schema: "runs")
                return
            }
            guard !runs.isEmpty else { return Output.line("no runs recorded in \(file.path)") }
            var rows = [["ID", "STARTED (UTC)", "COMMAND", "AGENT", "SYMBOL", "AS-OF", "DECISION", "STATUS", "DURATION"]]
            for run in runs {
                rows.append([run.id, Self.time(run.startedAt), run.command, run.agent, run.symbol,
                             run.effectiveAsOf.map(MarketContext.isoDate) ?? "-", run.action ?? "-",
                             run.shownStatus + (run.passes > 1 ? " (\(run.passes) passes)" : ""),
                             run.durationSeconds.map { String(format: "%.2f s", $0) } ?? "-"])
            }
            let widths = rows[0].indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
            for row in rows {
                Output.line(zip(row, widths).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }.joined(separator: "  ")
                    .trimmingCharacters(in: .whitespaces))
            }
        }
    }

    static func time(_ epoch: Double) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss"
        return formatter.string(from: Date(timeIntervalSince1970: epoch))
    }

    static func json(_ run: RunEntry) -> LuaValue {
        [
            "id": .string(run.id), "command": .string(run.command), "agent": .string(run.agent), "symbol": .string(run.symbol),
            "profile": run.profile.map { .string($0) } ?? .nil,
            "started_at": .string(time(run.startedAt)), "as_of": run.effectiveAsOf.map { .integer($0) } ?? .nil,
            "as_of_date": run.effectiveAsOf.map { .string(MarketContext.isoDate($0)) } ?? .nil,
            "action": run.action.map { .string($0) } ?? .nil, "status": .string(run.shownStatus),
            "passes": .integer(Int64(run.passes)), "duration_seconds": run.durationSeconds.map { .number($0) } ?? .nil,
            "exit_code": run.exitCode.map { .integer(Int64($0)) } ?? .nil,
            "reused_tasks": .integer(Int64(run.reusedTasks)), "reused_nodes": .integer(Int64(run.reusedNodes)),
        ]
    }
}
