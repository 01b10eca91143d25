import Foundation
import LuaHost
import Moondesk
import Testing

/// The Chrome trace of a real decision run: a retried task, a timed-out task, parallel nodes.
@Suite(.serialized) struct ChromeTraceTests {
    func tracedRun() async throws -> (trace: [[String: Any]], run: DecisionRun) {
        let root = try makeProject([
            "agents/t.lua": """
                return desk.agent { name = 't', plan = function(plan, ctx)
                  plan:add{ id = 'flaky', priority = 'high', handler = 'handlers.flaky', retries = 2 }
                  plan:add{ id = 'spin', priority = 'low', handler = 'handlers.spin', timeout = 0.2, retries = 0 }
                  plan:add{ id = 'after', depends = { 'flaky' }, handler = 'handlers.ok' }
                end }
                """,
            "agents/handlers/flaky.lua": """
                return { run = function(task, ctx)
                  if ctx.attempt == 1 then desk.retryable('the first attempt fails') end
                  return { signal = 0.1, confidence = 0.5, summary = 'ok on attempt ' .. ctx.attempt }
                end }
                """,
            "agents/handlers/spin.lua": "return { run = function() while true do end end }",
            "agents/handlers/ok.lua": "return { run = function() return { signal = 0, confidence = 1, summary = 'ok' } end }",
            "agents/graph.lua": """
                return function(g)
                  g:node("planner", "desk.planner")
                  g:node("researcher", "desk.researcher")
                  g:node("x", "nodes.wait")
                  g:node("y", "nodes.wait")
                  g:node("z", "nodes.wait")
                  g:entry("planner")
                  g:edge("planner", "researcher")
                  g:edge("researcher", "both")
                  g:parallel("both", { "x", "y" }, "z")
                  g:edge("z", "END")
                end
                """,
            "agents/nodes/wait.lua": "return { run = function(state, ctx) desk.sleep(0.05); return { summary = ctx.node } end }",
        ])
        let trace = ChromeTrace()
        let run = try await session(root + "/agents/t.lua").decide { trace.record($0) }
        let object = try JSONSerialization.jsonObject(with: Data(trace.json().utf8)) as? [String: Any]
        let events = try #require(object?["traceEvents"] as? [[String: Any]])
        #expect(object?["displayTimeUnit"] as? String == "ms")
        return (events, run)
    }

    @Test func oneCompleteEventPerTaskAttemptAndPerNodeRetriesAndTimeoutsMarked() async throws {
        let (events, run) = try await tracedRun()
        #expect(run.result.status == .completed)
        let complete = events.filter { $0["ph"] as? String == "X" }
        let names = complete.compactMap { $0["name"] as? String }
        #expect(names.filter { $0.hasPrefix("flaky #") }.sorted() == ["flaky #1", "flaky #2"])
        #expect(names.contains("spin #1"))
        #expect(names.contains("after #1"))
        #expect(names.filter { ["planner", "researcher", "x", "y", "z"].contains($0) }.count == run.result.journal.count)
        let instants = events.filter { $0["ph"] as? String == "i" }.compactMap { $0["name"] as? String }
        #expect(instants.contains("retry: flaky"))
        #expect(instants.contains("timeout: spin"))
        let statuses = Dictionary(complete.map { ($0["name"] as? String ?? "", ($0["args"] as? [String: Any])?["status"] as? String ?? "") },
                                  uniquingKeysWith: { a, _ in a })
        #expect(statuses["flaky #1"] == "retrying")
        #expect(statuses["flaky #2"] == "completed")
        #expect(statuses["spin #1"] == "timed_out")
    }

    @Test func tracksNeverOverlapAndTimesAreMicrosecondsInOrder() async throws {
        let (events, _) = try await tracedRun()
        let metadata = events.filter { $0["ph"] as? String == "M" }
        let trackNames = metadata.filter { $0["name"] as? String == "thread_name" }
            .compactMap { ($0["args"] as? [String: Any])?["name"] as? String }
        #expect(trackNames.contains("graph"))
        #expect(trackNames.contains("graph 2"))
        #expect(trackNames.contains("slot 1"))
        #expect(metadata.contains { ($0["args"] as? [String: Any])?["name"] as? String == "moondesk" })

        let complete = events.filter { $0["ph"] as? String == "X" }
        var byTrack: [Int: [(Double, Double)]] = [:]
        for event in complete {
            let ts = try #require(event["ts"] as? Double), dur = try #require(event["dur"] as? Double)
            byTrack[event["tid"] as? Int ?? -1, default: []].append((ts, ts + dur))
        }
        for (tid, spans) in byTrack {
            let sorted = spans.sorted { $0.0 < $1.0 }
            for (a, b) in zip(sorted, sorted.dropFirst()) {
                #expect(a.1 <= b.0 + 0.001, "track \(tid) overlaps: \(a) and \(b)")
            }
        }
        // x and y ran at the same time, on two graph lanes.
        let x = try #require(complete.first { $0["name"] as? String == "x" })
        let y = try #require(complete.first { $0["name"] as? String == "y" })
        #expect(x["tid"] as? Int != y["tid"] as? Int)
        // Microseconds: the 50 ms nodes last tens of thousands of units; events come sorted by time.
        #expect((x["dur"] as? Double ?? 0) >= 40_000)
        let times = events.filter { $0["ph"] as? String != "M" }.compactMap { $0["ts"] as? Double }
        #expect(times == times.sorted())
    }
}
