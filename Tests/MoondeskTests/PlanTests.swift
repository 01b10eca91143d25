import Foundation
import Moondesk
import Research
import Testing

/// The three agents' plans for BTC/USDT, with the seed's figures, and the example agent written in Lua only.
@Suite struct AgentPlanTests {
    func plan(_ agent: String, _ configure: (inout SessionOptions) -> Void = { _ in }) throws -> ResearchPlan {
        try session(repoRoot + "/agents/" + agent, configure).plan()
    }

    @Test func balanced() throws {
        let p = try plan("balanced.lua")
        #expect(p.tasks.map(\.taskID) == ["sentiment", "onchain", "technical", "macro", "keywords", "patterns"])
        #expect(abs(p.estimate.estimatedCost - 0.16) < 1e-9)
        #expect(p.estimate.estimatedTimeSequential == 120)
        #expect(p.estimate.estimatedTimeParallel == 40)
        #expect(p.estimate.speedup == 3.0)
        #expect(p.estimate.criticalPathSeconds == 40)
        #expect([["technical", "patterns"], ["sentiment", "keywords"]].contains(p.estimate.criticalPath))
    }

    @Test func conservative() throws {
        let p = try plan("conservative.lua")
        #expect(Set(p.tasks.map(\.taskID)) == ["sentiment", "onchain", "technical", "macro", "keywords", "liquidity", "correlation"])
        #expect(abs(p.estimate.estimatedCost - 0.18) < 1e-9)
        #expect(p.estimate.estimatedTimeSequential == 135)
        #expect(p.estimate.estimatedTimeParallel >= p.estimate.criticalPathSeconds)
    }

    @Test func aggressiveHasNoOptionalTasks() throws {
        let p = try plan("aggressive.lua")
        #expect(Set(p.tasks.map(\.taskID)) == ["sentiment", "onchain", "technical", "macro", "momentum", "breakout"])
        #expect(p.notes.isEmpty || !p.tasks.contains { $0.optional })
        #expect(p.estimate.estimatedTimeSequential == 115)
    }

    @Test func aSymbolWithoutAChainGetsNoOnChainTaskAndSaysWhy() throws {
        let p = try plan("balanced.lua") { $0.plan.symbol = "AAPL/USD" }
        #expect(!p.tasks.contains { $0.taskID == "onchain" })
        #expect(p.notes.contains { $0.contains("no on-chain task") && $0.contains("AAPL") })
    }

    @Test func exampleAgentAddsATaskAndReordersPriorities() throws {
        let p = try plan("examples/swing.lua")
        let byID = Dictionary(uniqueKeysWithValues: p.tasks.map { ($0.taskID, $0) })
        #expect(byID["momentum"]?.priority == .high)
        #expect(byID["patterns"]?.priority == .high)
        #expect(byID["sentiment"]?.priority == .medium)
        #expect(p.estimate.maxParallel == 2)
    }

    @Test func budgetsDropFromTheLowestPriorityUp() throws {
        let p = try plan("balanced.lua") { $0.plan.maxCost = 0.12 }
        #expect(p.dropped.map(\.taskID) == ["keywords", "patterns", "macro"])
        #expect(p.estimate.estimatedCost <= 0.12 + 1e-9)
        #expect(p.tasks.filter { $0.priority == .critical }.count == 3)
    }

    @Test func criticalTasksOverBudgetIsAnErrorSayingByHowMuch() throws {
        #expect { try plan("balanced.lua") { $0.plan.maxCost = 0.05 } } throws: { error in
            String(describing: error).contains("$0.05 over") || String(describing: error).contains("over max_cost")
        }
    }

    @Test func sequentialFlagRunsOneSlot() throws {
        let p = try plan("balanced.lua") { $0.plan.sequential = true }
        #expect(p.estimate.estimatedTimeParallel == 120)
    }
}

