import ArgumentParser
import Foundation
import Journal
import LuaHost
import Moondesk

/// `host resume RUN`: goes on with an interrupted or crashed run, running only what had not completed.
struct ResumeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resume",
        abstract: "Continue an interrupted or crashed run: only the tasks, nodes and bars that had not completed run.",
        usage: "host resume <run> [<options>]",
        discussion: """
            The run's command runs again in its folder, with its arguments, recording into the same run; each result it had recorded stands in for running it again. A script or data file that changed since the run was recorded stops the resume, naming the file, unless --allow-changed: then only what the change affects runs again.

            Examples:
              host resume last
              host resume 3f2a --json
              host resume 3f2a --allow-changed
            """
    )

    @Argument(help: "The run: its id, a unique prefix of it, or last.") var run: String
    @OptionGroup var file: JournalFileOptions
    @Flag(name: .customLong("allow-changed"), help: "Resume even though scripts or data changed: re-run what the change affects.")
    var allowChanged = false
    @Flag(help: "Print one JSON object (as the run's command does with --json).") var json = false

    func run() async throws {
        var arguments: [String] = []
        try await reportingErrors(json: json) {
            let journal = try file.open()
            let entry = try journal.run(run)
            guard ["run", "backtest", "sweep"].contains(entry.command) else {
                throw MoondeskError(.badInput, "run \(entry.id) is a \(entry.command) run: host run, backtest and sweep runs resume")
            }
            switch entry.shownStatus {
            case "running":
                throw MoondeskError(.badInput, "run \(entry.id) is still running (process \(entry.pid) on \(entry.host))")
            case "completed", "degraded", "failed":
                throw MoondeskError(.badInput, "run \(entry.id) already finished (\(entry.status)): host show \(entry.id) prints it, host replay \(entry.id) re-checks it")
            default: break
            }
            guard FileManager.default.changeCurrentDirectoryPath(entry.directory) else {
                throw MoondeskError(.badInput, "run \(entry.id) ran in \(entry.directory), which no longer exists")
            }
            let changed = try RecordedFiles.changed(in: journal, run: entry.id)
            if let first = changed.first, !allowChanged {
                throw MoondeskError(.badInput, "\(first) changed since run \(entry.id) was recorded"
                    + (changed.count > 1 ? " (and \(changed.count - 1) more file\(changed.count > 2 ? "s" : ""))" : "")
                    + ": pass --allow-changed to re-run only what the change affects, or start a new run")
            }
            ResumeRequest.current = ResumeRequest(journal: journal.path, run: entry)
            arguments = entry.arguments
            if json, !arguments.contains("--json") { arguments.append("--json") }
        }
        var command = try Host.parseAsRoot(arguments)
        if var async = command as? AsyncParsableCommand { try await async.run() } else { try command.run() }
    }
}
