import Foundation
import Moondesk
import Research
import Testing

/// Research runs with real Lua handlers: timeouts that stop the work, retries, errors of every shape.
@Suite(.serialized) struct ResearchRunTests {
    /// A project whose agent declares the given tasks (Lua source of plan:add calls) and handlers.
    func run(tasks: String, handlers: [String: String], settings: RunSettings = RunSettings()) async throws -> ExecutionReport {
        var files = ["agents/t.lua": "return desk.agent { name = 't', plan = function(plan, ctx)\n" + tasks + "\nend }"]
        for (name, source) in handlers { files["agents/handlers/\(name).lua"] = source }
        let root = try makeProject(files)
        let s = try session(root + "/agents/t.lua") { $0.plan.symbol = "BTC/USDT" }
        return await s.research(try s.plan(), settings: settings)
    }

    @Test func aHandlerLoopingForeverIsStoppedAndItsDependentsSkipped() async throws {
        let start = ContinuousClock.now
        let report = try await run(tasks: """
            plan:add{ id = 'spin', timeout = 0.3, retries = 0, handler = 'handlers.spin' }
            plan:add{ id = 'after', depends = {'spin'}, handler = 'handlers.close' }
            plan:add{ id = 'other', handler = 'handlers.close' }
            """, handlers: ["spin": "return { run = function() local n = 0\nwhile true do n = n + 1 end end }", "close": closeHandler])
        #expect(report.tasks["spin"]?.status == .timedOut)
        #expect(report.tasks["spin"]?.errorLocation?.hasSuffix("handlers/spin.lua:2") == true)
        #expect(report.tasks["after"]?.status == .skipped)
        #expect(report.tasks["other"]?.status == .completed)
        #expect(ContinuousClock.now - start < .seconds(15))   // stopped, not hung: loose for a loaded 2-core machine
    }

    @Test func aHandlerWaitingInSleepIsCancelledAtItsTimeout() async throws {
        let report = try await run(tasks: "plan:add{ id = 'wait', timeout = 0.2, retries = 0, handler = 'handlers.wait' }",
                                   handlers: ["wait": "return { run = function() desk.sleep(3600) end }"])
        #expect(report.tasks["wait"]?.status == .timedOut)
        #expect(report.durationSeconds < 3)
    }

    @Test func failsTwiceThenSucceedsWithSeededBackoff() async throws {
        let flaky = """
            return { run = function(task, ctx)
              if ctx.attempt < 3 then desk.retryable("flaky source, attempt " .. ctx.attempt) end
              return { signal = 0.1, confidence = 0.5, summary = "ok on attempt " .. ctx.attempt }
            end }
            """
        var settings = RunSettings()
        settings.seed = 7
        let first = try await run(tasks: "plan:add{ id = 'f', retries = 2, handler = 'handlers.flaky' }", handlers: ["flaky": flaky], settings: settings)
        let second = try await run(tasks: "plan:add{ id = 'f', retries = 2, handler = 'handlers.flaky' }", handlers: ["flaky": flaky], settings: settings)
        let attempts = try #require(first.tasks["f"]?.attempts)
        #expect(attempts.count == 3)
        #expect(attempts.map(\.status) == [.failed, .failed, .completed])
        #expect(attempts[0].error?.contains("flaky source, attempt 1") == true)
        #expect(first.results["f"]?["summary"] == "ok on attempt 3")
        // The same seed gives the same backoff: the gaps between attempts agree to within scheduling noise.
        let gaps = { (a: [AttemptRecord]) in zip(a.dropFirst(), a).map { $0.start - $1.end } }
        for (g1, g2) in zip(gaps(attempts), gaps(second.tasks["f"]!.attempts)) { #expect(abs(g1 - g2) < 0.5) }
        #expect(gaps(attempts)[0] >= 0.5 && gaps(attempts)[1] >= 1.0)
    }

    @Test func errorsAsTableStringAndSwiftHostError() async throws {
        let report = try await run(tasks: """
            plan:add{ id = 'table', retries = 0, handler = 'handlers.table' }
            plan:add{ id = 'string', retries = 0, handler = 'handlers.string' }
            plan:add{ id = 'host', retries = 0, handler = 'handlers.host' }
            plan:add{ id = 'sandbox', retries = 2, handler = 'handlers.sandbox' }
            """, handlers: [
                "table": "return { run = function() error({ code = 42, reason = 'bad feed' }) end }",
                "string": "return { run = function() error('no quotes today') end }",
                "host": "return { run = function() return desk.candles.load('/etc/passwd') end }",
                "sandbox": "return { run = function() os.execute('true') end }",
            ])
        #expect(report.tasks["table"]?.error?.contains("code = 42") == true)
        #expect(report.tasks["string"]?.error?.contains("no quotes today") == true)
        #expect(report.tasks["string"]?.errorLocation?.hasSuffix("handlers/string.lua:1") == true)
        #expect(report.tasks["host"]?.error?.contains("desk.candles.load") == true)
        #expect(report.tasks["sandbox"]?.attempts.count == 1, "sandbox refusals are not retried")
        #expect(report.completed == 0)
    }

    @Test func handlersSeeOnlyTheirDependenciesResults() async throws {
        let report = try await run(tasks: """
            plan:add{ id = 'a', handler = 'handlers.close' }
            plan:add{ id = 'b', handler = 'handlers.close' }
            plan:add{ id = 'c', depends = {'a'}, handler = 'handlers.inputs' }
            """, handlers: ["close": closeHandler, "inputs": """
                return { run = function(task, ctx)
                  local names = {}
                  for k in pairs(ctx.inputs) do names[#names + 1] = k end
                  table.sort(names)
                  return { signal = 0, confidence = 1, summary = table.concat(names, ","), metrics = { close = ctx.inputs.a.metrics.close } }
                end }
                """])
        #expect(report.results["c"]?["summary"] == "a")
        #expect(report.results["c"]?["metrics"]["close"] == report.results["a"]?["metrics"]["close"])
    }

    @Test func costReportedWithDeskCost() async throws {
        let report = try await run(tasks: "plan:add{ id = 'paid', cost = 0.05, handler = 'handlers.paid' }",
                                   handlers: ["paid": "return { run = function(task) desk.cost(0.04); desk.cost(0.01); return { signal = 0, confidence = 0, summary = 'paid' } end }"])
        #expect(report.tasks["paid"]?.actualCost == 0.05)
    }
}
