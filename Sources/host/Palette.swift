import Foundation
@preconcurrency import Rainbow

/// Colour for people at a terminal: the decision's action, warnings and errors. On when the stream is a
/// terminal and `TERM` is not `dumb`; off in a pipe or a file, and with `NO_COLOR` set (https://no-color.org).
/// `FORCE_COLOR=1` turns it on anywhere (Rainbow's rule: it wins over `NO_COLOR`). The escapes are Rainbow's.
struct Palette: Sendable {
    let enabled: Bool

    static let stdout = Palette(fd: 1)
    static let stderr = Palette(fd: 2)

    init(fd: Int32, environment: [String: String] = ProcessInfo.processInfo.environment) {
        func set(_ key: String) -> Bool { environment[key].map { !$0.isEmpty && $0 != "0" } ?? false }
        enabled = set("FORCE_COLOR")
            || (!set("NO_COLOR") && environment["TERM"]?.lowercased() != "dumb" && isatty(fd) != 0)
        if enabled {
            // Rainbow decides from stdout alone; this palette has decided for its own stream.
            Rainbow.enabled = true
            Rainbow.outputTarget = .console
        }
    }

    func warning(_ text: String) -> String { enabled ? text.yellow.bold : text }
    func error(_ text: String) -> String { enabled ? text.red.bold : text }
    func heading(_ text: String) -> String { enabled ? text.bold : text }
    func dim(_ text: String) -> String { enabled ? text.dim : text }

    /// BUY green, SELL red, HOLD yellow, bold.
    func action(_ text: String) -> String {
        guard enabled else { return text }
        switch text {
        case "BUY": return text.green.bold
        case "SELL": return text.red.bold
        default: return text.yellow.bold
        }
    }
}
