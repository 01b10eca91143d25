/// The exit codes of every `host` command, in one table (the help, docs/CLI.md and the tests use it). A new
/// command maps its outcome with `of(_:)` and `of(run:strict:)` rather than picking numbers of its own.
public enum ExitStatus: Int32, CaseIterable, Sendable {
    /// A decision was made (a degraded run too: it warns, naming what is missing); plan, graph, script, test:
    /// success.
    case decided = 0
    /// No decision: a node failed or the graph could not finish; a script raised an error; a test case failed;
    /// `lookahead` found a difference.
    case noDecision = 1
    /// Bad input: a script that does not compile, a plan, graph, config or data problem, bad arguments.
    case badInput = 2
    /// A degraded run under `--strict`, or research stopped by `--fail-fast`.
    case degraded = 3
    /// Interrupted by Ctrl-C (SIGINT); SIGHUP gives 129 and SIGTERM 143 (128 + the signal). What completed is
    /// kept and printed.
    case interrupted = 130

    public var meaning: String {
        switch self {
        case .decided: return "a decision was made (a degraded run too, with warnings); success"
        case .noDecision: return "no decision: a node or the graph failed; a script or a test failed"
        case .badInput: return "bad input: script, plan, graph, config, data or arguments"
        case .degraded: return "degraded run under --strict, or research stopped by --fail-fast"
        case .interrupted: return "interrupted: Ctrl-C (SIGHUP 129, SIGTERM 143); completed work is kept"
        }
    }

    /// The code for a failure.
    public static func of(_ error: MoondeskError) -> ExitStatus {
        switch error.kind {
        case .badInput: return .badInput
        case .failure: return .noDecision
        case .interrupted: return .interrupted
        }
    }

    /// The code for a finished decision run: its failure's, else 3 when `strict` and the run is degraded or the
    /// research was stopped by fail-fast, else 0.
    public static func of(run: DecisionRun, strict: Bool) -> ExitStatus {
        if let failure = run.failure { return of(failure) }
        if run.stoppedByFailFast { return .degraded }
        if strict, !run.degradation.isEmpty { return .degraded }
        return .decided
    }

    /// The code a process exits with after `signal` stopped it (128 + the signal's number).
    public static func interrupted(bySignal signal: Int32) -> Int32 { 128 + signal }

    /// The table as help text, one code a line, within 80 columns.
    /// Built with `+=`: every command's help builds it at start, and the generic `joined` it had used (with
    /// NSString padding) cost about a millisecond there.
    public static var helpTable: String {
        var table = "Exit codes:"
        for status in allCases {
            let code = String(status.rawValue)
            table += "\n  " + code + String(repeating: " ", count: max(0, 5 - code.count)) + status.meaning
        }
        return table
    }
}
