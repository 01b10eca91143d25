import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// The one writer of everything `host` prints. It never traps: a closed pipe (`host run ... | head -1`), a full
/// disk or any other write error ends writing to that stream, and the command still finishes (its decision,
/// trace and exit code are not lost). Foundation's `FileHandle.write` traps on such errors; `print` hides them.
enum Output {
    /// Why a stream stopped taking output (nil: it still does), per file descriptor 1 and 2.
    private static let broken = Mutex<[Int32: Int32]>([:])

    /// Once per process, first: a write to a closed pipe returns EPIPE instead of killing the process.
    static func prepare() {
        signal(SIGPIPE, SIG_IGN)
    }

    /// Text on stdout (results), as given: add the line break yourself or use `line`.
    static func out(_ text: String) { write(text, to: 1) }
    static func line(_ text: String) { write(text + "\n", to: 1) }
    /// A line on stderr (messages for people).
    static func error(_ line: String) { write(line + "\n", to: 2) }
    /// Raw text on stderr (the progress line redraws itself).
    static func errorRaw(_ text: String) { write(text, to: 2) }

    /// The error that stopped stdout, other than a closed pipe (the reader went away: not a failure of ours).
    static var stdoutFailure: String? {
        guard let code = broken.withLock({ $0[1] }), code != EPIPE else { return nil }
        return String(cString: strerror(code))
    }

    private static func write(_ text: String, to fd: Int32) {
        if broken.withLock({ $0[fd] }) != nil { return }
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { raw in
                Glibc.write(fd, raw.baseAddress! + offset, raw.count - offset)
            }
            if n > 0 { offset += n; continue }
            if n < 0, errno == EINTR || errno == EAGAIN { continue }
            let code = n < 0 ? errno : EIO
            broken.withLock { $0[fd] = code }
            if fd == 1, code != EPIPE {
                // Say once on stderr why the output is missing (the exit code says it too).
                write("host: cannot write to stdout: \(String(cString: strerror(code)))\n", to: 2)
            }
            return
        }
    }
}
