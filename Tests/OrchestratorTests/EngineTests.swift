import Foundation
import LuaHost
import Testing
@testable import Orchestrator

@Suite struct EngineTests {
    @Test func seedWorkflowRunsInOrder() async throws {
        let events = Log()
        let result = await GraphEngine.run(seedGraph(), initial: seedState, runner: seedNodes()) { event in
            if case .routed(let from, let to, _) = event { events.add("\(from)->\(to)") }
        }
        #expect(result.status == .completed, "\(String(describing: result.error))")
        #expect(result.path == ["planner", "researcher", "validator", "quality_gate", "bull", "bear", "analyzer", "risk",
                                "privacy", "optimizer", "decision"])
        #expect(result.steps == 11)
        #expect(result.journal.map(\.step) == Array(1...11))
        #expect(result.journal.allSatisfy { $0.status == .completed })
        // bull: sentiment 0.4 + onchain 0.2; bear: technical 0.1.
        #expect(abs((result.state["score"].doubleValue ?? 0) - 0.5) < 1e-9)
        #expect(result.state["decision"] == "BUY")
        #expect(result.journal.last?.summary == "BUY")
        #expect(events.all.contains("quality_gate->bull_bear"))
        #expect(events.all.contains("bull_bear->bull") && events.all.contains("bear->analyzer"))
        #expect(events.all.last == "decision->END")
    }

    @Test func parallelBranchesRunConcurrently() async throws {
        let log = Log()
        var nodes = seedNodes()
        for (me, other) in [("bull", "bear"), ("bear", "bull")] {
            nodes.set(me) { state, _ in
                log.add("\(me) started")
                // Wait (up to 5 s) for the other branch: run one after the other, this never sees it.
                let give = ContinuousClock.now + .seconds(5)
                while !log.contains("\(other) started"), ContinuousClock.now < give { try await Task.sleep(for: .milliseconds(5)) }
                if log.contains("\(other) started") { log.add("\(me) saw \(other) start") }
                try await Task.sleep(for: .milliseconds(20))
                log.add("\(me) ended")
                return NodeOutput(caseFor(state, sign: me == "bull" ? 1 : -1, name: me))
            }
        }
        let result = await GraphEngine.run(seedGraph(), initial: seedState, runner: nodes)
        #expect(result.status == .completed)
        let all = log.all
        #expect(all.contains("bull saw bear start") && all.contains("bear saw bull start"))
        let firstEnd = all.firstIndex { $0.hasSuffix("ended") }!
        #expect(all.firstIndex(of: "bull started")! < firstEnd && all.firstIndex(of: "bear started")! < firstEnd)
        // The journal keeps branch order whatever the timing; the records overlap in time.
        let bull = result.journal[4], bear = result.journal[5]
        #expect(bull.name == "bull" && bear.name == "bear")
        #expect(bull.start < bear.end && bear.start < bull.end)
    }

    @Test func qualityGateLoopsBackForSuspectTasks() async throws {
        let market = SeedMarket(missingRounds: ["onchain": 1])
        let result = await GraphEngine.run(seedGraph(), initial: seedState, runner: seedNodes(market: market))
        #expect(result.status == .completed)
        #expect(result.path.prefix(7) == ["planner", "researcher", "validator", "quality_gate", "researcher",
                                          "validator", "quality_gate"])
        #expect(result.state["research_rounds"] == 2)
        #expect(result.state["suspect_tasks"] == .array([]))
        #expect(result.state["task_execution_results"]["onchain"]["signal"] == 0.2)
        // The gate warned once, in the first round; the append reducer kept it.
        #expect(result.state["warnings"] == ["degraded research: 1 suspect tasks"])
    }

    @Test func degradedResearchContinuesAfterMaxRounds() async throws {
        let market = SeedMarket(missingRounds: ["onchain": 9])
        let result = await GraphEngine.run(seedGraph(maxRounds: 2), initial: seedState, runner: seedNodes(market: market))
        #expect(result.status == .completed)
        #expect(result.state["research_rounds"] == 2)
        #expect(result.state["risk_level"] == "high")
        #expect(result.state["warnings"].arrayValue?.count == 2)
    }

    @Test func stepLimitEndsALoopWithTheLoopNamed() async throws {
        let market = SeedMarket(missingRounds: ["onchain": 1000])
        var graph = seedGraph(maxRounds: 1000)
        graph.stepLimit = 25
        let result = await GraphEngine.run(graph, initial: seedState, runner: seedNodes(market: market))
        #expect(result.status == .failed)
        let error = try #require(result.error)
        #expect(error.kind == .stepLimit)
        #expect(error.message.hasPrefix("step limit 25 reached: quality_gate -> researcher -> validator -> quality_gate looped"))
        #expect(error.message.contains("quality_gate ran 8 times"))
        #expect(result.steps == 25 && result.journal.count == 25)
        // What the loop did is kept.
        #expect(result.state["research_rounds"] == 8)
    }

    @Test func failingNodeStopsTheRunAndKeepsTheState() async throws {
        var nodes = seedNodes()
        nodes.set("risk") { _, _ in throw NodeFailure(message: "runtime error: atr needs 14 candles", location: "agents/nodes/risk.lua:12") }
        let events = Log()
        let result = await GraphEngine.run(seedGraph(), initial: seedState, runner: nodes) { event in
            if case .nodeFailed(let record) = event { events.add("failed \(record.name)") }
        }
        #expect(result.status == .failed)
        let error = try #require(result.error)
        #expect(error.kind == .nodeFailed && error.node == "risk")
        #expect(error.message == "node risk (agents/graph.lua:8) failed: agents/nodes/risk.lua:12: runtime error: atr needs 14 candles")
        #expect(error.location == "agents/nodes/risk.lua:12")
        #expect(result.journal.last?.status == .failed && result.journal.last?.errorLocation == "agents/nodes/risk.lua:12")
        #expect(result.path.last == "risk" && result.journal.count == 8)
        #expect(result.state["score"].doubleValue != nil)
        #expect(result.state["decision"] == nil)
        #expect(events.all == ["failed risk"])
    }

    @Test func luaErrorsKeepTheirLocation() async throws {
        var nodes = seedNodes()
        nodes.set("bear") { _, _ in throw LuaError(.runtime, "attempt to index a nil value", file: "agents/nodes/bear.lua", line: 3) }
        let result = await GraphEngine.run(seedGraph(), initial: seedState, runner: nodes)
        #expect(result.error?.message == "node bear (agents/graph.lua:6) failed: agents/nodes/bear.lua:3: runtime error: attempt to index a nil value")
        // The other branch completed and its update is kept.
        #expect(result.journal.map(\.status).suffix(2) == [.completed, .failed])
        #expect(result.state["bull_case"]["score"].doubleValue != nil)
    }

    @Test func nodeThatOverrunsIsStoppedAtItsTimeout() async throws {
        var graph = seedGraph()
        graph.setTimeout(.milliseconds(200), for: "analyzer")
        var nodes = seedNodes()
        nodes.set("analyzer") { _, _ in
            try await Task.sleep(for: .seconds(30))
            return NodeOutput(["score": 1])
        }
        let start = ContinuousClock.now
        let result = await GraphEngine.run(graph, initial: seedState, runner: nodes)
        let elapsed = ContinuousClock.now - start
        #expect(elapsed < .seconds(10))
        #expect(result.status == .failed)
        let record = try #require(result.journal.last)
        #expect(record.name == "analyzer" && record.status == .timedOut)
        #expect(record.end - record.start >= 0.19)
        #expect(result.error?.kind == .nodeTimedOut)
        #expect(result.error?.message == "node analyzer (agents/graph.lua:7) timed out after 0.2 s")
        #expect(result.state["bull_case"] != nil && result.state["score"] == nil)
    }

    @Test func nodeThatStopsItselfAtTheDeadlineReadsAsTimedOut() async throws {
        var nodes = seedNodes()
        nodes.set("privacy") { _, context in
            #expect(context.timeout == .seconds(30) && context.step == 9 && context.handler == "privacy")
            throw LuaError(.timeout, "deadline reached", file: "agents/nodes/privacy.lua", line: 40)
        }
        let result = await GraphEngine.run(seedGraph(), initial: seedState, runner: nodes)
        #expect(result.journal.last?.status == .timedOut)
        #expect(result.error?.location == "agents/nodes/privacy.lua:40")
        #expect(result.error?.message.hasSuffix("stopped at agents/nodes/privacy.lua:40") == true)
    }

    @Test func routerReturningAnUnknownNameIsAnError() async throws {
        var graph = seedGraph()
        graph.removeEdges(from: "quality_gate")
        graph.addConditionalEdges(from: "quality_gate", router: RouterFunction { _ in "bull_bera" },
                                  targets: ["researcher", "bull_bear"], at: at(40, "agents/custom.lua"))
        let result = await GraphEngine.run(graph, initial: seedState, runner: seedNodes())
        #expect(result.status == .failed)
        #expect(result.error?.kind == .routeFailed)
        #expect(result.error?.message == "the router of quality_gate (agents/custom.lua:40) returned \"bull_bera\", "
            + "which is not one of its targets: researcher, bull_bear (did you mean bull_bear?)")
        #expect(result.path.last == "quality_gate")
    }

    @Test func routerThatThrowsNamesItsLocation() async throws {
        var graph = seedGraph()
        graph.removeEdges(from: "quality_gate")
        graph.addConditionalEdges(from: "quality_gate", router: RouterFunction { _ in
            throw NodeFailure(message: "runtime error: bad gate", location: "agents/graph.lua:77")
        }, targets: ["bull_bear"], at: at(24))
        let result = await GraphEngine.run(graph, initial: seedState, runner: seedNodes())
        #expect(result.error?.message == "the router of quality_gate (agents/graph.lua:24) failed: agents/graph.lua:77: runtime error: bad gate")
    }

    @Test func replacingANodeChangesTheOutcome() async throws {
        let standard = await GraphEngine.run(seedGraph(), initial: seedState, runner: seedNodes())
        var graph = seedGraph()
        graph.replaceNode("bull", handler: "agents/cautious_bull.lua", at: at(3, "agents/cautious.lua"))
        var nodes = seedNodes()
        nodes.set("agents/cautious_bull.lua") { state, _ in
            var bullCase = caseFor(state, sign: 1, name: "bull")
            bullCase["bull_case"] = ["score": .number((bullCase["bull_case"]!["score"].doubleValue ?? 0) * 0.05)]
            return NodeOutput(bullCase)
        }
        let custom = await GraphEngine.run(graph, initial: seedState, runner: nodes)
        #expect(standard.state["decision"] == "BUY")
        #expect(custom.status == .completed)
        #expect(custom.state["decision"] == "SELL")  // 0.03 - 0.1
        #expect(custom.path == standard.path)
    }

    @Test func cancellationStopsTheRunAndKeepsWhatWasDone() async throws {
        var nodes = seedNodes()
        let log = Log()
        nodes.set("analyzer") { _, _ in
            log.add("analyzer started")
            try await Task.sleep(for: .seconds(30))
            return NodeOutput()
        }
        let run = Task { await GraphEngine.run(seedGraph(), initial: seedState, runner: nodes) }
        let give = ContinuousClock.now + .seconds(10)
        while !log.contains("analyzer started"), ContinuousClock.now < give { try await Task.sleep(for: .milliseconds(5)) }
        run.cancel()
        let result = await run.value
        #expect(result.status == .cancelled)
        #expect(result.error?.kind == .cancelled)
        #expect(result.journal.last?.name == "analyzer" && result.journal.last?.status == .cancelled)
        #expect(result.journal.dropLast().allSatisfy { $0.status == .completed })
        #expect(result.state["bear_case"] != nil)
    }

    @Test func invalidGraphDoesNotRun() async throws {
        var graph = seedGraph()
        graph.addNode("sentiment_check", at: at(50, "agents/extra.lua"))
        graph.addEdge("sentiment_check", "analyzer", at: at(51, "agents/extra.lua"))
        let log = Log()
        var nodes = seedNodes()
        nodes.set("planner") { _, _ in log.add("ran"); return NodeOutput() }
        let result = await GraphEngine.run(graph, initial: seedState, runner: nodes)
        #expect(result.status == .failed && result.error?.kind == .invalidGraph)
        #expect(result.error?.message == "the graph has 1 problem:\n  agents/extra.lua:50: node sentiment_check is unreachable from the entry point planner")
        #expect(log.all.isEmpty && result.journal.isEmpty && result.state == seedState)
    }

    @Test func resultIsCodableWithSnakeCaseKeys() async throws {
        var nodes = seedNodes()
        nodes.set("risk") { _, _ in throw NodeFailure(message: "boom", location: "agents/nodes/risk.lua:2") }
        let result = await GraphEngine.run(seedGraph(), initial: seedState, runner: nodes)
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let data = try encoder.encode(result)
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains("\"duration_seconds\":") && text.contains("\"error_location\":\"agents\\/nodes\\/risk.lua:2\""))
        #expect(text.contains("\"status\":\"failed\"") && text.contains("\"kind\":\"node_failed\""))
        let decoded = try JSONDecoder().decode(GraphRunResult.self, from: data)
        #expect(decoded.journal == result.journal && decoded.path == result.path && decoded.error == result.error)
        #expect(decoded.state["planned_tasks"] == result.state["planned_tasks"])
    }

    @Test func branchesSeeTheStateBeforeTheForkAndEventsComeInOrder() async throws {
        var nodes = seedNodes()
        nodes.set("bear") { state, _ in
            // Whatever the timing, bear never sees bull's update.
            NodeOutput(["bear_saw_bull": .boolean(state["bull_case"] != nil)])
        }
        let log = Log()
        let result = await GraphEngine.run(seedGraph(), initial: seedState, runner: nodes) { event in
            switch event {
            case .nodeStarted(let node, let step, _): log.add("start \(step) \(node)")
            case .nodeCompleted(let record): log.add("done \(record.step) \(record.name)")
            case .routed(let from, let to, _): log.add("\(from) -> \(to)")
            default: log.add("other")
            }
        }
        #expect(result.state["bear_saw_bull"] == false)
        let events = log.all
        #expect(events.prefix(4) == ["start 1 planner", "done 1 planner", "planner -> researcher", "start 2 researcher"])
        #expect(events.firstIndex(of: "bull_bear -> bull")! < events.firstIndex(of: "start 5 bull")!)
        #expect(events.firstIndex(of: "done 6 bear")! < events.firstIndex(of: "bear -> analyzer")!)
        #expect(!events.contains("other"))
    }

    @Test func missingHandlerIsANodeFailure() async throws {
        var graph = seedGraph()
        graph.replaceNode("optimizer", handler: "agents/nodes/kelly.lua", at: at(12, "agents/kelly_agent.lua"))
        let result = await GraphEngine.run(graph, initial: seedState, runner: seedNodes())
        #expect(result.error?.message == "node optimizer (agents/kelly_agent.lua:12) failed: no function for handler "
            + "\"agents/nodes/kelly.lua\" of node optimizer")
    }
}
