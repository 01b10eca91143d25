import Testing
@testable import Research

@Suite struct PlanValidatorTests {
    func at(_ line: Int) -> Research.SourceLocation { Research.SourceLocation(file: "agents/balanced.lua", line: line) }

    @Test func validPlanHasNoProblems() {
        #expect(PlanValidator.problems(in: balancedPlan()) == [])
    }

    @Test func duplicateIdNamesBothDeclarations() {
        var plan = balancedPlan()
        plan.append(ResearchTask(id: "macro", handler: "handlers.macro", declaredAt: at(14)))
        #expect(PlanValidator.problems(in: plan).map(\.description)
            == [#"agents/balanced.lua:14: task "macro": duplicate id "macro" (first declared at agents/balanced.lua:6)"#])
    }

    @Test func unknownDependencySuggestsTheNearestId() {
        var plan = balancedPlan()
        plan[4].dependencies = ["technicl"]
        plan[4].declaredAt = at(12)
        #expect(PlanValidator.problems(in: plan).map(\.description)
            == [#"agents/balanced.lua:12: task "patterns": unknown dependency "technicl" (did you mean "technical"?)"#])
        plan[4].dependencies = ["zzz"]
        #expect(PlanValidator.problems(in: plan).map(\.description)
            == [#"agents/balanced.lua:12: task "patterns": unknown dependency "zzz""#])
    }

    @Test func cycleShowsItsPath() {
        let plan = [
            ResearchTask(id: "x", handler: "h", declaredAt: at(1)),
            ResearchTask(id: "a", dependencies: ["b"], handler: "h", declaredAt: at(2)),
            ResearchTask(id: "b", dependencies: ["c"], handler: "h", declaredAt: at(3)),
            ResearchTask(id: "c", dependencies: ["a", "x"], handler: "h", declaredAt: at(4)),
            ResearchTask(id: "d", dependencies: ["d"], handler: "h", declaredAt: at(5)),
        ]
        #expect(PlanValidator.problems(in: plan).map(\.description) == [
            #"agents/balanced.lua:2: task "a": cycle: a -> b -> c -> a"#,
            #"agents/balanced.lua:5: task "d": cycle: d -> d"#,
        ])
    }

    @Test func cycleReachedFromTheMiddleStartsAtTheEarliestDeclared() {
        let plan = [
            ResearchTask(id: "a", dependencies: ["b"], handler: "h"),
            ResearchTask(id: "b", dependencies: ["c"], handler: "h"),
            ResearchTask(id: "c", dependencies: ["b"], handler: "h"),
        ]
        #expect(PlanValidator.problems(in: plan).map(\.description) == [#"task "b": cycle: b -> c -> b"#])
    }

    @Test func missingHandlerModule() {
        var plan = balancedPlan()
        plan[1].handler = "handlers.onchian"
        let known = Set(balancedPlan().map(\.handler))
        #expect(PlanValidator.problems(in: plan, handlerExists: { known.contains($0) }).map(\.description)
            == [#"agents/balanced.lua:4: task "onchain": handler module "handlers.onchian" not found"#])
        plan[2].handler = "handlers.sentimnt"
        #expect(PlanValidator.problems(in: plan, handlerExists: { known.contains($0) }).last?.description
            == #"agents/balanced.lua:5: task "technical": handler module "handlers.sentimnt" not found (did you mean "handlers.sentiment"?)"#)
    }

    @Test func allProblemsAreReportedTogether() {
        var plan = balancedPlan()
        plan[4].dependencies = ["technicl"]
        plan[5].dependencies = ["keywords"]
        plan.append(ResearchTask(id: "macro", handler: "handlers.none", declaredAt: at(9)))
        let error = #expect(throws: PlanError.self) {
            try PlanValidator.validate(plan, handlerExists: { $0 != "handlers.none" })
        }
        #expect(error?.problems.count == 4)
        #expect(error?.description.hasPrefix("4 problems in the plan:\n  agents/balanced.lua:9") == true)
        #expect(error?.description.contains("cycle: keywords -> keywords") == true)
    }
}
