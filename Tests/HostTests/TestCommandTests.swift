import Foundation
import Testing

/// `host test` end to end: failure lines with file and line, the summary line, TAP, the exit codes, and the
/// desk.test helpers running a real handler and node of the project at an as-of.
@Suite struct TestCommandTests {
    static let mixed = """
        test("adds", function() assert(1 + 1 == 2) end)
        test("plain assert", function()
          assert(1 + 1 == 3)
        end)
        test("error with a message", function() error("boom") end)
        test("also passes", function() assert(#desk.test.candles{ {time = 0, open = 1, high = 1, low = 1, close = 1} } == 1) end)
        """

    func file(_ name: String, _ text: String) -> String {
        let path = temporaryFolder() + "/" + name
        FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
        return path
    }

    @Test func failuresAreListedWithFileAndLineThenTheSummary() async throws {
        let path = file("mixed_test.lua", Self.mixed)
        let result = try await HostProcess.launch(["test", path])
        #expect(result.status == 1, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines == ["\(path):3: plain assert: assertion failed!", "\(path):5: error with a message: boom",
                          "2 passed, 2 failed"])
    }

    @Test func tapListsEveryCase() async throws {
        let path = file("mixed_test.lua", Self.mixed)
        let result = try await HostProcess.launch(["test", "--tap", path])
        #expect(result.status == 1)
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "TAP version 13")
        #expect(lines.filter { $0.hasPrefix("ok ") || $0.hasPrefix("not ok ") } == [
            "ok 1 - \(path): adds", "not ok 2 - \(path): plain assert", "not ok 3 - \(path): error with a message",
            "ok 4 - \(path): also passes"])
        #expect(lines.contains("  at: \"\(path):3\""))
        #expect(lines.suffix(2) == ["1..4", "2 passed, 2 failed"])
    }

    @Test func allPassingExitsZeroAndAFileThatDoesNotCompileExitsTwo() async throws {
        let good = file("good_test.lua", "test('one', function() assert(true) end)\n")
        let passed = try await HostProcess.launch(["test", good])
        #expect(passed.status == 0)
        #expect(passed.stdout == "1 passed, 0 failed\n")
        let bad = file("bad_test.lua", "test('one', function()\n  local = 1\nend)\n")
        let refused = try await HostProcess.launch(["test", bad])
        #expect(refused.status == 2)
        #expect(refused.stderr.hasPrefix("\(bad):2: syntax error"), "\(refused.stderr)")
    }

    @Test func helpersRunTheProjectsHandlerAndNodeAtAnAsOf() async throws {
        let path = file("helpers_test.lua", """
            test("handler", function()
              local r = desk.test.handler("handlers.momentum", { as_of = "2019-06-01" })
              assert(type(r.signal) == "number" and r.summary, "got " .. tostring(r.signal))
              local later = desk.test.handler("handlers.momentum", { as_of = "2020-06-01" })
              assert(r.signal ~= later.signal, "the as-of decides what the handler sees")
            end)
            test("node", function()
              local out = desk.test.node("nodes.quality_gate", { symbol = "BTC/USDT", research = {} }, { as_of = "2019-06-01" })
              assert(type(out.quality) == "table" and out.quality.score == 0, "quality: " .. tostring(out.quality))
            end)
            """)
        let result = try await HostProcess.launch(["test", path])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.hasSuffix("2 passed, 0 failed\n"))
    }

    @Test func watchRunsAgainWhenATestFileIsSaved() async throws {
        let path = file("watched_test.lua", "test('one', function() assert(true) end)\n")
        let dir = (path as NSString).deletingLastPathComponent
        let watch = try WatchedProcess(["test", "--watch", dir], in: HostProcess.packageRoot)
        defer { watch.stop() }
        #expect(try await watch.nextLine(timeout: 60) == "1 passed, 0 failed")
        try await watch.waitForStderr("watching", timeout: 30)
        try "test('one', function()\n  assert(false, 'now broken')\nend)\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(try await watch.nextLine(timeout: 60) == "\(path):2: one: now broken")
        #expect(try await watch.nextLine(timeout: 60) == "0 passed, 1 failed")
    }
}
