import Foundation
import GRDB
import LiveData
import LuaHost
import Moondesk

/// One run as the journal lists it.
public struct RunEntry: Sendable {
    public var id: String
    public var command: String
    public var arguments: [String]
    public var directory: String
    public var agent: String
    public var symbol: String
    public var profile: String?
    public var requestedAsOf: Int64?
    public var effectiveAsOf: Int64?
    public var status: String
    public var startedAt: Double
    public var durationSeconds: Double?
    public var action: String?
    public var exitCode: Int32?
    public var passes: Int
    public var reusedTasks: Int
    public var reusedNodes: Int
    public var outputText: String?
    public var outputJSON: String?
    public var host: String
    public var pid: Int32
    public var version: String

    init(row: Row) {
        id = row["id"]
        command = row["command"]
        arguments = (try? JSONDecoder().decode([String].self, from: Data((row["arguments"] as String).utf8))) ?? []
        directory = row["directory"]
        agent = row["agent"]
        symbol = row["symbol"]
        profile = row["profile"]
        requestedAsOf = row["requested_as_of"]
        effectiveAsOf = row["effective_as_of"]
        status = row["status"]
        startedAt = row["started_at"]
        durationSeconds = row["duration_seconds"]
        action = row["action"]
        exitCode = (row["exit_code"] as Int64?).map { Int32($0) }
        passes = row["passes"]
        reusedTasks = row["reused_tasks"]
        reusedNodes = row["reused_nodes"]
        outputText = row["output_text"]
        outputJSON = row["output_json"]
        host = row["host"]
        pid = Int32(row["pid"] as Int64)
        version = row["moondesk_version"]
    }

    /// `running` only while its process lives (on this machine); a run whose process is gone is `crashed`.
    public var shownStatus: String {
        guard status == "running" else { return status }
        if host == ProcessInfo.processInfo.hostName, kill(pid, 0) != 0, errno == ESRCH { return "crashed" }
        return status
    }
}

/// A task attempt, node run or result as recorded.
public struct RecordedAttempt: Sendable, Equatable {
    public var pass: Int, round: Int, task: String, attempt: Int, status: String, error: String?
}

public struct RecordedNode: Sendable, Equatable {
    public var pass: Int, step: Int, node: String, status: String, reused: Bool
}

public struct RecordedResult: Sendable {
    public var pass: Int
    public var kind: String
    public var subject: String
    public var value: LuaValue
    public var reusedFrom: String?
}
