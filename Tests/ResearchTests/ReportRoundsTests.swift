import LuaHost
import Testing
@testable import Research

/// Reports of research rounds combined into one: a failed critical task re-run to completion is no longer degraded.
@Suite struct ReportRoundsTests {
    @Test func aReRunThatCompletesReplacesTheFailureAndItsAttemptsAddUp() async throws {
        let plan = balancedPlan()
        let executor = TaskExecutor(options: ExecutionOptions(maxParallel: 3, backoffScale: 0))
        let failing = ClosureHandler { task, context in
            if task.taskID == "onchain" { throw HandlerFailure(isRetryable: false, message: "feed down") }
            return sumTable(task, context)
        }
        let first = try await executor.execute(plan, request: request, handler: failing)
        #expect(first.degraded)
        #expect(first.degradedReasons == ["critical task onchain failed: feed down"])

        let rerun = plan.filter { $0.taskID == "onchain" }
        let second = try await executor.execute(rerun, request: request, handler: ClosureHandler { sumTable($0, $1) })
        let combined = try #require(ExecutionReport.combining([first, second], plan: plan))
        #expect(combined.totalTasks == 6)
        #expect(combined.completed == 6)
        #expect(combined.failed == 0)
        #expect(!combined.degraded && combined.degradedReasons.isEmpty)
        #expect(combined.tasks["onchain"]?.status == .completed)
        #expect(combined.tasks["onchain"]?.attempts.count == (first.tasks["onchain"]?.attempts.count ?? 0) + 1)
        #expect(combined.results["onchain"] != nil)
        #expect(combined.durationSeconds == first.durationSeconds + second.durationSeconds)
    }
}
