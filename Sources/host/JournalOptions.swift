import ArgumentParser
import Foundation
import Journal
import Moondesk

/// Where runs are recorded (`host run`, `watch`, `backtest`) and whether earlier results may be reused.
struct JournalOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The run journal (SQLite); default: .moondesk/runs.sqlite in the project.", valueName: "FILE"))
    var journal: String?

    @Flag(name: .customLong("no-journal"), help: "Do not record the run (nor reuse earlier results).")
    var noJournal = false

    @Flag(name: .customLong("no-cache"), help: "Run every task and node, reusing no result recorded by an earlier run.")
    var noCache = false

    func validate() throws {
        if noJournal, journal != nil { throw ValidationError("--journal and --no-journal cannot be used together") }
    }

    /// The journal file for a project.
    func path(project: ProjectPaths) -> String { journal ?? Journal.defaultPath(projectRoot: project.root) }
}

/// The journal options of the commands that read it (`runs`, `show`, `resume`, `replay`).
struct JournalFileOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The run journal (SQLite); default: .moondesk/runs.sqlite in the project.", valueName: "FILE"))
    var journal: String?

    @Option(help: ArgumentHelp("The project folder whose journal to read; default: the current one.", valueName: "DIR"))
    var project: String?

    var path: String { journal ?? Journal.defaultPath(projectRoot: project ?? ".") }

    func open() throws -> Journal {
        do { return try Journal.existing(path: path) } catch { throw MoondeskError(.badInput, error.message) }
    }
}

/// What `host resume` asks of the command it runs again: go on recording that run, recalling its results.
struct ResumeRequest: Sendable {
    var journal: String
    var run: RunEntry
    /// Whether results of other runs may be reused too (the resumed command's own --no-cache says no).
    nonisolated(unsafe) static var current: ResumeRequest?
}
