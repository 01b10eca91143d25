import Foundation
import Testing

/// `host watch --json` driven as a subprocess, the way an editor integration would: edit, read the next line.
@Suite(.serialized) struct WatchCommandTests {
    func json(_ line: String) throws -> [String: Any] {
        let object = try JSONSerialization.jsonObject(with: Data(line.utf8))
        return try #require(object as? [String: Any], "not a JSON object: \(line.prefix(300))")
    }

    func nodeNames(_ run: [String: Any]) -> [String] {
        (run["nodes"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
    }

    func scriptHash(_ run: [String: Any], _ file: String) -> String? {
        ((run["run"] as? [String: Any])?["scripts"] as? [String: Any])?[file] as? String
    }

    @Test func editingANodeReRunsOnlyThatNodeAndWhatFollowsSyntaxErrorsKeepTheProcessUp() async throws {
        let root = try projectCopy()
        let watch = try WatchedProcess(["watch", "agents/balanced.lua", "--json", "-q"], in: root)
        defer { watch.stop() }

        let first = try json(try await watch.nextLine(timeout: 120))
        #expect(first["error"] == nil)
        #expect(nodeNames(first).first == "planner")
        let decisionFile = "agents/nodes/decision.lua"
        let firstHash = try #require(scriptHash(first, decisionFile))

        // A saved edit of the decision node: a new line, a new hash, only that node re-ran.
        let path = root + "/" + decisionFile
        let original = try String(contentsOfFile: path, encoding: .utf8)
        try (original + "\n-- tuned\n").write(toFile: path, atomically: true, encoding: .utf8)
        let second = try json(try await watch.nextLine(timeout: 60))
        #expect(nodeNames(second) == ["decision"])
        let secondHash = try #require(scriptHash(second, decisionFile))
        #expect(secondHash != firstHash)
        let reload = try #require(second["reload"] as? [String: Any])
        #expect(reload["resumed_at"] as? String == "decision")
        #expect(reload["changed"] as? [String] == [decisionFile])
        #expect((second["decision"] as? [String: Any])?["action"] as? String
            == (first["decision"] as? [String: Any])?["action"] as? String)

        // A syntax error: one error line naming the file and line; the process stays up.
        try (original + "\nlocal broken = \n").write(toFile: path, atomically: true, encoding: .utf8)
        let problem = try json(try await watch.nextLine(timeout: 60))
        #expect(problem["status"] as? String == "failed")
        #expect(problem["kept_last_good"] as? Bool == true)
        let error = try #require(problem["error"] as? [String: Any])
        let message = try #require(error["message"] as? String)
        #expect(message.contains(decisionFile + ":"))
        #expect(message.contains("syntax error"))
        #expect(error["kind"] as? String == "syntax")
        #expect(error["file"] as? String == decisionFile)
        #expect(error["line"] as? Int != nil)
        #expect(watch.isRunning)

        // The fix: a new decision, on the fixed script.
        try (original + "\n-- fixed\n").write(toFile: path, atomically: true, encoding: .utf8)
        let third = try json(try await watch.nextLine(timeout: 60))
        #expect(third["decision"] != nil)
        #expect(nodeNames(third) == ["decision"])
        #expect(scriptHash(third, decisionFile) != secondHash)
    }

    @Test func aChangeDuringARunIsTakenUpByTheNextRunNotMixedIn() async throws {
        let root = try projectCopy()
        // --pace 0.05: the research takes about 2 s; the node file changes while it runs.
        let watch = try WatchedProcess(["watch", "agents/balanced.lua", "--json", "--pace", "0.05"], in: root)
        defer { watch.stop() }
        try await watch.waitForStderr("start    technical", timeout: 120)
        let path = root + "/agents/nodes/decision.lua"
        let original = try String(contentsOfFile: path, encoding: .utf8)
        try (original + "\n-- saved during the research\n").write(toFile: path, atomically: true, encoding: .utf8)
        let first = try json(try await watch.nextLine(timeout: 120))
        let second = try json(try await watch.nextLine(timeout: 60))
        #expect(nodeNames(first).first == "planner")
        #expect(nodeNames(second) == ["decision"])
        // The first run kept the version it started with; the change arrived with the next run.
        let before = try #require(scriptHash(first, "agents/nodes/decision.lua"))
        let after = try #require(scriptHash(second, "agents/nodes/decision.lua"))
        #expect(before != after)
    }

    @Test func editingAHandlerReRunsItsTaskAndItsDependentsOnly() async throws {
        let root = try projectCopy()
        let watch = try WatchedProcess(["watch", "agents/balanced.lua", "--json", "-q"], in: root)
        defer { watch.stop() }
        _ = try await watch.nextLine(timeout: 120)

        let path = root + "/agents/handlers/technical.lua"
        let original = try String(contentsOfFile: path, encoding: .utf8)
        try (original + "\n-- tuned\n").write(toFile: path, atomically: true, encoding: .utf8)
        let next = try json(try await watch.nextLine(timeout: 60))
        let reload = try #require(next["reload"] as? [String: Any])
        // technical and patterns (which depends on it) run again; sentiment, on-chain, macro, keywords are reused.
        #expect(reload["rerun_tasks"] as? [String] == ["technical", "patterns"])
        #expect(nodeNames(next).contains("researcher"))
        let research = try #require(next["research"] as? [String: Any])
        #expect(research["completed"] as? Int == 6)
    }
}

/// A long-running `host` whose stdout is read line by line.
final class WatchedProcess: @unchecked Sendable {
    private let process = Process()
    private let condition = NSCondition()
    private var buffer = Data()
    private var lines: [String] = []
    private var closed = false
    private var errors = ""

