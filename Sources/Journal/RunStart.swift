import Foundation

/// What a run is, known before it starts: recorded first, so even a run killed at once is listed.
public struct RunStart: Sendable {
    /// `run`, `watch` or `backtest`.
    public var command: String
    /// The command line after the program name, to resume with.
    public var arguments: [String]
    public var directory = FileManager.default.currentDirectoryPath
    public var agent: String
    public var symbol: String
    public var profile: String?
    public var requestedAsOf: Int64?
    public var effectiveAsOf: Int64?
    public var config: String?
    public var seed: UInt64?

    public init(command: String, arguments: [String], agent: String, symbol: String) {
        self.command = command
        self.arguments = arguments
        self.agent = agent
        self.symbol = symbol
    }
}

/// How a run ended: what `host runs` lists and `host show` prints.
public struct RunEnd: Sendable {
    public var status: String
    public var action: String?
    public var decision: String?
    public var plan: String?
    public var warnings: [String] = []
    public var exitCode: Int32
    public var reusedTasks = 0
    public var reusedNodes = 0
    /// What the command printed: the text summary and the JSON object.
    public var outputText: String?
    public var outputJSON: String?
    public var profile: String?
    public var effectiveAsOf: Int64?
    public var config: String?
    public var seed: UInt64?

    public init(status: String, exitCode: Int32) {
        self.status = status
        self.exitCode = exitCode
    }
}

/// A file the run read, with its role (`agent`, `node`, `handler`, `data`, `config`).
public struct RunFile: Sendable, Equatable {
    public var path: String
    public var role: String
    public var sha256: String
    public init(path: String, role: String, sha256: String) {
        self.path = path
        self.role = role
        self.sha256 = sha256
    }
}
