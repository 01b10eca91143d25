import Foundation
import LuaHost
import MarketData
import Moondesk
import Research
import Testing

/// Point in time (docs/POINT_IN_TIME.md): no path of the desk API hands out data after the run's as-of, and the
/// runtime records every read.
@Suite(.serialized) struct PointInTimeTests {
    let day: Int64 = 86_400
    /// 2018-12-15T00:00:00Z.
    let dec15: Int64 = 1_544_832_000

    func research(_ handlers: [String: String], asOf: String?, data: String? = nil) async throws -> (ExecutionReport, Session) {
        var files = ["agents/t.lua": "return desk.agent { name = 't', plan = function(plan, ctx)\n"
            + handlers.keys.sorted().map { "plan:add{ id = '\($0)', retries = 0, handler = 'handlers.\($0)' }" }.joined(separator: "\n")
            + "\nend }"]
        for (name, source) in handlers { files["agents/handlers/\(name).lua"] = source }
        let root = try makeProject(files)
        let s = try session(root + "/agents/t.lua") { options in
            options.asOf = try? asOf.map(PointInTime.parseAsOf)
            options.dataPath = data
        }
        return (await s.research(try s.plan(), settings: RunSettings()), s)
    }

    @Test func asOfDatesAreTheEndOfTheUTCDayAndBadDatesAreRefused() throws {
        #expect(try PointInTime.parseAsOf("2018-12-15") == dec15 + day)
        #expect(try PointInTime.parseAsOf("2018-12-15T12:30") == dec15 + 12 * 3600 + 1800)
        #expect(try PointInTime.parseAsOf("2018-12-15 12:30:05") == dec15 + 12 * 3600 + 1805)
        #expect(try PointInTime.parseAsOf("2018-12-15T12:00:00Z") == dec15 + 12 * 3600)
        #expect(try PointInTime.parseAsOf("2018-12-15T12:00:00+02:00") == dec15 + 10 * 3600)
        #expect(try PointInTime.parseAsOf("2020-02-29") == 1_583_020_800)
        for bad in ["2018-02-30", "2019-02-29", "2018-13-01", "2018-12-15T25:00", "2018-12-15T12:60", "15/12/2018", "2018-12-15T12:00:00+2"] {
            #expect(throws: MoondeskError.self, "\(bad)") { try PointInTime.parseAsOf(bad) }
        }
        let error = try #require(throws: MoondeskError.self) { try PointInTime.parseAsOf("2018-02-30") }
        #expect(error.description.contains("2018-02 has 28 days"))
    }

    @Test func everyCandlePathIsCutAtTheAsOfAndItsReportToo() async throws {
        let probe = """
            return { run = function(task, ctx)
              local own = desk.candles.load(ctx.data_path)
              local again = desk.candles.load((ctx.data_path:gsub("/data/", "/./data/", 1)))
              local eth = desk.candles.bundled("ethusd_1d_bitstamp")
              return { signal = 0, confidence = 0.5, summary = "probe", metrics = {
                ctx_bars = #ctx.candles, own_bars = #own, again_bars = #again, own_last = own.last_time,
                eth_last = eth.last_time, rows_read = own.report.rows_read, cut_at = own.report.cut_at,
                interval = own.interval, bar_seconds = ctx.bar_seconds, bars_per_year = ctx.bars_per_year,
                past_end_is_nil = own.close[#own + 1] == nil and 1 or 0 } }
            end }
            """
        let (report, s) = try await research(["probe": probe], asOf: "2018-12-15")
        let m = try #require(report.results["probe"]?["metrics"], "\(report.tasks["probe"]?.error ?? "")")
        let asOf = dec15 + day
        #expect(s.runtime.market.asOf == asOf)
        #expect(m["own_last"].intValue == Int(dec15))            // the bar of 12-15 closed at 24:00: it counts
        #expect(m["eth_last"].intValue == Int(dec15))
        #expect(m["ctx_bars"] == m["own_bars"] && m["own_bars"] == m["again_bars"])
        #expect(m["rows_read"] == m["own_bars"])             // the report describes the cut series
        #expect(m["cut_at"].intValue == Int(asOf))
        #expect(m["interval"].intValue == Int(day) && m["bar_seconds"].intValue == Int(day))
        #expect(m["bars_per_year"].doubleValue == 365)
        #expect(m["past_end_is_nil"].intValue == 1)
    }

