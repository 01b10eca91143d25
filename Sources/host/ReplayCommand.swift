import ArgumentParser
import Foundation
import Journal
import LuaHost
import Moondesk

/// `host replay RUN`: runs a recorded run again from its recorded scripts and data, offline, and says whether
/// every task result, node output and the decision came out identical.
struct ReplayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Re-execute a recorded run from its recorded scripts and data; report whether every result is identical.",
        usage: "host replay <run> [<options>]",
        discussion: """
            The recorded versions of the run's scripts, config and data are written to a temporary folder and the run's command runs there again (no cache, no network: a --live run's provider answers come from the journal). Every task result, node output, bar and the decision are compared with the record; a difference is shown result by result, with the first place the values part.

            Exit codes: 0 identical; 1 a result differs or the replay failed; 2 bad input (no such run, a file not recorded).

            Examples:
              host replay last
              host replay 3f2a --json
            """
    )

    @Argument(help: "The run: its id, a unique prefix of it, or last.") var run: String
    @OptionGroup var file: JournalFileOptions
    @Flag(help: "Print one JSON object instead of text.") var json = false
    @Flag(name: .shortAndLong, help: "Show what the replayed command printed on stderr.") var verbose = false

    func run() async throws {
        try await reportingErrors(json: json) {
            let journal = try file.open()
            let entry = try journal.run(run)
            let folder = try Replay.materialize(entry, from: journal)
            defer { try? FileManager.default.removeItem(atPath: folder.root) }
            let replayed = try Replay.execute(entry, in: folder, verbose: verbose)
            let comparison = try Replay.compare(recorded: entry, in: journal, replayed: replayed, folder: folder)
            if json {
                JSONOutput.emit(comparison.json(run: entry.id), schema: "replay")
            } else {
                Output.out(comparison.text(run: entry.id))
            }
            if !comparison.identical { throw ExitCode(ExitStatus.noDecision.rawValue) }
        }
    }
}
