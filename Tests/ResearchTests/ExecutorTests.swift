import Foundation
import LuaHost
import Testing
@testable import Research

extension TimedExecution {
@Suite struct ExecutorTests {
    let quick = ExecutionOptions(maxParallel: 3, seed: 7, backoffScale: 0.01)

    @Test func runsTheBalancedPlanAndHandsOnlyDeclaredDependencies() async throws {
        let handler = ClosureHandler { task, context in
            var table = sumTable(task, context)
            if case .table(var fields) = table {
                fields["actual_cost"] = .number(task.estimatedCost / 2)
                table = .table(fields)
            }
            return table
        }
        let report = try await TaskExecutor(options: quick).execute(balancedPlan(), request: request, handler: handler)
        #expect(report.totalTasks == 6)
        #expect(report.completed == 6)
        #expect(report.failed == 0)
        #expect(report.successRate == 1)
        #expect(!report.degraded)
        #expect(report.stopReason == nil)
        #expect(report.results["patterns"]?["deps"] == ["technical"])
        #expect(report.results["keywords"]?["deps"] == ["sentiment"])
        #expect(report.results["macro"]?["deps"] == [])
        #expect(report.results["sentiment"]?["sum"] == .integer(500_500))
        #expect(abs(report.estimatedVsActual.actualCost - 0.08) < 1e-9)
        #expect(abs(report.estimatedVsActual.estimatedCost - 0.16) < 1e-9)
        #expect(report.estimatedVsActual.estimatedSeconds == 40)
        #expect(report.tasks["technical"]?.attempts.count == 1)
    }

    @Test func reportEncodesWithSnakeCaseKeys() async throws {
        let handler = ClosureHandler { task, context in
            task.taskID == "macro" ? ["dxy": 104.5, "odd": .number(.nan), "list": [1, 2]] : sumTable(task, context)
        }
        let report = try await TaskExecutor(options: quick).execute(balancedPlan(), request: request, handler: handler)
        let json = String(decoding: try JSONEncoder.sorted.encode(report), as: UTF8.self)
        for key in ["total_tasks", "completed", "failed", "success_rate", "duration_seconds", "results", "degraded",
                    "tasks", "attempts", "estimated_vs_actual", "actual_cost", "estimated_seconds"] {
            #expect(json.contains("\"\(key)\":"), "missing \(key)")
        }
        #expect(json.contains(#""macro":{"dxy":104.5,"list":[1,2],"odd":null}"#))
        let decoded = try JSONDecoder().decode(ExecutionReport.self, from: JSONEncoder.sorted.encode(report))
        #expect(decoded.results["macro"]?["dxy"] == 104.5)
        #expect(decoded.tasks == report.tasks)
    }

    @Test func paceMakesTheScheduleVisible() async throws {
        let handler = ClosureHandler { task, context in sumTable(task, context) }
        var options = quick
        options.pace = 0.01
        let eager = try await TaskExecutor(options: options).execute(balancedPlan(), request: request, handler: handler)
        options.parallel = false
        let sequential = try await TaskExecutor(options: options).execute(balancedPlan(), request: request, handler: handler)
        // Loose bounds: 0.40 s and 1.20 s are the figures; machines are noisy.
        #expect(eager.durationSeconds >= 0.39 && eager.durationSeconds < sequential.durationSeconds)
        #expect(sequential.durationSeconds >= 1.19 && sequential.durationSeconds < 6)
        #expect(eager.estimatedVsActual.estimatedSeconds == 0.40)
        #expect(sequential.estimatedVsActual.estimatedSeconds == 1.20)
        let patterns = try #require(eager.tasks["patterns"]?.start), technical = try #require(eager.tasks["technical"]?.end)
        #expect(patterns >= technical)
    }

    /// The balanced plan plus `whales`, which depends on onchain.
    func planWithWhales(onchainTimeout: Double) -> [ResearchTask] {
        var plan = balancedPlan()
        plan[1].timeoutSeconds = onchainTimeout
        plan.append(ResearchTask(id: "whales", priority: .high, dependencies: ["onchain"], estimatedSeconds: 5,
                                 handler: "handlers.whales"))
        return plan
    }

    func expectStoppedAtTimeout(_ report: ExecutionReport, timeout: Double, location: String? = nil) {
        let onchain = report.tasks["onchain"]
        #expect(onchain?.status == .timedOut)
        #expect(onchain?.attempts.count == 1)
        #expect(onchain?.errorLocation == location)
        if let attempt = onchain?.attempts.first {
            #expect(attempt.end - attempt.start >= timeout)
            #expect(attempt.end - attempt.start < timeout + 0.5)
        }
        #expect(report.tasks["whales"]?.status == .skipped)
        #expect(report.tasks["whales"]?.error == "dependency onchain timed_out")
        #expect(report.completed == 5)
        #expect(report.timedOut == 1 && report.failed == 1 && report.skipped == 1)
        #expect(report.degraded)
        #expect(report.degradedReasons == ["critical task onchain timed_out: timed out after \(Formatting.seconds(timeout))"]
            || report.degradedReasons.first?.hasPrefix("critical task onchain timed_out") == true)
    }

