import Foundation
import LuaHost
import Moondesk
import Testing

/// `host backtest` as a user runs it: the decisions equal `host run --as-of` of their bars, bad input is one clear
/// error, failing bars are counted and the backtest goes on, Ctrl-C prints the partial result.
@Suite struct BacktestCommandTests {
    /// stdout as one JSON object, checked against the backtest schema (Sources/Moondesk/Schemas, docs/CLI.md).
    func json(_ text: String, schema: String = "backtest") throws -> [String: Any] {
        #expect(text.split(separator: "\n").count == 1, "one JSON line")
        let problems = JSONSchema.named(schema).validate(try LuaValue.parseJSON(text))
        #expect(problems.isEmpty, "against \(schema): \(problems.prefix(8))")
        return try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test func everyDecisionEqualsHostRunAsOfItsBar() async throws {
        let out = try await HostProcess.launch(["backtest", "agents/balanced.lua", "--from", "2019-09-01", "--to", "2019-09-12", "--json", "-q"])
        #expect(out.status == 0, "\(out.stderr)")
        let doc = try json(out.stdout)
        let backtest = try #require((doc["backtests"] as? [[String: Any]])?.first)
        let decisions = try #require(backtest["decisions"] as? [[String: Any]])
        #expect(decisions.count == 12)
        for d in [decisions[0], decisions[5], decisions[11]] {
            let time = try #require(d["time"] as? String)
            let run = try await HostProcess.launch(["run", "agents/balanced.lua", "--as-of", String(time.prefix(10)), "--json", "-q"])
            let decision = try #require(try json(run.stdout, schema: "decision")["decision"] as? [String: Any])
            for key in ["action", "rating", "confidence", "position_size", "stop_loss", "take_profit", "rationale"] {
                #expect("\(decision[key] ?? "nil")" == "\(d[key] ?? "nil")", "\(time) \(key)")
            }
            #expect(d["as_of"] as? String == String(time.prefix(10)) + "T00:00:00Z" || (d["as_of"] as? String ?? "") > time)
        }
    }

    @Test func theTextNamesTheStatisticsAndWhatTheAgentDid() async throws {
        let folder = temporaryFolder()
        let out = try await HostProcess.launch(["backtest", "agents/examples/sma_cross.lua", "agents/balanced.lua",
                                                "--from", "2019-08-01", "--to", "2019-08-20", "--trades", folder + "/t.csv",
                                                "--equity", folder + "/e.csv"])
        #expect(out.status == 0, "\(out.stderr)")
        for label in ["Return [%]", "Buy & Hold Return [%]", "Sharpe Ratio", "Max. Drawdown [%]", "# Trades", "SQN",
                      "sma_cross", "balanced", "Decisions", "Time per decision"] {
            #expect(out.stdout.contains(label), "\(label)")
        }
        let equity = try String(contentsOfFile: folder + "/e.csv", encoding: .utf8).split(separator: "\n")
        #expect(equity.first == "time,close,equity,buy_and_hold,drawdown_pct,in_position")
        #expect(equity.count == 21)   // header + the 20 bars of the last agent's backtest
        let trades = try String(contentsOfFile: folder + "/t.csv", encoding: .utf8)
        #expect(trades.hasPrefix("entry_time,exit_time,side,size,entry_price,exit_price"))
    }

    @Test func badRangesAreOneClearError() async throws {
        let cases: [([String], String)] = [
            (["--from", "2019-06-01", "--to", "2019-01-01"], "is not before --to"),
            (["--from", "2030-01-01"], "no bars of"),
            (["--to", "2015-03-01"], "too little data for the agent's warm-up"),
            (["--from", "2019-02-30"], "--from 2019-02-30"),
            (["--data", "no/such.csv"], "no/such.csv"),
        ]
        for (args, message) in cases {
            let out = try await HostProcess.launch(["backtest", "agents/balanced.lua"] + args)
            #expect(out.status == 2, "\(args): \(out.status) \(out.stderr)")
            #expect(out.stderr.contains(message), "\(args): \(out.stderr)")
            #expect(out.stderr.split(separator: "\n").count == 1, "\(args): \(out.stderr)")
        }
        let bad = try await HostProcess.launch(["backtest", "agents/balanced.lua", "--every", "0"])
        #expect(bad.status == 2 && bad.stderr.contains("--every"))
        // with --json, the failure is one error object on stdout too
        let failed = try await HostProcess.launch(["backtest", "agents/balanced.lua", "--from", "2030-01-01", "--json"])
        #expect(failed.status == 2)
        let error = try json(failed.stdout, schema: "error")
        #expect((error["error"] as? [String: Any])?["message"] as? String == failed.stderr.trimmingCharacters(in: .newlines))
    }

    /// An agent whose risk node fails on even days: those bars fail, the position is kept, the backtest goes on.
    @Test func failingBarsAreCountedAndFailFastStops() async throws {
        let root = try projectCopy()
        try """
            local balanced = require "balanced"
            return desk.agent { name = "flaky", profile = "balanced", plan = balanced.plan,
              graph = function(g) g:replace("risk", "flaky_risk") end }
            """.write(toFile: root + "/agents/flaky.lua", atomically: true, encoding: .utf8)
        try """
            local risk = require "nodes.risk"
            return { run = function(state, ctx)
              if (ctx.as_of // 86400) % 2 == 0 then error("no risk figures today") end
              return risk.run(state, ctx)
            end }
            """.write(toFile: root + "/agents/flaky_risk.lua", atomically: true, encoding: .utf8)
        let out = try await HostProcess.launch(["backtest", "agents/flaky.lua", "--from", "2019-09-01", "--to", "2019-09-10", "--json", "-q"], in: root)
        #expect(out.status == 0, "\(out.stderr)")
        let backtest = try #require((try json(out.stdout)["backtests"] as? [[String: Any]])?.first)
        let decisions = try #require(backtest["decisions"] as? [[String: Any]])
        let failed = decisions.filter { $0["action"] as? String == "FAILED" }
        #expect(decisions.count == 10 && failed.count == 5)
        #expect(failed.allSatisfy { $0["failed_node"] as? String == "risk" && ($0["error"] as? String ?? "").contains("flaky_risk.lua:3") })
        #expect((backtest["moondesk"] as? [String: Any])?["failed_bars"] as? Int == 5)
        let stopped = try await HostProcess.launch(["backtest", "agents/flaky.lua", "--from", "2019-09-01", "--to", "2019-09-10", "--fail-fast", "-q"], in: root)
        #expect(stopped.status == 3, "\(stopped.stderr)")
        #expect(stopped.stdout.contains("--fail-fast"))
    }

    @Test func ctrlCPrintsThePartialResult() async throws {
        let result = try await offPool { () throws -> (Int32, String) in
            let process = Process()
            process.executableURL = URL(fileURLWithPath: HostProcess.executable)
            process.arguments = ["backtest", "agents/balanced.lua", "--jobs", "1"]
            process.currentDirectoryURL = URL(fileURLWithPath: HostProcess.packageRoot)
            let out = Pipe()
            process.standardOutput = out
            process.standardError = Pipe()
            try process.run()
            Thread.sleep(forTimeInterval: 3)
            process.interrupt()
            let data = out.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return (process.terminationStatus, String(decoding: data, as: UTF8.self))
        }
        #expect(result.0 == 130)
        #expect(result.1.contains("Interrupted") && result.1.contains("partial result"), "\(result.1)")
        #expect(result.1.contains("Return [%]"))
    }
}