/// Each bad plan gets one message naming the task and the agent file and line where it was declared.
@Suite struct BadPlanTests {
    func problems(_ body: String) throws -> String {
        let root = try makeProject([
            "agents/handlers/close.lua": closeHandler,
            "agents/bad.lua": "return desk.agent { name = 'bad', plan = function(plan, ctx)\n" + body + "\nend }",
        ])
        do {
            _ = try session(root + "/agents/bad.lua").plan()
            return ""
        } catch {
            return String(describing: error)
        }
    }

    @Test func duplicateID() throws {
        let m = try problems("plan:add{ id = 'a', handler = 'handlers.close' }\nplan:add{ id = 'a', handler = 'handlers.close' }")
        #expect(m.contains("bad.lua:3") && m.contains("\"a\"") && m.contains("duplicate"))
    }

    @Test func unknownDependencyWithSuggestion() throws {
        let m = try problems("plan:add{ id = 'technical', handler = 'handlers.close' }\nplan:add{ id = 'p', depends = {'technicl'}, handler = 'handlers.close' }")
        #expect(m.contains("bad.lua:3") && m.contains("technicl") && m.contains("did you mean \"technical\""))
    }

    @Test func cycleWithPath() throws {
        let m = try problems("""
            plan:add{ id = 'a', depends = {'c'}, handler = 'handlers.close' }
            plan:add{ id = 'b', depends = {'a'}, handler = 'handlers.close' }
            plan:add{ id = 'c', depends = {'b'}, handler = 'handlers.close' }
            """)
        #expect(m.contains("cycle: a -> c -> b -> a") || m.contains("cycle: a -> b -> c -> a"), "\(m)")
        #expect(m.contains("bad.lua:"))
    }

    @Test func negativeCost() throws {
        let m = try problems("plan:add{ id = 'a', cost = -1, handler = 'handlers.close' }")
        #expect(m.contains("bad.lua:2") && m.contains("cost"))
    }

    @Test func nonNumericSeconds() throws {
        let m = try problems("plan:add{ id = 'a', seconds = 'soon', handler = 'handlers.close' }")
        #expect(m.contains("bad.lua:2") && m.contains("seconds"))
    }

    @Test func unknownPriority() throws {
        let m = try problems("plan:add{ id = 'a', priority = 'urgent', handler = 'handlers.close' }")
        #expect(m.contains("bad.lua:2") && m.contains("urgent") && m.contains("critical"))
    }

    @Test func misspeltField() throws {
        let m = try problems("plan:add{ id = 'a', dependz = {}, handler = 'handlers.close' }")
        #expect(m.contains("bad.lua:2") && m.contains("dependz") && m.contains("depends"))
    }

    @Test func handlerModuleThatDoesNotExist() throws {
        let m = try problems("plan:add{ id = 'a', handler = 'handlers.nope' }")
        #expect(m.contains("bad.lua:2") && m.contains("handlers.nope"))
    }

    @Test func syntaxErrorInTheAgentNamesTheLine() throws {
        let root = try makeProject(["agents/broken.lua": "return desk.agent {\n  name = 'x',,\n}"])
        #expect { try session(root + "/agents/broken.lua") } throws: { error in
            String(describing: error).contains("broken.lua:2") && String(describing: error).contains("syntax error")
        }
    }

    @Test func unknownYAMLKeyNamesFileAndLine() throws {
        let root = try makeProject([
            "agents/handlers/close.lua": closeHandler,
            "agents/a.lua": "return desk.agent { name = 'a', plan = function(plan) plan:add{ id = 'a', handler = 'handlers.close' } end }",
            "config/planning.yaml": "defaults:\n  max_paralel_tasks: 2\n",
        ])
        #expect { try session(root + "/agents/a.lua") } throws: { error in
            let m = String(describing: error)
            return m.contains("planning.yaml:2") && m.contains("max_paralel_tasks") && m.contains("max_parallel_tasks")
        }
    }

    @Test func badYAMLNamesTheLine() throws {
        let root = try makeProject([
            "agents/a.lua": "return desk.agent { name = 'a' }",
            "config/planning.yaml": "defaults:\n  max_parallel_tasks: [1, 2\n",
        ])
        #expect { try session(root + "/agents/a.lua") } throws: { error in
            String(describing: error).contains("planning.yaml:")
        }
    }
}
