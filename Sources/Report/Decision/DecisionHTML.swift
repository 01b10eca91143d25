import Foundation
import Moondesk

/// `host run --report FILE.html`: a decision as one self-contained HTML page (inline SVG, CSS and script, no
/// network): the candles with the indicators, the as-of and the levels; the decision; bull and bear evidence as
/// weighted bars; the run's nodes and tasks as a Gantt chart; the graph with the path taken; the warnings first.
public enum DecisionHTML {
    /// The page for a finished (completed, failed or cancelled) run.
    public static func html(_ run: DecisionRun, session: Session) throws -> String {
        try html(DecisionReportInput(run: run, session: session))
    }

    /// The page for a run that never started (the agent would not load, the graph is invalid): it says why.
    public static func failure(_ error: any Error, agent: String) throws -> String {
        try html(DecisionReportInput(agent: agent, failure: String(describing: MoondeskError.from(error))))
    }

    public static func html(_ input: DecisionReportInput) throws -> String {
        try ReportTemplates.render("decision", DecisionPageBuilder(input: input).page())
    }

    /// Writes `html` to `path`, saying which file could not be written.
    public static func write(_ html: String, to path: String) throws {
        do {
            try Data(html.utf8).write(to: URL(fileURLWithPath: path))
        } catch {
            throw MoondeskError(.failure, "--report \(path): cannot write the report: \(error.localizedDescription)")
        }
    }
}

extension DecisionHTML {
    /// Runs `body`; when it throws and a report was asked for, writes a report saying why the run could not
    /// start, then rethrows (so the command still exits as it would have).
    public static func reportingFailure<T>(to path: String?, agent: String, _ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch {
            if let path { try? write(try failure(error, agent: agent), to: path) }
            throw error
        }
    }
}
