/// Messages for people: errors and log lines go to stderr, results to stdout (both through `Output`).
enum Diagnostics {
    static func error(_ line: String) { Output.error(line) }

    /// A warning line: `warning: ...`, in yellow on a terminal.
    static func warning(_ text: String) { Output.error(Palette.stderr.warning("warning: ") + text) }
}
