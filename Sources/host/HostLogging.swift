import Foundation
import Logging
import Synchronization

/// How much goes to stderr: `-q` errors only, the default progress lines, `-v` also retries with their delays,
/// node summaries and debug logs.
enum Verbosity: Sendable {
    case quiet, normal, verbose

    init(quiet: Bool, verbose: Bool) { self = quiet ? .quiet : verbose ? .verbose : .normal }

    var logLevel: Logger.Level {
        switch self {
        case .quiet: return .error
        case .normal: return .info
        case .verbose: return .debug
        }
    }
}

/// `desk.log` and Moondesk's own logs, through swift-log, as `[level] message` lines on stderr.
struct StderrLogHandler: LogHandler {
    var logLevel: Logger.Level
    var metadata: Logger.Metadata = [:]

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(level: Logger.Level, message: Logger.Message, metadata: Logger.Metadata?, source: String,
             file: String, function: String, line: UInt) {
        Diagnostics.error("[\(level)] \(message)")
    }
}

enum HostLogging {
    private static let done = Mutex(false)

    /// Routes swift-log to stderr at the verbosity's level (once per process; later calls do nothing).
    static func bootstrap(_ verbosity: Verbosity) {
        let first = done.withLock { already in
            defer { already = true }
            return !already
        }
        guard first else { return }
        let level = verbosity.logLevel
        LoggingSystem.bootstrap { _ in StderrLogHandler(logLevel: level) }
    }
}
