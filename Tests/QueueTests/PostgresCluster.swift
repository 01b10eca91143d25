import Foundation
import Queue

/// A throwaway PostgreSQL cluster for the tests: `initdb` in a temporary folder (as the `postgres` user when
/// the tests run as root: initdb refuses root), password authentication, listening on a free loopback port;
/// stopped by `stop()` and, for any still running, when the test process exits.
final class PostgresCluster: @unchecked Sendable {
    let folder: String
    let port: Int
    let user = "moondesk"
    let password = "moondesk-test-password"
    private static let lock = NSLock()
    nonisolated(unsafe) private static var running: [String] = []

    /// The shared cluster of a test process (each test takes a database of its own in it).
    static let shared: PostgresCluster = try! PostgresCluster.start()

    static var binaries: String {
        let fm = FileManager.default
        let versions = ((try? fm.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? []).sorted { (Int($0) ?? 0) > (Int($1) ?? 0) }
        for v in versions where fm.fileExists(atPath: "/usr/lib/postgresql/\(v)/bin/initdb") { return "/usr/lib/postgresql/\(v)/bin" }
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") where fm.fileExists(atPath: "\(dir)/initdb") {
            return String(dir)
        }
        fatalError("PostgreSQL's initdb is not installed: run scripts/test (it installs Debian's postgresql) or apt-get install postgresql")
    }

    private init(folder: String, port: Int) {
        self.folder = folder
        self.port = port
    }

    static func start() throws -> PostgresCluster {
        let folder = NSTemporaryDirectory() + "moondesk-pg-" + UUID().uuidString.prefix(8)
        let fm = FileManager.default
        try fm.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let cluster = PostgresCluster(folder: folder, port: freePort())
        try cluster.password.write(toFile: folder + "/pw", atomically: true, encoding: .utf8)
        if getuid() == 0 { _ = try run("/bin/chown", ["-R", serviceUser, folder]) }
        try cluster.pg("initdb", ["-D", folder + "/data", "-U", cluster.user, "--pwfile=" + folder + "/pw",
                                  "--auth=scram-sha-256", "-E", "UTF8", "--no-sync", "--no-instructions"])
        try cluster.pg("pg_ctl", ["-D", folder + "/data", "-l", folder + "/log", "-w", "-t", "30", "-o", cluster.serverOptions, "start"])
        lock.withLock { running.append(folder) }
        // A watchdog outlives a test process that crashed or was killed: it stops the server when we are gone.
        let stop = (asService(binaries + "/pg_ctl") == binaries + "/pg_ctl" ? [] : ["/usr/sbin/runuser", "-u", serviceUser, "--"])
            + [binaries + "/pg_ctl", "-D", folder + "/data", "-m", "immediate", "stop"]
        _ = try? Subprocess("/bin/sh", ["-c", "while kill -0 \(getpid()) 2>/dev/null && [ -d '\(folder)' ]; do sleep 1; done; [ -d '\(folder)' ] && \(stop.joined(separator: " ")) >/dev/null 2>&1; rm -rf '\(folder)'"])
        if lock.withLock({ running.count == 1 }) { atexit { PostgresCluster.stopAll() } }
        return cluster
    }

    var serverOptions: String {
        "-p \(port) -k \(folder) -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200 -c shared_buffers=32MB"
    }

    func url(_ database: String, password: String? = nil) -> String {
        "postgres://\(user):\(password ?? self.password)@127.0.0.1:\(port)/\(database)"
    }

    /// A new, empty database; returns its URL.
    func database(_ name: String) async throws -> String {
        let admin = QueueLink(try QueueAddress.parse(url("postgres")))
        try await admin.execute("CREATE DATABASE \(name)", migrate: false)
        await admin.close()
        return url(name)
    }

    /// `pg_ctl stop -m fast`, `downFor` seconds without a server, `pg_ctl start`: every connection is cut, and
    /// whoever tries in between finds no server.
    func restart(downFor seconds: Double) throws {
        try pg("pg_ctl", ["-D", folder + "/data", "-w", "-t", "30", "-m", "fast", "stop"])
        Thread.sleep(forTimeInterval: seconds)
        try pg("pg_ctl", ["-D", folder + "/data", "-l", folder + "/log", "-w", "-t", "30", "-o", serverOptions, "start"])
    }

    func stop() {
        _ = try? pg("pg_ctl", ["-D", folder + "/data", "-w", "-t", "30", "-m", "immediate", "stop"])
        try? FileManager.default.removeItem(atPath: folder)
        Self.lock.withLock { Self.running.removeAll { $0 == folder } }
    }

    static func stopAll() {
        // At exit no child is started: the postmaster's pid file says whom to send SIGQUIT (immediate shutdown).
        for folder in lock.withLock({ running }) {
            if let text = try? String(contentsOfFile: folder + "/data/postmaster.pid", encoding: .utf8),
               let pid = text.split(separator: "\n").first.flatMap({ Int32($0) }) {
                kill(pid, SIGQUIT)
            }
            try? FileManager.default.removeItem(atPath: folder)
        }
    }

    @discardableResult
    private func pg(_ tool: String, _ arguments: [String]) throws -> String {
        let exe = Self.binaries + "/" + tool
        return try Self.run(Self.asService(exe), Self.asServiceArguments(exe, arguments))
    }

    static var serviceUser: String { (getpwnam("postgres") != nil) ? "postgres" : "nobody" }
    static func asService(_ exe: String) -> String { getuid() == 0 ? "/usr/sbin/runuser" : exe }
    static func asServiceArguments(_ exe: String, _ arguments: [String]) -> [String] {
        getuid() == 0 ? ["-u", serviceUser, "--", exe] + arguments : arguments
    }

    @discardableResult
    static func run(_ exe: String, _ arguments: [String]) throws -> String {
        let p = try Subprocess(exe, arguments)
        let status = p.waitBlocking(seconds: 120)
        let text = p.stdout + p.stderr
        try? FileManager.default.removeItem(atPath: p.outPath)
        try? FileManager.default.removeItem(atPath: p.errPath)
        guard status == 0 else {
            throw NSError(domain: "PostgresCluster", code: Int(status ?? -1), userInfo: [NSLocalizedDescriptionKey: "\(exe) \(arguments.joined(separator: " ")): \(text)"])
        }
        return text
    }

    /// A loopback port nothing listens on now.
    static func freePort() -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = 0
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, len) } }
        _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) } }
        return Int(UInt16(bigEndian: addr.sin_port))
    }
}
