import Foundation
import Testing

/// `host plan` and `host run` end to end, as a user runs them from the repository.
@Suite struct RunCommandTests {
    func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test func planJSONHasTheSeedsKeysAndFigures() async throws {
        let result = try await HostProcess.launch(["plan", "agents/balanced.lua", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let plan = try json(result.stdout)
        #expect(plan["symbol"] as? String == "BTC/USDT")
        #expect(plan["risk_profile"] as? String == "balanced")
        #expect((plan["tasks"] as? [Any])?.count == 6)
        #expect(plan["estimated_time_sequential"] as? Double == 120)
        #expect(plan["estimated_time_parallel"] as? Double == 40)
        #expect(plan["speedup"] as? Double == 3)
        #expect(abs((plan["estimated_cost"] as? Double ?? 0) - 0.16) < 1e-9)
        let task = try #require((plan["tasks"] as? [[String: Any]])?.first)
        for key in ["task_id", "name", "description", "priority", "data_sources", "dependencies", "estimated_cost",
                    "timeout_seconds", "status", "estimated_seconds", "retries", "handler", "optional"] {
            #expect(task[key] != nil, "task field \(key)")
        }
        for key in ["execution_order", "critical_path", "schedule", "dropped"] { #expect(plan[key] != nil, "\(key)") }
    }

    @Test func runDoesRealResearchOnBundledData() async throws {
        let result = try await HostProcess.launch(["run", "agents/balanced.lua", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let run = try json(result.stdout)
        let research = try #require(run["research"] as? [String: Any])
        #expect(research["completed"] as? Int == 6)
        let results = try #require(research["results"] as? [String: [String: Any]])
        #expect(results["technical"]?["signal"] is Double)
        #expect(results["onchain"]?["source"] as? String == "synthetic-sample")
        #expect((run["warnings"] as? [String])?.contains { $0.contains("synthetic") } == true)
        let scripts = try #require((run["run"] as? [String: Any])?["scripts"] as? [String: String])
        #expect(scripts["agents/balanced.lua"]?.count == 64)
    }

    @Test func anotherDataFileChangesTheResults() async throws {
        let bundled = try json(HostProcess.run(["run", "agents/balanced.lua", "--json"]).stdout)
        let other = try json(HostProcess.run(["run", "agents/balanced.lua", "--json", "--data", "data/candles/btcusd_1d_bitstamp.csv"]).stdout)
        let s1 = ((bundled["research"] as? [String: Any])?["results"] as? [String: [String: Any]])?["technical"]?["summary"] as? String
        let s2 = ((other["research"] as? [String: Any])?["results"] as? [String: [String: Any]])?["technical"]?["summary"] as? String
        #expect(s1 != nil && s2 != nil && s1 != s2)
    }

    @Test func newsTextsChangeSentimentAndFeedKeywords() async throws {
        let dir = temporaryFolder()
        let news = dir + "/news.jsonl"
        let lines = [
            #"{"time": "2019-10-16T09:00:00Z", "title": "Bitcoin rally: strong institutional demand lifts prices", "source": "test"}"#,
            #"{"time": "2019-10-15T09:00:00Z", "title": "Exchange hack shakes bitcoin traders", "body": "Panic selling after the hack", "source": "test"}"#,
            #"{"time": "2019-10-14T09:00:00Z", "title": "Bitcoin adoption grows as merchants accept payments", "source": "test"}"#,
        ]
        FileManager.default.createFile(atPath: news, contents: Data(lines.joined(separator: "\n").utf8))
        func results(_ args: [String]) throws -> [String: [String: Any]] {
            let run = try json(HostProcess.run(["run", "agents/balanced.lua", "--json"] + args).stdout)
            return try #require((run["research"] as? [String: Any])?["results"] as? [String: [String: Any]])
        }
        let without = try results([])
        let with = try results(["--news", news])
        #expect(without["sentiment"]?["summary"] as? String != with["sentiment"]?["summary"] as? String)
        let keywords = try #require(with["keywords"])
        #expect(String(describing: keywords).contains("bitcoin"), "\(keywords)")
        #expect((with["sentiment"]?["summary"] as? String)?.contains("no texts") == false)
    }

    @Test func asOfUsesOnlyDataUpToTheDate() async throws {
        let run = try json(HostProcess.run(["run", "agents/balanced.lua", "--json", "--as-of", "2018-12-15"]).stdout)
        // The as-of is the end of 2018-12-15 (24:00 UTC), when its daily bar closed.
        #expect(run["as_of"] as? String == "2018-12-16T00:00:00Z")
        #expect(run["as_of_requested"] as? String == "2018-12-16T00:00:00Z")
    }

    @Test func aMalformedCSVNamesFileLineAndColumn() async throws {
        let dir = temporaryFolder()
        let csv = dir + "/bad.csv"
        FileManager.default.createFile(atPath: csv, contents: Data("time,open,high,low,close,volume\n1500000000,1,2,0.5,1.5,10\n1500086400,1,2,0.5,abc,10\n".utf8))
        let result = try await HostProcess.launch(["run", "agents/balanced.lua", "--data", csv])
        #expect(result.status == 2)
        #expect(result.stderr.contains("bad.csv:3:5"), "\(result.stderr)")
    }

    @Test func aBadPlanExitsTwoWithTheLine() async throws {
        let result = try await HostProcess.launch(["plan", "agents/balanced.lua", "--max-cost", "0.05"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("over"))
    }

    @Test func ctrlCKeepsCompletedResultsAndExits130() async throws {
        // Pace 0.2: technical takes 3 s, sentiment 6 s. Interrupt once technical is done (seen on stderr), so the
        // test does not depend on how loaded the machine is.
        let (process, out, err) = try HostProcess.start(["run", "agents/balanced.lua", "--pace", "0.2"])
        let text = try await offPool {
            var progress = ""
            let deadline = Date().addingTimeInterval(60)
            while !progress.contains("done     technical"), Date() < deadline {
                let chunk = err.fileHandleForReading.availableData
                if chunk.isEmpty { break }
                progress += String(decoding: chunk, as: UTF8.self)
            }
            process.interrupt()
            let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            return text
        }
        #expect(process.terminationStatus == 130)
        #expect(text.contains("technical   completed"), "\(text)")
        #expect(text.contains("cancelled") || text.contains("skipped"), "\(text)")
    }
}

/// `--live` against an unreachable host: only the live tasks fail, each with a message naming its provider.
@Suite struct LiveRunTests {
    @Test func unreachableProvidersFailOnlyTheirTasks() async throws {
        let result = try await HostProcess.launch(["run", "agents/balanced.lua", "--live", "--json"], environment: [
            "MOONDESK_ALTERNATIVE_URL": "http://127.0.0.1:1", "MOONDESK_BLOCKCHAIN_URL": "http://127.0.0.1:1",
            "MOONDESK_FRED_URL": "http://127.0.0.1:1", "MOONDESK_BINANCE_URL": "http://127.0.0.1:1", "FRED_API_KEY": "test-key",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let run = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let tasks = try #require((run["research"] as? [String: Any])?["tasks"] as? [String: [String: Any]])
        #expect(tasks["technical"]?["status"] as? String == "completed")
        #expect(tasks["patterns"]?["status"] as? String == "completed")
        for (task, provider) in [("sentiment", "alternative.me"), ("onchain", "blockchain.com"), ("macro", "fred")] {
            #expect(tasks[task]?["status"] as? String == "failed")
            #expect((tasks[task]?["error"] as? String)?.contains("\(provider): connection failed") == true, "\(task): \(String(describing: tasks[task]?["error"]))")
        }
        #expect(tasks["keywords"]?["status"] as? String == "skipped")
        // The bundled candles stood in for Binance's: said first, and the run is degraded.
        let warnings = try #require(run["warnings"] as? [String])
        #expect(warnings.first?.hasPrefix("substituted data: live candles") == true, "\(warnings)")
        #expect(run["degraded"] as? Bool == true)
        // Nothing listens there: a refused connection is not retried (as the fetcher does not), nor a missing key.
        #expect((tasks["sentiment"]?["attempts"] as? [Any])?.count == 1)
    }

    @Test func aMissingKeyIsAttemptedOnceAndStrictSaysDegraded() async throws {
        let result = try await HostProcess.launch(["run", "agents/balanced.lua", "--live", "--json", "--strict"], environment: [
            "MOONDESK_ALTERNATIVE_URL": "http://127.0.0.1:1", "MOONDESK_BLOCKCHAIN_URL": "http://127.0.0.1:1",
            "MOONDESK_FRED_URL": "http://127.0.0.1:1", "MOONDESK_BINANCE_URL": "http://127.0.0.1:1", "FRED_API_KEY": "",
        ])
        #expect(result.status == 3, "\(result.stderr)")
        let run = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(run["exit_code"] as? Int == 3)
        let macro = try #require(((run["research"] as? [String: Any])?["tasks"] as? [String: [String: Any]])?["macro"])
        #expect((macro["error"] as? String)?.contains("FRED_API_KEY") == true, "\(macro)")
        #expect((macro["attempts"] as? [Any])?.count == 1, "\(macro)")
    }
}
