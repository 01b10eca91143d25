/// Help text every subcommand shares.
enum HelpText {
    static let exitCodes = "Exit codes: 0 decision made (or success), 1 error while running, 2 bad input (a script that does "
        + "not compile, a plan, graph or config problem, bad data), 130 interrupted (Ctrl-C keeps what completed)."
}
