import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A child process started with posix_spawn and reaped with waitpid, its output in files. (Foundation's
/// `Process` was seen here to miss a child's exit when waited for inside a static initializer; this cannot.)
final class Subprocess: @unchecked Sendable {
    let pid: pid_t
    let outPath: String, errPath: String
    private let lock = NSLock()
    private var exit: Int32?

    /// Starts `exe arguments` in `directory` (through `env -C`) with `environment` added to this process's.
    init(_ exe: String, _ arguments: [String], directory: String = "/", environment: [String: String?] = [:]) throws {
        let base = NSTemporaryDirectory() + "moondesk-proc-\(UUID().uuidString.prefix(8))"
        outPath = base + ".out"
        errPath = base + ".err"
        var env = ProcessInfo.processInfo.environment
        for (k, v) in environment { env[k] = v }
        let argv = ["/usr/bin/env", "-C", directory, exe] + arguments
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        let cArgs = argv.map { strdup($0) } + [nil]
        let cEnv = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for p in cArgs + cEnv { free(p) } }
        var child: pid_t = 0
        let rc = posix_spawn(&child, "/usr/bin/env", &actions, nil, cArgs, cEnv)
        guard rc == 0 else { throw NSError(domain: "Subprocess", code: Int(rc), userInfo: [NSLocalizedDescriptionKey: "cannot start \(exe): \(String(cString: strerror(rc)))"]) }
        pid = child
    }

    var stdout: String { (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? "" }
    var stderr: String { (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? "" }

    /// The exit status once it has ended (a signal's death as 128 + the signal), nil while it runs.
    var status: Int32? {
        lock.withLock {
            if let exit { return exit }
            var s: Int32 = 0
            guard waitpid(pid, &s, WNOHANG) == pid else { return nil }
            let code = (s & 0x7f) == 0 ? (s >> 8) & 0xff : 128 + (s & 0x7f)
            exit = code
            return code
        }
    }
    var isRunning: Bool { status == nil }

    func signal(_ number: Int32) { if isRunning { kill(pid, number) } }

    /// SIGKILL, and reaped.
    func kill9() {
        signal(SIGKILL)
        while isRunning { usleep(5_000) }
    }

    /// Blocks until it ends (at most `seconds`: then killed, nil).
    func waitBlocking(seconds: Double = 600) -> Int32? {
        let deadline = Date().addingTimeInterval(seconds)
        while isRunning, Date() < deadline { usleep(10_000) }
        if isRunning { kill9(); return nil }
        return status
    }

    /// Waits without holding a thread (polling).
    func wait(seconds: Double) async -> Int32? {
        let deadline = Date().addingTimeInterval(seconds)
        while isRunning, Date() < deadline { try? await Task.sleep(for: .milliseconds(30)) }
        if isRunning { kill9(); return nil }
        return status
    }
}
