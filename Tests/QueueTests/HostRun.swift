import Foundation

/// The built `host` as a user runs it: to completion, or in the background (a worker) with its stderr in a file.
enum HostRun {
    struct Result: Sendable {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static var executable: String {
        let bundle = URL(fileURLWithPath: CommandLine.arguments.first(where: { $0.contains(".xctest") }) ?? CommandLine.arguments[0])
        return bundle.deletingLastPathComponent().appendingPathComponent("host").path
    }

    static var packageRoot: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    }

    /// Runs `host arguments` to its end, off Swift's cooperative threads.
    static func run(_ arguments: [String], environment: [String: String] = [:]) async throws -> Result {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                do {
                    let p = try spawn(arguments, environment: environment)
                    p.process.waitUntilExit()
                    continuation.resume(returning: Result(status: p.process.terminationStatus, stdout: p.stdout, stderr: p.stderr))
                } catch {
                    continuation.resume(throwing: error)
                }
            }
        }
    }

    /// A running `host`: its process and what it printed so far (files, so a chatty one never blocks).
    final class Running: @unchecked Sendable {
        let process: Process
        let outPath: String, errPath: String
        init(process: Process, outPath: String, errPath: String) {
            self.process = process
            self.outPath = outPath
            self.errPath = errPath
        }
        var stdout: String { (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? "" }
        var stderr: String { (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? "" }
        func kill9() { kill(process.processIdentifier, SIGKILL); process.waitUntilExit() }
        func terminate() { if process.isRunning { kill(process.processIdentifier, SIGTERM) } }
        /// Waits for the process to end (at most `seconds`, then kills it and says so).
        func wait(seconds: Double) async -> Int32? {
            let deadline = Date().addingTimeInterval(seconds)
            while process.isRunning, Date() < deadline { try? await Task.sleep(for: .milliseconds(50)) }
            if process.isRunning { kill9(); return nil }
            return process.terminationStatus
        }
    }

    static func spawn(_ arguments: [String], environment: [String: String] = [:]) throws -> Running {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: packageRoot)
        var env = ProcessInfo.processInfo.environment
        env["MOONDESK_QUEUE"] = nil
        for (k, v) in environment { env[k] = v }
        process.environment = env
        let base = NSTemporaryDirectory() + "moondesk-host-\(UUID().uuidString.prefix(8))"
        FileManager.default.createFile(atPath: base + ".out", contents: nil)
        FileManager.default.createFile(atPath: base + ".err", contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: base + ".out"))
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: base + ".err"))
        process.standardInput = FileHandle.nullDevice
        try process.run()
        return Running(process: process, outPath: base + ".out", errPath: base + ".err")
    }
}
