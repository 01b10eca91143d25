import Foundation

/// Runs the built `host` executable as a user would, and captures what it prints.
struct HostProcess {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
        var seconds: Double
    }

    /// The `host` binary built next to this test bundle.
    static var executable: String {
        let bundle = URL(fileURLWithPath: CommandLine.arguments.first(where: { $0.contains(".xctest") }) ?? CommandLine.arguments[0])
        return bundle.deletingLastPathComponent().appendingPathComponent("host").path
    }

    /// The package root (where agents/ and data/ live).
    static var packageRoot: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    }

    /// `run`, waited for off Swift's cooperative threads (a blocked pool thread would starve the other suites'
    /// timing-sensitive tests on a 2-core machine).
    static func launch(_ arguments: [String], in directory: String = packageRoot,
                       environment: [String: String] = [:], executable: String? = nil) async throws -> Result {
        try await offPool { try run(arguments, in: directory, environment: environment, executable: executable) }
    }

    /// `host arguments` started in the background, for signalling or killing it mid-run: its stdout and stderr as
    /// pipes (read them, or a chatty process blocks) or, with `capture` false, discarded.
    static func start(_ arguments: [String], in directory: String = packageRoot,
                      capture: Bool = true) throws -> (process: Process, out: Pipe, err: Pipe) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        let out = Pipe(), err = Pipe()
        if capture {
            process.standardOutput = out
            process.standardError = err
        } else {
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
        }
        try process.run()
        return (process, out, err)
    }

    /// `executable`: another program than host (a shell, `script`), for tests of pipes and terminals.
    static func run(_ arguments: [String], in directory: String = packageRoot, environment: [String: String] = [:],
                    executable other: String? = nil) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: other ?? executable)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        var env = ProcessInfo.processInfo.environment
        for (k, v) in environment { env[k] = v }
        process.environment = env
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        let start = ContinuousClock.now
        try process.run()
        // Read both pipes while the process runs so a chatty process cannot block on a full pipe.
        let group = DispatchGroup()
        nonisolated(unsafe) var outData = Data(), errData = Data()
        group.enter()
        DispatchQueue.global().async { outData = out.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        group.enter()
        DispatchQueue.global().async { errData = err.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        process.waitUntilExit()
        group.wait()
        let elapsed = ContinuousClock.now - start
        return Result(status: process.terminationStatus,
                      stdout: String(decoding: outData, as: UTF8.self),
                      stderr: String(decoding: errData, as: UTF8.self),
                      seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
    }
}

/// A temporary copy of the repository's agents/ and config/ (data/ linked): a project a test may edit.
func projectCopy() throws -> String {
    let root = temporaryFolder()
    let fm = FileManager.default
    try fm.copyItem(atPath: HostProcess.packageRoot + "/agents", toPath: root + "/agents")
    try fm.copyItem(atPath: HostProcess.packageRoot + "/config", toPath: root + "/config")
    try fm.createSymbolicLink(atPath: root + "/data", withDestinationPath: HostProcess.packageRoot + "/data")
    return root
}

func temporaryFolder() -> String {
    let path = NSTemporaryDirectory() + "moondesk-host-" + UUID().uuidString
    try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

/// Runs blocking work on a Dispatch thread and awaits it.
func offPool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        DispatchQueue.global().async { continuation.resume(with: Result { try body() }) }
    }
}