    @Test func aSummaryAfterTheAsOfFailsTheTaskEvenWhenTheScriptCatchesIt() async throws {
        let (report, _) = try await research([
            "direct": "return { run = function(task, ctx)\n  local s = desk.onchain.summary(ctx.as_of + 30 * 86400)\n  return { signal = 0, confidence = 0 }\nend }",
            "caught": "return { run = function(task, ctx)\n  local ok = pcall(desk.macro.summary, ctx.as_of + 86400)\n  return { signal = 0, confidence = 0.5, summary = tostring(ok) }\nend }",
            "fine": "return { run = function(task, ctx)\n  local s = desk.onchain.summary(ctx.as_of)\n  return { signal = 0, confidence = 0.5, summary = s.row_date }\nend }",
        ], asOf: "2018-12-15")
        let direct = try #require(report.tasks["direct"])
        #expect(direct.status == .failed)
        #expect(direct.errorLocation?.hasSuffix("handlers/direct.lua:2") == true, "\(direct.errorLocation ?? "")")
        #expect(direct.error?.contains("desk.onchain.summary(2019-01-15T00:00:00Z)") == true, "\(direct.error ?? "")")
        let caught = try #require(report.tasks["caught"])
        #expect(caught.status == .failed)
        #expect(caught.error?.contains("look-ahead") == true, "\(caught.error ?? "")")
        #expect(caught.errorLocation?.hasSuffix("handlers/caught.lua:2") == true, "\(caught.errorLocation ?? "")")
        #expect(caught.attempts.count == 1)                  // not retried: the same script asks again
        #expect(report.tasks["fine"]?.status == .completed)
        #expect(report.results["fine"]?["summary"] == "2018-12-15")   // the row of 12-15 is known at 24:00
    }

    @Test func newsIsCutAtItsTimestamp() async throws {
        let root = try makeProject([:])
        let news = root + "/news.jsonl"
        try """
            {"time": "2018-12-15T23:00:00Z", "title": "before the as-of", "source": "t"}
            {"time": "2018-12-16T00:00:01Z", "title": "after the as-of", "source": "t"}
            """.write(toFile: news, atomically: true, encoding: .utf8)
        let market = try MarketContext(paths: ProjectPaths(root: repoRoot), symbol: "BTC/USD", dataPath: nil,
                                       asOf: try PointInTime.parseAsOf("2018-12-15"), newsPath: news)
        #expect(market.news.map(\.title) == ["before the as-of"])
    }