    @Test func busyLoopCheckingCancellationIsStoppedAtItsTimeout() async throws {
        let handler = ClosureHandler { task, context in
            if task.taskID == "onchain" {
                var spins: Int64 = 0
                while !Task.isCancelled { spins &+= 1 }
                return ["spins": .integer(spins)]
            }
            return sumTable(task, context)
        }
        let report = try await TaskExecutor(options: quick).execute(planWithWhales(onchainTimeout: 0.2), request: request, handler: handler)
        expectStoppedAtTimeout(report, timeout: 0.2)
    }

    @Test func busyLoopCheckingTheDeadlineReportsItsLocation() async throws {
        let handler = ClosureHandler { task, context in
            if task.taskID == "onchain" {
                var spins: Int64 = 0
                while ContinuousClock.now < context.deadline { spins &+= 1 }  // what the Lua hook does
                throw HandlerFailure(isRetryable: false, isTimeout: true, location: "handlers/onchain.lua:7",
                                     message: "deadline reached")
            }
            return sumTable(task, context)
        }
        let report = try await TaskExecutor(options: quick).execute(planWithWhales(onchainTimeout: 0.2), request: request, handler: handler)
        expectStoppedAtTimeout(report, timeout: 0.2, location: "handlers/onchain.lua:7")
    }

    /// Batch mode runs each chunk on all its slots at once, the chunks after the first too: the slot that finishes
    /// a chunk's last task and starts the next chunk wakes the parked slots for it.
    @Test func batchChunksRunTheirTasksSideBySide() async throws {
        let graph = try TaskGraph(balancedPlan())
        let chunks = BatchPolicy.chunks(graph, slots: 3).map { $0.map { graph.ids[$0] } }
        let running = Locked<(now: Set<String>, alongside: [String: Int])>(([], [:]))
        let handler = ClosureHandler { task, context in
            running.withLock { $0.now.insert(task.taskID) }
            try await Task.sleep(for: .milliseconds(150))
            running.withLock { state in
                state.alongside[task.taskID] = state.now.count   // how many ran with it (itself included) at its end
                state.now.remove(task.taskID)
            }
            return sumTable(task, context)
        }
        let report = await TaskExecutor(options: ExecutionOptions(maxParallel: 3, seed: 7, mode: .batch))
            .execute(graph, request: request, handler: handler)
        #expect(report.completed == 6)
        let alongside = running.current.alongside
        for (number, chunk) in chunks.enumerated() where chunk.count > 1 {
            #expect(chunk.contains { (alongside[$0] ?? 0) > 1 }, "chunk \(number + 1) \(chunk) ran one task at a time: \(alongside)")
        }
    }

    @Test func longSleepIsStoppedAtItsTimeout() async throws {
        let handler = ClosureHandler { task, context in
            if task.taskID == "onchain" { try await Task.sleep(for: .seconds(3600)) }
            return sumTable(task, context)
        }
        let events = Locked<[ExecutionEvent]>([])
        let report = try await TaskExecutor(options: quick).execute(
            planWithWhales(onchainTimeout: 0.15), request: request, handler: handler,
            events: { event in events.withLock { $0.append(event) } })
        expectStoppedAtTimeout(report, timeout: 0.15)
        let kinds = events.current.filter { $0.taskID == "onchain" || $0.taskID == "whales" }.map(\.kind)
        #expect(kinds == [.planned, .planned, .started, .timedOut(location: nil), .skipped(reason: "dependency onchain timed_out")])
    }

    func flakyRun(seed: UInt64) async throws -> (ExecutionReport, [Double]) {
        let calls = Locked(0)
        let handler = ClosureHandler { task, context in
            if task.taskID == "macro" {
                let call = calls.withLock { $0 += 1; return $0 }
                if call <= 2 { throw URLError(.timedOut) }
            }
            return sumTable(task, context)
        }
        let delays = Locked<[Double]>([])
        var options = quick
        options.seed = seed
        let report = try await TaskExecutor(options: options).execute(
            balancedPlan(), request: request, handler: handler,
            events: { event in if case .retrying(let delay, _) = event.kind { delays.withLock { $0.append(delay) } } })
        return (report, delays.current)
    }

    @Test func failsTwiceThenSucceedsWithSeededBackoff() async throws {
        let (report, delays) = try await flakyRun(seed: 42)
        let macro = try #require(report.tasks["macro"])
        #expect(macro.status == .completed)
        #expect(macro.attempts.map(\.status) == [.failed, .failed, .completed])
        #expect(macro.attempts.map(\.attempt) == [1, 2, 3])
        #expect(macro.attempts[0].error?.contains("URLError") == true)
        #expect(delays.count == 2)
        // 0.5 s then 1 s, plus jitter below a quarter, scaled by 0.01.
        #expect(delays[0] >= 0.005 && delays[0] < 0.00625)
        #expect(delays[1] >= 0.010 && delays[1] < 0.0125)
        #expect(macro.attempts[1].start - macro.attempts[0].end >= delays[0] * 0.9)
        let (_, again) = try await flakyRun(seed: 42)
        #expect(again == delays)
        let (_, other) = try await flakyRun(seed: 43)
        #expect(other != delays)
    }

