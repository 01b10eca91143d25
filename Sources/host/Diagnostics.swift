/// Messages for people: errors and log lines go to stderr, results to stdout (both through `Output`).
enum Diagnostics {
    static func error(_ line: String) { Output.error(line) }

    /// A warning line: `warning: ...`, in yellow on a terminal.
    /// A line for people about what happened besides the result (e.g. what the journal recorded).
    static func note(_ text: String) { Output.error(text) }

    static func warning(_ text: String) { Output.error(Palette.stderr.warning("warning: ") + text) }
}
