import Foundation
import LuaHost
import Moondesk
import Orchestrator
import Testing

/// The decision graph with Lua nodes: errors, timeouts, loops, declarations checked before the run, the
/// read-only state. Each test builds a small project with its own graph.lua and nodes.
@Suite(.serialized) struct DecisionGraphTests {
    /// A project with `graph` as agents/graph.lua, the given node modules under agents/nodes/, and an agent.
    func project(graph: String, nodes: [String: String], agent: String = "return desk.agent { name = 't' }") throws -> String {
        var files = ["agents/graph.lua": graph, "agents/t.lua": agent]
        for (name, source) in nodes { files["agents/nodes/\(name).lua"] = source }
        return try makeProject(files) + "/agents/t.lua"
    }

    let chain = """
        return function(g)
          g:node("a", "nodes.a")
          g:node("b", "nodes.b")
          g:entry("a")
          g:edge("a", "b")
          g:edge("b", "END")
        end
        """

    @Test func nodesRunInOrderAndTheirUpdatesMerge() async throws {
        let agent = try project(graph: chain, nodes: [
            "a": "return { run = function(state, ctx) return { x = 1, messages = { 'a ran for ' .. ctx.symbol }, summary = 'set x' } end }",
            "b": "return { run = function(state, ctx) return { y = state.x + 1, messages = { 'b saw ' .. #state.messages } } end }",
        ])
        let run = try await session(agent).decide()
        #expect(run.result.status == .completed)
        #expect(run.result.path == ["a", "b"])
        #expect(run.state["y"] == .integer(2))
        #expect(run.state["messages"] == .array([.string("a ran for BTC/USDT"), .string("b saw 1")]))
        #expect(run.result.journal.first?.summary == "set x")
    }

    @Test func aNodeThatErrorsStopsTheRunNamingItsFileAndLineAndKeepsEarlierResults() async throws {
        let agent = try project(graph: chain, nodes: [
            "a": "return { run = function() return { x = 1 } end }",
            "b": "return { run = function(state)\n  error('no quote for ' .. state.symbol)\nend }",
        ])
        let run = try await session(agent).decide()
        #expect(run.result.status == .failed)
        let message = try #require(run.failure?.description)
        #expect(message.contains("node b"))
        #expect(message.contains("agents/nodes/b.lua:2"))
        #expect(message.contains("no quote for BTC/USDT"))
        #expect(run.failure?.kind == .failure)
        #expect(run.state["x"] == .integer(1))
        #expect(run.result.journal.map(\.status) == [.completed, .failed])
    }

    @Test func aSyntaxErrorInANodeIsBadInputWithItsLine() async throws {
        let agent = try project(graph: chain, nodes: [
            "a": "return { run = function() return { x = 1 } end }",
            "b": "return { run = function()\n  return { x = }\nend }",
        ])
        let run = try await session(agent).decide()
        #expect(run.failure?.kind == .badInput)
        #expect(run.failure?.description.contains("agents/nodes/b.lua:2") == true)
    }

    @Test func aNodeLoopingForeverIsStoppedAtItsTimeout() async throws {
        let graph = chain.replacingOccurrences(of: "g:entry(\"a\")", with: "g:entry(\"a\")\n  g:timeout(\"b\", 0.3)")
        let agent = try project(graph: graph, nodes: [
            "a": "return { run = function() return { x = 1 } end }",
            "b": "return { run = function()\n  local n = 0\n  while true do n = n + 1 end\nend }",
        ])
        let start = ContinuousClock.now
        let run = try await session(agent).decide()
        #expect(ContinuousClock.now - start < .seconds(15))   // stopped, not hung: loose for a loaded 2-core machine
        #expect(run.result.status == .failed)
        #expect(run.result.journal.last?.status == .timedOut)
        #expect(run.result.journal.last?.errorLocation?.contains("agents/nodes/b.lua:3") == true)
        #expect(run.failure?.description.contains("node b") == true)
        #expect(run.state["x"] == .integer(1))
    }

