import Foundation
import Testing

/// `host new`, then the new strategy run, planned and tested from a folder outside the repository.
@Suite struct NewProjectTests {
    @Test func aNewStrategyRunsFromAnyFolder() async throws {
        let dir = temporaryFolder()
        let created = try await HostProcess.launch(["new", "my_strategy"], in: dir)
        #expect(created.status == 0, "\(created.stderr)")
        let root = dir + "/my_strategy"
        for file in ["README.md", "agents/my_strategy.lua", "agents/handlers/my_strategy_signal.lua",
                     "agents/nodes/my_strategy_bull.lua", "agents/my_strategy_test.lua"] {
            #expect(FileManager.default.fileExists(atPath: root + "/" + file), "\(file)")
        }
        let readme = try String(contentsOfFile: root + "/README.md", encoding: .utf8)
        #expect(readme.split(separator: "\n").count == 5)

        // From the folder above the project, then from inside it.
        let run = try await HostProcess.launch(["run", "my_strategy/agents/my_strategy.lua", "--json"], in: dir)
        #expect(run.status == 0, "\(run.stderr)")
        let decision = try Fixture.json(run.stdout)
        let results = try #require((decision["research"] as? [String: Any])?["results"] as? [String: [String: Any]])
        #expect(results["my_strategy_signal"]?["signal"] is Double, "\(results.keys.sorted())")
        #expect(results["technical"]?["signal"] is Double)
        let bull = try #require(decision["bull_case"] as? [String: Any])
        #expect((bull["summary"] as? String)?.hasPrefix("my_strategy ") == true)
        let scripts = try #require((decision["run"] as? [String: Any])?["scripts"] as? [String: String])
        #expect(scripts.keys.contains { $0.hasSuffix("agents/balanced.lua") }, "the bundled agent it extends: \(scripts.keys.sorted())")

        let inside = try await HostProcess.launch(["agents/my_strategy.lua"], in: root)
        #expect(inside.status == 0, "\(inside.stderr)")
        #expect(inside.stdout.contains("Decision: "))

        let plan = try await HostProcess.launch(["plan", "agents/my_strategy.lua"], in: root)
        #expect(plan.stdout.contains("my_strategy_signal"))

        let tests = try await HostProcess.launch(["test"], in: root)
        #expect(tests.status == 0, "\(tests.stdout)\(tests.stderr)")
        #expect(tests.stdout.hasSuffix("1 passed, 0 failed\n"), "\(tests.stdout)")
    }

    @Test func anExplicitProjectFolder() async throws {
        let dir = temporaryFolder()
        _ = try await HostProcess.launch(["new", "alpha"], in: dir)
        // The agent moved out of its project: --project says where its modules are.
        try FileManager.default.moveItem(atPath: dir + "/alpha/agents/alpha.lua", toPath: dir + "/alpha.lua")
        let lost = try await HostProcess.launch(["plan", "alpha.lua"], in: dir)
        #expect(lost.status == 2)
        let found = try await HostProcess.launch(["plan", "alpha.lua", "--project", "alpha"], in: dir)
        #expect(found.status == 0, "\(found.stderr)")
        let missing = try await HostProcess.launch(["plan", "alpha.lua", "--project", "nowhere"], in: dir)
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("--project nowhere"))
    }

    @Test func theSampleDataFilesTheHelpMentionsExist() async throws {
        let help = try await HostProcess.launch(["run", "--help"])
        for sample in ["data/samples/candles.csv", "data/samples/news.jsonl"] {
            #expect(help.stdout.contains(sample), "run --help does not mention \(sample)")
            #expect(FileManager.default.fileExists(atPath: HostProcess.packageRoot + "/" + sample))
        }
        let run = try await HostProcess.launch(["run", "agents/balanced.lua", "--data", "data/samples/candles.csv",
                                                "--news", "data/samples/news.jsonl", "--json"])
        #expect(run.status == 0, "\(run.stderr)")
    }
}
