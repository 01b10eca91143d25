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

    /// Runs `host arguments` to its end.
    static func run(_ arguments: [String], environment: [String: String] = [:]) async throws -> Result {
        let p = try spawn(arguments, environment: environment)
        let status = await p.wait(seconds: 300)
        return Result(status: status ?? -1, stdout: p.stdout, stderr: p.stderr)
    }

    typealias Running = Subprocess

    /// Starts `host arguments` in the package root, MOONDESK_QUEUE unset unless given.
    static func spawn(_ arguments: [String], environment: [String: String] = [:]) throws -> Subprocess {
        var env: [String: String?] = ["MOONDESK_QUEUE": nil]
        for (k, v) in environment { env[k] = v }
        return try Subprocess(executable, arguments, directory: packageRoot, environment: env)
    }
}