    @Test func theClockWarnsAboutADatePastTheEndAndAHole() throws {
        let paths = ProjectPaths(root: repoRoot)
        let past = try MarketContext(paths: paths, symbol: "BTC/USD", dataPath: nil, asOf: try PointInTime.parseAsOf("2030-01-01"), newsPath: nil)
        #expect(past.clock.requested == 1_893_542_400)
        #expect(past.asOf == 1_571_356_800)   // 2019-10-18T00:00:00Z: the close of the last bar, 2019-10-17
        // What scripts see says only what was knowable at the as-of; why (past the end, a hole) is for the output.
        #expect(past.clock.warnings.count == 1)
        #expect(past.clock.warnings.first?.contains("the data's last closed bar ends 2019-10-17 24:00 UTC") == true, "\(past.clock.warnings)")
        #expect(past.clock.diagnoses.count == 1)
        #expect(past.clock.diagnoses.first?.contains("past the end of the data") == true)
        #expect(!past.clock.warnings.contains { $0.contains("past the end") })
        let hole = try MarketContext(paths: paths, symbol: "BTC/USD", dataPath: nil, asOf: try PointInTime.parseAsOf("2019-03-25"), newsPath: nil)
        #expect(hole.asOf == 1_553_040_000)   // 2019-03-20T00:00:00Z: the bar of 03-19 closed, then the hole
        #expect(hole.clock.diagnoses.contains { $0.contains("hole") })
        #expect(hole.clock.warnings == ["as-of 2019-03-25 24:00 UTC: the data's last closed bar ends 2019-03-19 24:00 UTC, 6 bars of 1 day earlier: deciding as of 2019-03-19 24:00 UTC (data older than 3 bars)"])
        let fine = try MarketContext(paths: paths, symbol: "BTC/USD", dataPath: nil, asOf: try PointInTime.parseAsOf("2018-12-15"), newsPath: nil)
        #expect(fine.clock.warnings.isEmpty && fine.clock.diagnoses.isEmpty)
        #expect(fine.asOf == fine.clock.requested)
        let early = try PointInTime.parseAsOf("2014-11-01")
        #expect(throws: MoondeskError.self) {
            try MarketContext(paths: paths, symbol: "BTC/USD", dataPath: nil, asOf: early, newsPath: nil).series()
        }
    }

    @Test func hourlyDataHasItsIntervalAndYear() throws {
        let market = try MarketContext(paths: ProjectPaths(root: repoRoot), symbol: "BTC/USD",
                                       dataPath: repoRoot + "/data/candles/btcusd_1h_coinbase.csv",
                                       asOf: try PointInTime.parseAsOf("2018-12-15T10:30"), newsPath: nil)
        #expect(market.clock.barSeconds == 3600)
        #expect(PointInTime.barsPerYear(barSeconds: 3600) == 8760)
        #expect(market.asOf == dec15 + 10 * 3600)            // the 09:00 bar closed at 10:00; 10:00's had not
        #expect(try market.series().time.last == dec15 + 9 * 3600)
        #expect(market.clock.warnings.isEmpty)
    }

    @Test func theRecorderFailsAReadPastTheCutoff() throws {
        let log = DataReads()
        let reads = DataReads(parent: log)
        reads.record(file: "data/x.csv", sha256: "ab", latest: 100)
        try reads.enforce(cutoff: 100, who: "task t")
        reads.record(file: "data/x.csv", sha256: "ab", latest: 101)
        #expect(throws: LookAheadError.self) { try reads.enforce(cutoff: 100, who: "task t") }
        reads.reset()
        try reads.enforce(cutoff: 100, who: "task t")
        #expect(log.reads == [DataRead(file: "data/x.csv", sha256: "ab", latest: 101)])
        reads.refuse("desk.macro.summary(...): after the as-of")
        #expect(throws: LookAheadError.self) { try reads.enforce(cutoff: 100, who: "task t") }
    }

    @Test func theDecisionRecordsEveryReadPerTaskAndForTheRun() async throws {
        let s = try session(repoRoot + "/agents/conservative.lua") { $0.asOf = try? PointInTime.parseAsOf("2018-12-15") }
        let run = try await s.decide()
        let status = run.state["task_status"]
        let correlation = try #require(status["correlation"]["reads"].arrayValue, "\(run.failure?.description ?? "") \(status)")
        let files = correlation.compactMap { $0["file"].stringValue }
        #expect(files.contains { $0.hasSuffix("data/candles/ethusd_1d_bitstamp.csv") }, "\(files)")
        #expect(files.contains { $0.hasSuffix("data/candles/btcusd_1d_coinbase.csv") })
        for read in correlation {
            #expect(read["sha256"].stringValue?.count == 64)
            #expect((read["latest"].intValue ?? .max) <= Int(dec15 + day))
        }
        let onchain = try #require(status["onchain"]["reads"].arrayValue)
        #expect(onchain.contains { $0["file"].stringValue?.hasSuffix("data/synthetic/onchain_btc_daily.csv") == true })
        let json = DecisionReport.json(run, session: s)
        let data = try #require(json["run"]["data"].tableValue)
        #expect(data.keys.contains { $0.hasSuffix("ethusd_1d_bitstamp.csv") }, "\(data.keys.sorted())")
        #expect(data.keys.contains { $0.hasSuffix("macro_daily.csv") })
        #expect(json["as_of"] == "2018-12-16T00:00:00Z")
        #expect(json["as_of_requested"] == "2018-12-16T00:00:00Z")
        let validation = try #require(json["validation"].tableValue)
        for (id, entry) in validation {
            for issue in entry["issues"].arrayValue ?? [] { #expect(issue.stringValue?.contains("look-ahead") != true, "\(id)") }
        }
    }

    @Test func dailyFilesReadBesideHourlyDataAreNotStaleAndNodesReadsAreListed() async throws {
        let s = try session(repoRoot + "/agents/conservative.lua") { options in
            options.dataPath = repoRoot + "/data/candles/btcusd_1h_coinbase.csv"
            options.asOf = try? PointInTime.parseAsOf("2018-12-15T10:30")
        }
        let run = try await s.decide()
        let reads = try #require(run.state["task_status"]["correlation"]["reads"].arrayValue)
        let eth = try #require(reads.first { $0["file"].stringValue?.hasSuffix("ethusd_1d_bitstamp.csv") == true })
        #expect(eth["interval"].intValue == 86_400)
        #expect(eth["latest"].intValue == Int(dec15))      // the daily bar of 12-14 closed at 12-15 00:00
        let json = DecisionReport.json(run, session: s)
        let issues = (json["validation"]["correlation"]["issues"].arrayValue ?? []).compactMap(\.stringValue)
        #expect(!issues.contains { $0.contains("stale") }, "\(issues)")
        let risk = try #require(json["node_reads"]["risk"].arrayValue)
        #expect(risk.contains { $0["file"].stringValue?.hasSuffix("btcusd_1h_coinbase.csv") == true && $0["interval"].intValue == 3600 })
    }

    @Test func fearAndGreedSeesHourlyBarsAsUTCDays() throws {
        var text = "time,open,high,low,close,volume\n"
        for hour in 0..<48 { text += "\(dec15 + Int64(hour) * 3600),1,200,0.5,\(100 + hour),\(hour < 24 ? 1 : 2)\n" }
        let series = try CandleLoader.parse(text: text, name: "hourly")
        let (close, volume) = PointInTime.daily(series.slice(0..<series.count))
        #expect(close == [123, 147])        // each day's last close
        #expect(volume == [24, 48])         // each day's summed volume
        let daily = try CandleLoader.parse(text: "time,open,high,low,close,volume\n2018-12-15,1,10,0.5,3,4\n2018-12-16,1,10,0.5,5,6\n", name: "daily")
        #expect(PointInTime.daily(daily.slice(0..<2)).close == [3, 5])
    }

    @Test func aNodeAskingPastTheAsOfFailsTheRunEvenIfItCatchesTheError() async throws {
        let root = try makeProjectWithRepoAgents([
            "agents/nodes/peeking_bull.lua": """
                local bull = require "nodes.bull"
                return { run = function(state, ctx)
                  local ok = pcall(desk.macro.summary, ctx.as_of + 400 * 86400)
                  return bull.run(state, ctx)
                end }
                """,
            "agents/peek.lua": """
                local balanced = require "balanced"
                return desk.agent { name = "peek", profile = "balanced", plan = balanced.plan,
                  graph = function(g, ctx) g:replace("bull", "nodes.peeking_bull") end }
                """,
        ])
        let run = try await session(root + "/agents/peek.lua") { $0.asOf = try? PointInTime.parseAsOf("2018-12-15") }.decide()
        #expect(run.result.status == .failed)
        let message = run.failure?.description ?? ""
        #expect(message.contains("node bull") && message.contains("look-ahead"), "\(message)")
        #expect(message.contains("peeking_bull.lua:3"), "\(message)")
        #expect(run.state["task_execution_results"]["technical"] != .nil)   // what ran before is kept
    }

    @Test func theIntervalIsTheOneKnowableAtTheCutoff() throws {
        // Ten daily bars, then 48 hourly ones: the file's median spacing is an hour, but at 2018-12-08 12:00 only
        // daily bars had been seen, so the daily bar of 12-08 (open until 24:00) must not count.
        var text = "time,open,high,low,close,volume\n"
        let dec1: Int64 = 1_543_622_400
        for d in 0..<10 { text += "\(dec1 + Int64(d) * day),1,2,0.5,1.5,10\n" }
        for h in 0..<48 { text += "\(dec1 + 10 * day + Int64(h) * 3600),1,2,0.5,1.5,1\n" }
        let series = try CandleLoader.parse(text: text, name: "mixed")
        #expect(series.report.intervalSeconds == 3600)
        let cut = PointInTime.cut(series, at: dec1 + 7 * day + 12 * 3600)
        #expect(cut.report.intervalSeconds == day)
        #expect(cut.time.last == dec1 + 6 * day)             // 12-07: closed at 12-08 00:00
        #expect(AsOfClock(series: series, requested: dec1 + 7 * day + 12 * 3600).barSeconds == day)
        let late = PointInTime.cut(series, at: dec1 + 11 * day)
        #expect(late.report.intervalSeconds == 3600 && late.time.last == dec1 + 10 * day + 23 * 3600)
    }
}
