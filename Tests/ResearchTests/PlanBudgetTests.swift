import Testing
@testable import Research

@Suite struct PlanBudgetTests {
    @Test func dropsFromTheLowestPriorityUp() throws {
        let plan = try PlanBudget(maxCost: 0.12).apply(to: balancedPlan(), maxParallel: 3)
        #expect(plan.dropped == [
            DroppedTask(taskID: "keywords", reason: "over budget: cost $0.16 > max $0.12"),
            DroppedTask(taskID: "patterns", reason: "over budget: cost $0.15 > max $0.12"),
            DroppedTask(taskID: "macro", reason: "over budget: cost $0.13 > max $0.12"),
        ])
        #expect(plan.tasks.map(\.taskID) == ["sentiment", "onchain", "technical"])
        #expect(abs(plan.estimate.estimatedCost - 0.10) < 1e-9)
    }

    @Test func withinBudgetDropsNothing() throws {
        let plan = try PlanBudget(maxCost: 0.16, maxSeconds: 40).apply(to: balancedPlan(), maxParallel: 3)
        #expect(plan.dropped.isEmpty)
        #expect(plan.tasks.count == 6)
    }

    @Test func latestDeclaredFirstWithinAPriority() throws {
        var tasks = balancedPlan()
        tasks[3].priority = .low  // macro is now low too, but declared before keywords
        let plan = try PlanBudget(maxCost: 0.15).apply(to: tasks, maxParallel: 3)
        #expect(plan.dropped.map(\.taskID) == ["keywords"])
        let tighter = try PlanBudget(maxCost: 0.13).apply(to: tasks, maxParallel: 3)
        #expect(tighter.dropped.map(\.taskID) == ["keywords", "macro"])
    }

    @Test func dependentsOfADroppedTaskGoToo() throws {
        var tasks = balancedPlan()
        tasks.append(ResearchTask(id: "summary", priority: .high, dependencies: ["keywords"], estimatedCost: 0.01,
                                  estimatedSeconds: 5, handler: "handlers.summary"))
        let plan = try PlanBudget(maxCost: 0.15).apply(to: tasks, maxParallel: 3)
        #expect(plan.dropped == [
            DroppedTask(taskID: "keywords", reason: "over budget: cost $0.17 > max $0.15"),
            DroppedTask(taskID: "summary", reason: "depends on dropped task keywords"),
        ])
    }

    @Test func timeLimitUsesTheSimulatedParallelTime() throws {
        let plan = try PlanBudget(maxSeconds: 35).apply(to: balancedPlan(), maxParallel: 3)
        #expect(plan.dropped == [
            DroppedTask(taskID: "keywords", reason: "over budget: time 40 s > max 35 s"),
            DroppedTask(taskID: "patterns", reason: "over budget: time 40 s > max 35 s"),
        ])
        #expect(plan.estimate.estimatedTimeParallel == 35)
    }

    @Test func criticalTasksAloneOverBudget() {
        #expect(throws: BudgetError(description: "critical tasks alone cost $0.10, $0.02 over max_cost $0.08")) {
            try PlanBudget(maxCost: 0.08).apply(to: balancedPlan(), maxParallel: 3)
        }
        #expect(throws: BudgetError(description: "critical tasks alone take 30 s, 5 s over max_seconds 25 s")) {
            try PlanBudget(maxSeconds: 25).apply(to: balancedPlan(), maxParallel: 3)
        }
    }

    @Test func aTaskACriticalOneNeedsIsKept() throws {
        var tasks = balancedPlan()
        tasks[4].priority = .critical  // patterns is critical now
        tasks[2].priority = .low  // and technical, which it needs, is low
        let plan = try PlanBudget(maxCost: 0.12).apply(to: tasks, maxParallel: 3)
        #expect(plan.dropped.map(\.taskID) == ["keywords", "macro"])
        #expect(throws: BudgetError(description: "critical tasks and the tasks they depend on cost $0.12, $0.02 over max_cost $0.10")) {
            try PlanBudget(maxCost: 0.10).apply(to: tasks, maxParallel: 3)
        }
    }
}
