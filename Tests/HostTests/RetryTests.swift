import Foundation
import Testing

/// Retries are for failures that can change: a plain Lua error in a handler is a bug, attempted once and not sent
/// back by the quality gate; `desk.retryable(msg)` is retried.
@Suite struct RetryTests {
    func task(_ handler: String, priority: String = "critical") async throws -> [String: Any] {
        let dir = try Fixture.project(Fixture.taskAgent(handler, priority: priority))
        let result = try await HostProcess.launch(["run", "agents/extra.lua", "--json"], in: dir)
        #expect(result.status == 0, "\(result.stderr)")
        let run = try Fixture.json(result.stdout)
        let tasks = try #require((run["research"] as? [String: Any])?["tasks"] as? [String: [String: Any]])
        return try #require(tasks["extra"])
    }

    @Test func aPlainLuaErrorIsAttemptedOnce() async throws {
        // Critical: the quality gate would loop back for it if it could change.
        let record = try await task("local helper = nil\nreturn helper()")
        #expect(record["status"] as? String == "failed")
        #expect((record["attempts"] as? [Any])?.count == 1, "\(record)")
        #expect(record["retryable"] as? Bool == false)
        #expect((record["error"] as? String)?.contains("attempt to call a nil value") == true)
    }

    @Test func desksRetryableIsRetried() async throws {
        let record = try await task("desk.retryable('the feed is busy')")
        #expect(record["status"] as? String == "failed")
        // 1 + the default 2 retries in the first round, and again when the quality gate sends it back.
        let attempts = (record["attempts"] as? [Any])?.count ?? 0
        #expect(attempts >= 3, "\(record)")
        #expect(record["retryable"] as? Bool == true)
        #expect(record["error"] as? String == "the feed is busy", "\(record)")
        #expect((record["error_location"] as? String)?.hasSuffix("agents/handlers/extra.lua:2") == true, "\(record)")
    }

    @Test func aRetryableErrorThatClearsCompletes() async throws {
        // Low priority: the quality gate passes without sending it back (its result has no sources: suspect).
        let record = try await task("if ctx.attempt < 2 then desk.retryable('try again') end\nreturn { signal = 0.1, confidence = 0.5, summary = 'ok' }",
                                    priority: "low")
        #expect(record["status"] as? String == "completed")
        #expect((record["attempts"] as? [Any])?.count == 2)
    }

    @Test func theDegradedRunWarnsFirstNamingWhatIsMissing() async throws {
        let dir = try Fixture.project(Fixture.taskAgent("local helper = nil\nreturn helper()"))
        let text = try await HostProcess.launch(["run", "agents/extra.lua"], in: dir)
        #expect(text.status == 0)
        let lines = text.stdout.split(separator: "\n").map(String.init)
        let firstWarning = try #require(lines.firstIndex { $0.hasPrefix("  ! ") })
        let decision = try #require(lines.firstIndex { $0.hasPrefix("Decision: ") })
        #expect(firstWarning < decision, "warnings come before the decision:\n\(text.stdout)")
        #expect(lines[firstWarning..<decision].contains { $0.contains("extra") }, "\(text.stdout)")
        let json = try Fixture.json(try await HostProcess.launch(["run", "agents/extra.lua", "--json"], in: dir).stdout)
        #expect(json["degraded"] as? Bool == true)
        #expect((json["warnings"] as? [String])?.contains { $0.contains("extra") } == true)
    }
}