    @Test func aNodeWaitingIsCancelledAtItsTimeout() async throws {
        let graph = chain.replacingOccurrences(of: "g:entry(\"a\")", with: "g:entry(\"a\")\n  g:timeout(\"b\", 0.2)")
        let agent = try project(graph: graph, nodes: [
            "a": "return { run = function() return {} end }",
            "b": "return { run = function() desk.sleep(3600) end }",
        ])
        let run = try await session(agent).decide()
        #expect(run.result.journal.last?.status == .timedOut)
        #expect(run.result.durationSeconds < 3)
    }

    @Test func theStateIsReadOnlyInsideANode() async throws {
        let agent = try project(graph: chain, nodes: [
            "a": "return { run = function() return { plan = { steps = { 1, 2 } } } end }",
            "b": "return { run = function(state)\n  state.plan.steps[3] = 3\nend }",
        ])
        let run = try await session(agent).decide()
        #expect(run.result.status == .failed)
        let message = try #require(run.failure?.description)
        #expect(message.contains("agents/nodes/b.lua:2"))
        #expect(message.contains("state.plan.steps is read-only"))
    }

    @Test func aLoopThatNeverEndsHitsTheStepLimit() async throws {
        let agent = try project(graph: """
            return function(g)
              g:node("work", "nodes.work")
              g:node("gate", "nodes.gate")
              g:entry("work")
              g:edge("work", "gate")
              g:route("gate", { work = "again", ["END"] = "done" })
              g:limit(9)
            end
            """, nodes: [
                "work": "return { run = function(state) return { n = (state.n or 0) + 1 } end }",
                "gate": "return { run = function() end, route = function(state) return 'work' end }",
            ])
        let run = try await session(agent).decide()
        #expect(run.result.status == .failed)
        #expect(run.result.error?.kind == .stepLimit)
        #expect(run.failure?.description.contains("step limit 9 reached") == true)
        #expect(run.state["n"] == .integer(5))
    }

    @Test func anUnreachableNodeAndAnUnknownModuleAreReportedBeforeAnythingRuns() async throws {
        let agent = try project(graph: chain, nodes: [
            "a": "return { run = function() error('must not run') end }",
            "b": "return { run = function() end }",
        ], agent: """
            return desk.agent {
              name = 't',
              graph = function(g)
                g:node("orphan", "nodes.b")
                g:replace("b", "nodes.missing")
              end,
            }
            """)
        let s = try session(agent)
        let error = await #expect(throws: MoondeskError.self) { try await s.decide() }
        #expect(error?.kind == .badInput)
        let message = error?.description ?? ""
        #expect(message.contains("agents/t.lua:4: node orphan is unreachable"))
        #expect(message.contains("agents/t.lua:5: node b: no module nodes.missing"))
    }

    @Test func aRouterReturningAnUndeclaredTargetNamesTheEdge() async throws {
        let agent = try project(graph: """
            return function(g)
              g:node("gate", "nodes.gate")
              g:entry("gate")
              g:route("gate", { ["END"] = "done" })
            end
            """, nodes: ["gate": "return { run = function() end, route = function() return 'elsewhere' end }"])
        let run = try await session(agent).decide()
        #expect(run.result.error?.kind == .routeFailed)
        #expect(run.failure?.description.contains("elsewhere") == true)
        #expect(run.failure?.description.contains("agents/graph.lua:4") == true)
    }
}

/// The planner's line in the journal: its figures as printf writes them (the line no longer goes through
/// CoreFoundation's formatter, and must not change for it).
@Suite struct PlannerSummaryTests {
    @Test func thePlannersSummaryNamesTasksCostTimesAndThePath() async throws {
        let root = try makeProjectWithRepoAgents()
        let run = try await session(root + "/agents/balanced.lua").decide()
        let plan = try #require(run.plan)
        func seconds(_ s: Double) -> String { s == s.rounded() ? String(Int(s)) : String(format: "%.1f", s) }
        let path = plan.estimate.criticalPath.joined(separator: " -> ")
        let expected = String(format: "%d tasks, $%.2f, %@ s parallel (%@ s sequential), critical path %@",
                              plan.tasks.count, plan.estimate.estimatedCost, seconds(plan.estimate.estimatedTimeParallel),
                              seconds(plan.estimate.estimatedTimeSequential), path.isEmpty ? "-" : path)
        #expect(run.result.journal.first { $0.name == "planner" }?.summary == expected)
    }
}