    @Test func nonRetryableFailureGetsOneAttempt() async throws {
        let handler = ClosureHandler { task, context in
            if task.taskID == "technical" {
                throw HandlerFailure(isRetryable: false, location: "handlers/technical.lua:3", message: "io.open is not allowed")
            }
            return sumTable(task, context)
        }
        let report = try await TaskExecutor(options: quick).execute(balancedPlan(), request: request, handler: handler)
        let technical = try #require(report.tasks["technical"])
        #expect(technical.status == .failed)
        #expect(technical.attempts.count == 1)
        #expect(technical.error == "io.open is not allowed")
        #expect(technical.errorLocation == "handlers/technical.lua:3")
        #expect(report.tasks["patterns"]?.status == .skipped)
        #expect(report.tasks["patterns"]?.error == "dependency technical failed")
        #expect(report.completed == 4)
        #expect(report.degradedReasons == ["critical task technical failed: io.open is not allowed"])
    }

    @Test func retryableFailureUsesAllRetries() async throws {
        let handler = ClosureHandler { task, context in
            if task.taskID == "keywords" { throw HandlerFailure(isRetryable: true, message: "rate limited") }
            return sumTable(task, context)
        }
        let report = try await TaskExecutor(options: quick).execute(balancedPlan(), request: request, handler: handler)
        #expect(report.tasks["keywords"]?.attempts.count == 3)
        #expect(report.tasks["keywords"]?.status == .failed)
        #expect(!report.degraded)  // keywords is low priority
    }

    @Test func cancellingTheRunKeepsCompletedResults() async throws {
        let handler = ClosureHandler { task, context in
            if task.priority != .critical { try await Task.sleep(for: .seconds(3600)) }
            return sumTable(task, context)
        }
        let run = Task { try await TaskExecutor(options: quick).execute(balancedPlan(), request: request, handler: handler) }
        try await Task.sleep(for: .milliseconds(300))
        run.cancel()
        let report = try await run.value
        #expect(report.stopReason == "cancelled")
        #expect(Set(report.results.keys) == ["sentiment", "onchain", "technical"])
        #expect(report.tasks["macro"]?.status == .cancelled)  // was running
        #expect(report.tasks["patterns"]?.status == .cancelled)  // was running
        #expect(report.tasks["keywords"]?.status == .cancelled)  // was running or never started
        #expect(report.completed == 3 && report.cancelled == 3)
        #expect(report.durationSeconds < 5)
    }

    @Test func failFastCancelsTheRest() async throws {
        let handler = ClosureHandler { task, context in
            switch task.taskID {
            case "technical": throw HandlerFailure(isRetryable: false, message: "bad data")
            case "onchain": return sumTable(task, context)
            default: try await Task.sleep(for: .seconds(3600)); return [:]
            }
        }
        var options = quick
        options.failFast = true
        options.maxParallel = 2
        let report = try await TaskExecutor(options: options).execute(balancedPlan(), request: request, handler: handler)
        #expect(report.stopReason == "fail_fast: technical failed")
        #expect(report.tasks["technical"]?.status == .failed)
        #expect(report.tasks["sentiment"]?.status == .cancelled)
        #expect(report.tasks["patterns"]?.status == .skipped)
        for id in ["macro", "keywords"] { #expect(report.tasks[id]?.status == .skipped || report.tasks[id]?.status == .cancelled) }
        #expect(report.completed <= 1)
        #expect(report.durationSeconds < 5)
    }

    @Test func sameSeedSameReportApartFromTimings() async throws {
        func summary(_ report: ExecutionReport) -> [String] {
            report.tasks.keys.sorted().map { id in
                let record = report.tasks[id]!
                return "\(id) \(record.status) \(record.attempts.map(\.status)) \(record.error ?? "-")"
            }
        }
        let (first, _) = try await flakyRun(seed: 9)
        let (second, _) = try await flakyRun(seed: 9)
        #expect(summary(first) == summary(second))
        #expect(first.results == second.results)
    }

    @Test func invalidPlanIsRejectedBeforeRunning() async {
        var plan = balancedPlan()
        plan[4].dependencies = ["technicl"]
        let ran = Locked(false)
        await #expect(throws: PlanError.self) {
            try await TaskExecutor().execute(plan, request: request, handler: ClosureHandler { _, _ in ran.withLock { $0 = true }; return [:] })
        }
        #expect(!ran.current)
    }

    @Test func badActualCostFailsTheTask() async throws {
        let handler = ClosureHandler { task, _ in task.taskID == "macro" ? ["actual_cost": "cheap"] : [:] }
        let report = try await TaskExecutor(options: quick).execute(balancedPlan(), request: request, handler: handler)
        #expect(report.tasks["macro"]?.status == .failed)
        #expect(report.tasks["macro"]?.error == "actual_cost must be a number, zero or more, got string")
        #expect(report.estimatedVsActual.unreportedCostTasks.count == 6)  // macro ran too, without a cost
    }
}
}
