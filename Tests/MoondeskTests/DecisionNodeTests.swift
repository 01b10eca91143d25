import Foundation
import LuaHost
import Moondesk
import Orchestrator
import Testing

/// The default graph's Lua nodes on real research: the quality gate's loop, privacy, the read-only debate.
@Suite(.serialized) struct DecisionNodeTests {
    @Test func aPlainLuaErrorIsNotSentBackByTheQualityGate() async throws {
        let root = try makeProjectWithRepoAgents([
            "agents/handlers/broken.lua": "return { run = function() local feed = nil; return feed.latest end }",
            "agents/typo.lua": """
                local balanced = require "balanced"
                return desk.agent { name = "typo", profile = "balanced",
                  plan = function(plan, ctx)
                    balanced.plan(plan, ctx)
                    plan:get("onchain").handler = "handlers.broken"
                  end }
                """,
        ])
        let run = try await session(root + "/agents/typo.lua").decide()
        #expect(run.result.status == .completed, "\(String(describing: run.failure))")
        #expect(run.rounds.count == 1, "a bug fails the same way again: no re-run round")
        #expect(run.rounds[0].report.tasks["onchain"]?.attempts.count == 1, "and no retry")
        #expect(run.rounds[0].report.tasks["onchain"]?.retryable == false)
        #expect(run.state["quality"]["missing_critical"] == .array([.string("onchain")]))
        #expect(run.degradation.contains { $0.contains("onchain") }, "\(run.degradation)")
    }

    @Test func aCriticalTaskThatKeepsFailingIsRetriedMaxRoundsThenTheRunGoesOnDegraded() async throws {
        let root = try makeProjectWithRepoAgents([
            "agents/handlers/broken.lua": "return { run = function() desk.retryable('the feed is down') end }",
            "agents/flaky.lua": """
                local balanced = require "balanced"
                return desk.agent { name = "flaky", profile = "balanced",
                  plan = function(plan, ctx)
                    balanced.plan(plan, ctx)
                    plan:get("onchain").handler = "handlers.broken"
                    plan:get("onchain").retries = 0
                  end }
                """,
        ])
        let run = try await session(root + "/agents/flaky.lua").decide()
        #expect(run.result.status == .completed, "\(String(describing: run.failure))")
        #expect(run.rounds.count == 3)                             // the first run and max_research_rounds = 2 re-runs
        #expect(run.rounds.dropFirst().allSatisfy { $0.taskIDs == ["onchain"] })
        #expect(run.result.path.filter { $0 == "quality_gate" }.count == 3)
        let warnings = (run.state["warnings"].arrayValue ?? []).compactMap(\.stringValue)
        #expect(warnings.contains { $0.contains("degraded research") && $0.contains("onchain") }, "\(warnings)")
        #expect(run.state["quality"]["missing_critical"] == .array([.string("onchain")]))
        #expect(run.decision["action"].stringValue != nil)
        #expect(run.decision["rationale"].stringValue?.contains("degraded") == true)
    }

    @Test func privacyRedactsSecretsAndPersonalDataFromTheWholeState() async throws {
        let root = try makeProject([
            "agents/graph.lua": """
                return function(g)
                  g:node("leak", "nodes.leak")
                  g:node("privacy", "nodes.privacy")
                  g:entry("leak")
                  g:edge("leak", "privacy")
                  g:edge("privacy", "END")
                end
                """,
            "agents/nodes/leak.lua": """
                return { run = function()
                  return {
                    task_execution_results = { news = { summary = "write to trader.joe@example.com about account 12345678",
                                                        metrics = { price = 8034.32, time = 1571270400 } } },
                    notes = { "key sk-live4f9a8b7c6d5e4f3a2b1c0d", "Authorization: Bearer abc.def.ghi123", "AKIAIOSFODNN7EXAMPLE" },
                    messages = { "api_key=Zx8Qw2Er4Ty6Ui8Op0" },
                  }
                end }
                """,
            "agents/t.lua": "return desk.agent { name = 't' }",
        ])
        try FileManager.default.copyItem(atPath: repoRoot + "/agents/nodes/privacy.lua", toPath: root + "/agents/nodes/privacy.lua")
        try FileManager.default.copyItem(atPath: repoRoot + "/agents/nodes/common.lua", toPath: root + "/agents/nodes/common.lua")
        try FileManager.default.createDirectory(atPath: root + "/agents/handlers", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: repoRoot + "/agents/handlers/common.lua", toPath: root + "/agents/handlers/common.lua")
        let run = try await session(root + "/agents/t.lua").decide()
        #expect(run.result.status == .completed, "\(String(describing: run.failure))")
        let text = run.state.luaValue.jsonText()
        for secret in ["trader.joe@example.com", "12345678", "sk-live4f9a8b7c6d5e4f3a2b1c0d", "abc.def.ghi123",
                       "AKIAIOSFODNN7EXAMPLE", "Zx8Qw2Er4Ty6Ui8Op0"] {
            #expect(!text.contains(secret), "\(secret) survived: \(text)")
        }
        #expect(text.contains("[REDACTED:email]"))
        #expect(text.contains("[REDACTED:account_id]"))
        #expect(run.state["task_execution_results"]["news"]["metrics"]["price"] == .number(8034.32))
        #expect(run.state["task_execution_results"]["news"]["metrics"]["time"] == .integer(1571270400))
        let privacy = run.state["privacy"]
        #expect(privacy["redactions"].intValue == 6)
        let kinds = (privacy["findings"].arrayValue ?? []).compactMap { $0["kind"].stringValue }
        #expect(Set(kinds) == ["email", "account_id", "api_key", "bearer_token", "aws_access_key", "secret"])
        #expect((privacy["findings"].arrayValue ?? []).contains { $0["field"].stringValue == "task_execution_results.news.summary" })
    }

    @Test func bullAndBearAnswerEachOtherForDebateRounds() async throws {
        let root = try makeProjectWithRepoAgents([
            "agents/long_debate.lua": """
                local balanced = require "balanced"
                return desk.agent { name = "long_debate", profile = "balanced", plan = balanced.plan,
                                    config = { debate_rounds = 2 } }
                """,
        ])
        let run = try await session(root + "/agents/long_debate.lua").decide()
        #expect(run.result.status == .completed)
        #expect(run.result.path.filter { $0 == "bull" }.count == 3)     // the opening and two answers
        #expect(run.state["bull_case"]["round"] == .integer(3))
        #expect((run.state["bull_case"]["rebuttals"].arrayValue ?? []).isEmpty == false)
        #expect(run.state["debate_round"] == .integer(3))
    }
}
