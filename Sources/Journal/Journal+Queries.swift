import Foundation
import GRDB
import LiveData
import LuaHost
import Moondesk

/// What `host runs`, `show`, `resume` and `replay` read back.
extension Journal {
    /// The latest runs first (`agent`: those whose agent path ends with it).
    public func runs(agent: String? = nil, limit: Int = 20) throws(JournalError) -> [RunEntry] {
        try read { db in
            var sql = "SELECT * FROM runs"
            var arguments: StatementArguments = []
            if let agent {
                sql += " WHERE agent = ? OR agent LIKE ?"
                arguments = [agent, "%" + agent]
            }
            sql += " ORDER BY started_at DESC, id DESC LIMIT ?"
            _ = arguments.append(contentsOf: [limit])
            return try Row.fetchAll(db, sql: sql, arguments: arguments).map(RunEntry.init(row:))
        }
    }

    /// The run `id` names: a whole id, a unique prefix of one, or `last`.
    public func run(_ id: String) throws(JournalError) -> RunEntry {
        let rows = try read { db in
            if id == "last" { return try Row.fetchAll(db, sql: "SELECT * FROM runs ORDER BY started_at DESC, id DESC LIMIT 1") }
            return try Row.fetchAll(db, sql: "SELECT * FROM runs WHERE id LIKE ? LIMIT 2", arguments: [id + "%"])
        }
        guard let first = rows.first else { throw JournalError(.notFound, "no run \(id) in \(path) (host runs lists them)") }
        guard rows.count == 1 else { throw JournalError(.notFound, "\(id) names more than one run in \(path): give more of the id") }
        return RunEntry(row: first)
    }

    public func files(of run: String) throws(JournalError) -> [RunFile] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT path, role, sha256 FROM run_files WHERE run_id = ? ORDER BY path", arguments: [run])
                .map { RunFile(path: $0["path"], role: $0["role"], sha256: $0["sha256"]) }
        }
    }

    /// The files every recorded result of the run came from (what a crashed run read before it died).
    public func resultFiles(of run: String) throws(JournalError) -> [FileHash] {
        try read { db in
            var seen: [String: String] = [:]
            for text in try String.fetchAll(db, sql: "SELECT files FROM results WHERE run_id = ?", arguments: [run]) {
                for file in (try? JSONDecoder().decode([FileHash].self, from: Data(text.utf8))) ?? [] { seen[file.path] = file.sha256 }
            }
            return seen.keys.sorted().map { FileHash(path: $0, sha256: seen[$0]!) }
        }
    }

    /// The bytes of a recorded file version.
    public func contents(_ sha256: String) throws(JournalError) -> Data? {
        try read { db in try Data.fetchOne(db, sql: "SELECT bytes FROM contents WHERE sha256 = ?", arguments: [sha256]) }
    }

    public func attempts(of run: String) throws(JournalError) -> [RecordedAttempt] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM task_attempts WHERE run_id = ? ORDER BY pass, round, task_id, attempt", arguments: [run])
                .map { RecordedAttempt(pass: $0["pass"], round: $0["round"], task: $0["task_id"], attempt: $0["attempt"],
                                       status: $0["status"], error: $0["error"]) }
        }
    }

    public func nodes(of run: String) throws(JournalError) -> [RecordedNode] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM node_runs WHERE run_id = ? ORDER BY pass, step, node", arguments: [run])
                .map { RecordedNode(pass: $0["pass"], step: $0["step"], node: $0["node"], status: $0["status"], reused: $0["reused"] != 0) }
        }
    }

    /// Every result of the run, in the order recorded.
    public func results(of run: String, kind: String? = nil) throws(JournalError) -> [RecordedResult] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM results WHERE run_id = ? \(kind == nil ? "" : "AND kind = ?") ORDER BY id",
                             arguments: kind.map { [run, $0] } ?? [run])
                .compactMap { row in
                    guard let value = try? LuaValue.parseLosslessJSON(row["value"]) else { return nil }
                    return RecordedResult(pass: row["pass"], kind: row["kind"], subject: row["subject"], value: value,
                                          reusedFrom: row["reused_from"])
                }
        }
    }

    /// The decision a run recorded (lossless JSON), if it finished.
    public func decision(of run: String) throws(JournalError) -> String? {
        try read { db in try String.fetchOne(db, sql: "SELECT decision FROM runs WHERE id = ?", arguments: [run]) }
    }


    /// The live providers' answers a run recorded, in order.
    public func responses(of run: String) throws(JournalError) -> [HTTPTape.Exchange] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT url, body, problem FROM http_responses WHERE run_id = ? ORDER BY seq", arguments: [run])
                .map { HTTPTape.Exchange(url: $0["url"], body: ($0["body"] as Data?)?.base64EncodedString(), problem: $0["problem"]) }
        }
    }
}
