import ArgumentParser
import Foundation
import Journal
import LuaHost
import Moondesk

/// `host show RUN`: a recorded run as its command printed it.
struct ShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Print a recorded run as the command printed it (RUN: an id, a prefix of one, or last).",
        usage: "host show <run> [<options>]",
        discussion: """
            Examples:
              host show last
              host show 3f2a --json
            """
    )

    @Argument(help: "The run: its id, a unique prefix of it, or last.") var run: String
    @OptionGroup var file: JournalFileOptions
    @Flag(help: "Print the run's JSON object.") var json = false

    func run() async throws {
        try await reportingErrors(json: json) {
            let entry = try file.open().run(run)
            if json {
                guard let text = entry.outputJSON, let object = try? LuaValue.parseJSON(text) else {
                    throw MoondeskError(.failure, "run \(entry.id) did not finish (\(entry.shownStatus)): nothing was printed yet; host resume \(entry.id) goes on")
                }
                JSONOutput.emit(object, schema: ["backtest", "sweep"].contains(entry.command) ? entry.command : "decision")
            } else {
                guard let text = entry.outputText else {
                    throw MoondeskError(.failure, "run \(entry.id) did not finish (\(entry.shownStatus)): nothing was printed yet; host resume \(entry.id) goes on")
                }
                Output.out(text)
            }
        }
    }
}
