import Foundation
import Testing

/// `host run` to a decision and `host graph`, end to end on the bundled data.
@Suite struct DecisionCommandTests {
    func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], "not JSON: \(text.prefix(300))")
    }

    func decide(_ agent: String, _ extra: [String] = [], in directory: String = HostProcess.packageRoot) async throws -> [String: Any] {
        let result = try await HostProcess.launch(["run", agent, "--json", "-q"] + extra, in: directory)
        #expect(result.status == 0, "\(result.stderr)")
        return try json(result.stdout)
    }

    static let ratings = ["strong buy", "buy", "hold", "sell", "strong sell"]

    @Test func theBalancedAgentDecidesWithEvidenceAndProvenance() async throws {
        let run = try await decide("agents/balanced.lua")
        for key in ["symbol", "risk_profile", "as_of", "decision", "plan", "research", "nodes", "warnings", "run"] {
            #expect(run[key] != nil, "missing \(key)")
        }
        let decision = try #require(run["decision"] as? [String: Any])
        #expect(["BUY", "SELL", "HOLD"].contains(decision["action"] as? String ?? ""))
        #expect(Self.ratings.contains(decision["rating"] as? String ?? ""))
        let confidence = try #require(decision["confidence"] as? Double)
        #expect(confidence >= 0 && confidence <= 1)
        #expect(decision["position_size"] is Double)
        let rationale = try #require(decision["rationale"] as? String)
        #expect(rationale.contains("technical"), "\(rationale)")
        let nodes = (run["nodes"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
        for node in ["planner", "researcher", "validator", "quality_gate", "bull", "bear", "analyzer", "risk",
                     "privacy", "optimizer", "decision"] {
            #expect(nodes.contains(node), "node \(node) did not run: \(nodes)")
        }
        for node in run["nodes"] as? [[String: Any]] ?? [] {
            #expect(node["status"] as? String == "completed")
            for key in ["name", "start", "end", "status"] { #expect(node[key] != nil) }
        }
        let meta = try #require(run["run"] as? [String: Any])
        let scripts = try #require(meta["scripts"] as? [String: String])
        for file in ["agents/balanced.lua", "agents/graph.lua", "agents/nodes/bull.lua", "agents/handlers/technical.lua"] {
            #expect(scripts[file]?.count == 64, "no hash for \(file): \(scripts.keys.sorted())")
        }
        #expect((meta["data"] as? [String: String])?["data/candles/btcusd_1d_coinbase.csv"]?.count == 64)
        #expect(meta["seed"] as? Int == 42)
        #expect(meta["id"] is String)
        #expect((run["warnings"] as? [String])?.contains { $0.contains("synthetic") } == true)
    }

    @Test func theTextSummaryShowsTheDecisionTheCasesAndTheNodes() async throws {
        let result = try await HostProcess.launch(["agents/balanced.lua", "-q"])
        #expect(result.status == 0, "\(result.stderr)")
        for part in ["Decision: ", "bull case", "bear case", "Risk: ", "Research: 6/6 tasks completed", "  ! ", "Nodes"] {
            #expect(result.stdout.contains(part), "missing \(part) in\n\(result.stdout)")
        }
        // The warnings (synthetic samples here) come before the decision; the cases are worded for or against it.
        let lines = result.stdout.split(separator: "\n").map(String.init)
        let warning = try #require(lines.firstIndex { $0.hasPrefix("  ! ") })
        let decision = try #require(lines.firstIndex { $0.hasPrefix("Decision: ") })
        #expect(warning < decision)
        let action = String(lines[decision].dropFirst("Decision: ".count).prefix { $0 != " " })
        if action == "HOLD" {
            #expect(result.stdout.contains("Bull case (for buying)") && result.stdout.contains("Bear case (for selling)"))
            #expect(result.stdout.contains("Held because") || result.stdout.contains("but held"))
        } else {
            #expect(result.stdout.contains("For \(action): the ") && result.stdout.contains("Against \(action): the "))
        }
    }

    @Test func theSameScriptsAndDataGiveByteIdenticalDecisionsApartFromTimings() async throws {
        /// Removes timings (start, end, durations), the run id and its journal entry; everything else must match byte for byte.
        func stable(_ text: String) throws -> String {
            func strip(_ value: Any) -> Any {
                if var object = value as? [String: Any] {
                    for key in ["start", "end", "duration", "duration_seconds", "actual_seconds"] { object[key] = nil }
                    return object.mapValues(strip)
                }
                if let array = value as? [Any] { return array.map(strip) }
                return value
            }
            var run = try json(text)
            var meta = run["run"] as? [String: Any] ?? [:]
            meta["id"] = nil
            run["run"] = meta
            run["journal"] = nil   // where this run was recorded and what it reused: the run's identity, like its id
            return String(decoding: try JSONSerialization.data(withJSONObject: strip(run), options: [.sortedKeys]), as: UTF8.self)
        }
        for agent in ["agents/balanced.lua", "agents/aggressive.lua"] {
            let a = try await HostProcess.launch(["run", agent, "--json", "-q"])
            let b = try await HostProcess.launch(["run", agent, "--json", "-q"])
            #expect(try stable(a.stdout) == stable(b.stdout), "\(agent) differs between runs")
        }
    }

    @Test func theProfilesDifferInTasksSizeAndStops() async throws {
        let conservative = try await decide("agents/conservative.lua")
        let aggressive = try await decide("agents/aggressive.lua")
        func tasks(_ run: [String: Any]) -> Set<String> {
            Set(((run["plan"] as? [String: Any])?["tasks"] as? [[String: Any]] ?? []).compactMap { $0["task_id"] as? String })
        }
        #expect(tasks(conservative).contains("liquidity"))
        #expect(tasks(aggressive).contains("breakout"))
        let c = try #require(conservative["position"] as? [String: Any])
        let a = try #require(aggressive["position"] as? [String: Any])
        #expect(c["risk_per_trade"] as? Double == 0.005)
        #expect(a["risk_per_trade"] as? Double == 0.02)
        #expect(c["stop_distance"] as? Double != a["stop_distance"] as? Double)
        let limitsC = try #require((conservative["risk"] as? [String: Any])?["limits"] as? [String: Any])
        let limitsA = try #require((aggressive["risk"] as? [String: Any])?["limits"] as? [String: Any])
        #expect((limitsC["max_position"] as? Double ?? 1) < (limitsA["max_position"] as? Double ?? 0))
    }

    @Test func asOfDecidesOnThePast() async throws {
        let run = try await decide("agents/balanced.lua", ["--as-of", "2018-12-15"])
        // The end of 2018-12-15 (24:00 UTC): the daily bar of 12-15 has closed and counts (docs/POINT_IN_TIME.md).
        #expect(run["as_of"] as? String == "2018-12-16T00:00:00Z")
        let close = (run["position"] as? [String: Any])?["entry"] as? Double
        #expect(close != nil)
        #expect((close ?? 0) < 5000, "BTC closed near 3,200 on 2018-12-15, not \(String(describing: close))")
    }

    @Test func anAgentReplacingTheBullNodeChangesTheDecision() async throws {
        let root = try projectCopy()
        // A bull that sees only the bearish evidence... and argues the other way: every signal counts for it.
        try """
            local bull = require "nodes.bull"
            return { run = function(state, ctx)
              local update = bull.run(state, ctx)
              local case = update.bull_case
              local evidence = {}
              for _, id in ipairs(state.completed_task_ids) do
                local r = state.task_execution_results[id]
                evidence[#evidence + 1] = { task = id, claim = id .. " read as bullish (contrarian)",
                                            weight = 3, signal = math.abs(r.signal), confidence = 1 }
              end
              return { bull_case = { strength = 1, evidence = evidence, rebuttals = case.rebuttals or {},
                                     round = case.round, summary = "contrarian: everything is bullish" },
                       summary = "contrarian bull" }
            end }
            """.write(toFile: root + "/agents/contrarian_bull.lua", atomically: true, encoding: .utf8)
        try """
            local balanced = require "balanced"
            return desk.agent {
              name = "contrarian", profile = "balanced", plan = balanced.plan,
              graph = function(g) g:replace("bull", "contrarian_bull") end,
            }
            """.write(toFile: root + "/agents/contrarian.lua", atomically: true, encoding: .utf8)
        let base = try await decide("agents/balanced.lua", in: root)
        let contrarian = try await decide("agents/contrarian.lua", in: root)
        let before = try #require(base["decision"] as? [String: Any])
        let after = try #require(contrarian["decision"] as? [String: Any])
        #expect(after["action"] as? String == "BUY")
        #expect(before["rating"] as? String != after["rating"] as? String || before["action"] as? String != after["action"] as? String)
        #expect(((contrarian["bull_case"] as? [String: Any])?["summary"] as? String)?.contains("contrarian") == true)
        let graph = try await HostProcess.launch(["graph", "agents/contrarian.lua"], in: root)
        #expect(graph.stdout.contains("bull (contrarian_bull)"), "\(graph.stdout)")
    }

    @Test func traceWritesOneEventPerTaskAttemptAndNode() async throws {
        let file = temporaryFolder() + "/run.json"
        let run = try await decide("agents/balanced.lua", ["--trace", file])
        let data = try Data(contentsOf: URL(fileURLWithPath: file))
        let trace = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let events = try #require(trace["traceEvents"] as? [[String: Any]])
        let complete = events.filter { $0["ph"] as? String == "X" }
        for event in complete {
            #expect(event["ts"] is Double && event["dur"] is Double && event["pid"] is Int && event["tid"] is Int)
        }
        let nodes = run["nodes"] as? [[String: Any]] ?? []
        let tasks = ((run["research"] as? [String: Any])?["tasks"] as? [String: [String: Any]]) ?? [:]
        let attempts = tasks.values.reduce(0) { $0 + (($1["attempts"] as? [Any])?.count ?? 0) }
        #expect(complete.filter { $0["cat"] as? String == "node" }.count == nodes.count)
        #expect(complete.filter { $0["cat"] as? String == "task" }.count == attempts)
        #expect(attempts == 6)
    }

    @Test func graphPrintsMermaidWithLabelledConditionalEdges() async throws {
        let result = try await HostProcess.launch(["graph", "agents/balanced.lua"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("flowchart"))
        #expect(result.stdout.contains("quality_gate -.->|retry failed or suspect tasks| researcher"))
        #expect(result.stdout.contains("bull_bear ==> bull"))
        #expect(result.stdout.contains("decision --> __end__"))
    }

    @Test func aGraphWithAnUnreachableNodeIsBadInputWithFileAndLine() async throws {
        let dir = temporaryFolder()
        let agent = dir + "/agents/extra.lua"
        try FileManager.default.createDirectory(atPath: dir + "/agents", withIntermediateDirectories: true)
        try """
            local balanced = require "balanced"
            return desk.agent {
              name = "extra", plan = balanced.plan,
              graph = function(g)
                g:node("sentiment_check", "nodes.validator")
                g:edge("risk", "nowhere")
              end,
            }
            """.write(toFile: agent, atomically: true, encoding: .utf8)
        // The agent lives in a temporary agents/ folder with copies of the repository's modules (a link out of
        // agents/ is refused by the path rule).
        for name in ["nodes", "balanced.lua", "planner.lua", "graph.lua", "handlers"] {
            try FileManager.default.copyItem(atPath: HostProcess.packageRoot + "/agents/" + name, toPath: dir + "/agents/" + name)
        }
        try FileManager.default.createSymbolicLink(atPath: dir + "/data", withDestinationPath: HostProcess.packageRoot + "/data")
        for command in ["graph", "run"] {
            let result = try await HostProcess.launch([command, "agents/extra.lua"], in: dir)
            #expect(result.status == 2, "\(command): \(result.stderr)")
            #expect(result.stderr.contains("agents/extra.lua:5: node sentiment_check is unreachable"), "\(result.stderr)")
            #expect(result.stderr.contains("agents/extra.lua:6"), "\(result.stderr)")
        }
    }
}
