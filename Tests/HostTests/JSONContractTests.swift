import Foundation
import LuaHost
import Moondesk
import Testing

/// Every `--json` output checked against its schema (Sources/Moondesk/Schemas, shown in docs/CLI.md), on real
/// output from the real CLI, error paths included.
@Suite struct JSONContractTests {
    /// Runs `arguments` in `dir`, parses stdout as one JSON object and validates it against `schema`.
    func check(_ arguments: [String], schema: String, in dir: String = HostProcess.packageRoot,
               status: Int32? = nil, environment: [String: String] = [:]) async throws -> (LuaValue, HostProcess.Result) {
        let result = try await HostProcess.launch(arguments, in: dir, environment: environment)
        if let status { #expect(result.status == status, "\(arguments): \(result.stderr.suffix(500))") }
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count == 1, "\(arguments): one JSON line on stdout, got \(lines.count)")
        let value = try LuaValue.parseJSON(result.stdout)
        let problems = JSONSchema.named(schema).validate(value)
        #expect(problems.isEmpty, "\(arguments) against \(schema): \(problems.prefix(8))")
        #expect(value["schema_version"] == .integer(1))
        return (value, result)
    }

    @Test(arguments: ["balanced", "conservative", "aggressive"])
    func runOutputMatchesTheDecisionSchema(agent: String) async throws {
        let (value, _) = try await check(["run", "agents/\(agent).lua", "--json"], schema: "decision", status: 0)
        #expect(value["exit_code"] == .integer(0))
        #expect(value["decision"]["action"].stringValue != nil)
    }

    @Test func emptyListsAreArrays() async throws {
        let result = try await HostProcess.launch(["run", "agents/balanced.lua", "--json"])
        // Lists the schema calls lists are `[]` when empty, never `{}` (parsed with Foundation, not LuaValue).
        let run = try Fixture.json(result.stdout)
        let quality = try #require(run["quality"] as? [String: Any])
        for key in ["weak", "missing_critical", "rerun_task_ids"] {
            #expect(quality[key] is [Any], "quality.\(key) is \(String(describing: quality[key]))")
        }
        let bull = try #require(run["bull_case"] as? [String: Any])
        #expect(bull["rebuttals"] is [Any])
        #expect((run["risk"] as? [String: Any])?["synthetic_tasks"] is [Any])
        for (_, entry) in try #require(run["validation"] as? [String: [String: Any]]) { #expect(entry["issues"] is [Any]) }
        #expect(!result.stdout.contains(#""weak":{}"#) && !result.stdout.contains(#""issues":{}"#))
    }

    @Test func planAndLookaheadMatchTheirSchemas() async throws {
        _ = try await check(["plan", "agents/balanced.lua", "--json"], schema: "plan", status: 0)
        let (budget, _) = try await check(["plan", "agents/balanced.lua", "--json", "--max-cost", "0.12"], schema: "plan", status: 0)
        #expect(budget["dropped"].arrayValue?.isEmpty == false)
        _ = try await check(["lookahead", "agents/balanced.lua", "--json", "--dates", "1"], schema: "lookahead", status: 0)
    }

    @Test func aFailedNodeIsADecisionObjectWithAnErrorObject() async throws {
        let dir = try Fixture.project(Fixture.nodeAgent("error('the analyzer broke')"))
        let (value, result) = try await check(["run", "agents/broken_node.lua", "--json"], schema: "decision", in: dir, status: 1)
        #expect(value["status"] == "failed")
        #expect(value["error"]["message"].stringValue?.contains("the analyzer broke") == true)
        #expect(value["exit_code"] == .integer(1))
        #expect(result.stderr.contains("the analyzer broke"))
    }

    /// Every failure before a result is one JSON error object on stdout and its line on stderr.
    @Test func everyErrorPathIsOneErrorObject() async throws {
        let project = try Fixture.project(Fixture.syntaxError.merging(Fixture.duplicateTask) { a, _ in a })
        let balanced = HostProcess.packageRoot + "/agents/balanced.lua"
        // A plan error found while deciding is the decision object's error (status failed, exit 2).
        let (planned, _) = try await check(["run", "agents/dup.lua", "--json"], schema: "decision", in: project, status: 2)
        #expect(planned["status"] == "failed" && planned["error"]["kind"] == "plan" && planned["exit_code"] == .integer(2))
        let cases: [([String], String, Int?)] = [
            (["run", "agents/bad.lua", "--json"], "syntax", 3),
            (["plan", "agents/bad.lua", "--json"], "syntax", 3),
            (["watch", "agents/bad.lua", "--json"], "syntax", 3),
            (["plan", "agents/dup.lua", "--json"], "plan", nil),
            (["run", "agents/none.lua", "--json"], "bad_input", nil),
            (["run", balanced, "--json", "--profile", "yolo"], "config", nil),
            (["run", balanced, "--json", "--max-parallel", "0"], "arguments", nil),
            (["run", balanced, "--json", "--frobnicate"], "arguments", nil),
            (["run", balanced, "--json", "--as-of", "2019-02-30"], "bad_input", nil),
            (["plan", balanced, "--json", "--max-seconds", "0"], "arguments", nil),
            (["lookahead", balanced, "--json", "--dates", "0"], "arguments", nil),
        ]
        for (arguments, kind, line) in cases {
            let (value, result) = try await check(arguments, schema: "error", in: project, status: 2)
            #expect(value["status"] == "failed")
            #expect(value["exit_code"] == .integer(2))
            #expect(value["error"]["kind"].stringValue == kind, "\(arguments): \(value.jsonText())")
            if let line { #expect(value["error"]["line"].intValue == line, "\(arguments): \(value.jsonText())") }
            let message = try #require(value["error"]["message"].stringValue)
            #expect(result.stderr.contains(message), "\(arguments): stderr lacks the message: \(result.stderr)")
        }
    }

    @Test func theSchemasAreInTheDocs() throws {
        let docs = try String(contentsOfFile: HostProcess.packageRoot + "/docs/CLI.md", encoding: .utf8)
        for name in ["decision", "plan", "lookahead", "error", "watch_problem"] {
            #expect(docs.contains("Schemas/\(name).schema.json"), "docs/CLI.md does not link \(name)")
        }
    }
}
