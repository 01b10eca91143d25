import Foundation

/// Messages for people: errors and log lines go to stderr, results to stdout.
enum Diagnostics {
    static func error(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}