    init(_ arguments: [String], in directory: String) throws {
        process.executableURL = URL(fileURLWithPath: HostProcess.executable)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        let out = Pipe()
        process.standardOutput = out
        let err = Pipe()
        process.standardError = err
        err.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let data = handle.availableData
            guard let self else { return }
            self.condition.lock()
            if data.isEmpty { handle.readabilityHandler = nil }
            self.errors += String(decoding: data, as: UTF8.self)
            self.condition.broadcast()
            self.condition.unlock()
        }
        out.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let data = handle.availableData
            guard let self else { return }
            self.condition.lock()
            if data.isEmpty { self.closed = true; handle.readabilityHandler = nil }
            self.buffer.append(data)
            while let newline = self.buffer.firstIndex(of: 0x0A) {
                self.lines.append(String(decoding: self.buffer[self.buffer.startIndex..<newline], as: UTF8.self))
                self.buffer.removeSubrange(self.buffer.startIndex...newline)
            }
            self.condition.broadcast()
            self.condition.unlock()
        }
        try process.run()
    }

    var isRunning: Bool { process.isRunning }

    /// Waits until stderr has shown `text`.
    func waitForStderr(_ text: String, timeout: Double) async throws {
        try await offPool { try self.waitErrors(text, timeout: timeout) }
    }

    private func waitErrors(_ text: String, timeout: Double) throws {
        let deadline = Date().addingTimeInterval(timeout)
        condition.lock()
        defer { condition.unlock() }
        while !errors.contains(text) {
            if !condition.wait(until: deadline) { throw WatchTestError("stderr never showed \(text): \(errors.suffix(500))") }
        }
    }

    /// The next line on stdout; throws after `timeout` seconds without one.
    func nextLine(timeout: Double) async throws -> String {
        try await offPool { try self.waitLine(timeout: timeout) }
    }

    private func waitLine(timeout: Double) throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        condition.lock()
        defer { condition.unlock() }
        while lines.isEmpty && !closed {
            if !condition.wait(until: deadline) { break }
        }
        guard !lines.isEmpty else {
            throw WatchTestError("no line from host within \(timeout) s (exited: \(!process.isRunning))")
        }
        return lines.removeFirst()
    }

    func stop() {
        if process.isRunning { process.interrupt() }
        process.waitUntilExit()
    }
}

struct WatchTestError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
