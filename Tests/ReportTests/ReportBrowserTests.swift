import Foundation
import Testing
@testable import Report

/// Each report opened from disk in a real headless Chromium: no console error, no network request, the
/// pictures drawn with the expected number of candles, points, markers and bars, a screenshot that is not blank.
/// With MOONDESK_REPORT_SCREENSHOTS=FOLDER the screenshots are kept there (scripts/report-pictures: docs/).
@Suite(.serialized) struct ReportBrowserTests {
    /// Opens `file` and checks what every report must hold: nothing logged, nothing requested, nothing blocked.
    static func open(_ file: String) throws -> PageReading {
        let visit = try Chromium().visit(file)
        #expect(visit.console == [], "console of \(file)")
        #expect(visit.requests == [], "network requests of \(file)")
        let page = PageReading(dom: visit.dom)
        #expect(page.root("data-errors") == "[]")
        #expect(page.root("data-blocked") == "[]")
        #expect(page.root("data-resources") == "0")
        #expect(page.root("data-open-ms") != nil, "the page's load handler ran")
        // every chart's drawing lies inside its frame, as the browser measured it (getBBox against the viewBox)
        #expect(page.count("data-fits=\"true\"") == page.count("<figure class=\"chart\""))
        print("report \(URL(fileURLWithPath: file).lastPathComponent): \(visit.dom.utf8.count / 1024) KiB DOM, opened in \(page.root("data-open-ms") ?? "?") ms")
        return page
    }

    /// A screenshot of `file` that shows a page: over 5 % of its pixels differ from the background, in many colours.
    static func screenshot(_ file: String, name: String, width: Int = 1280, height: Int) throws {
        let png = Chromium.temporaryFolder() + "/\(name).png"
        try Chromium().screenshot(file, to: png, width: width, height: height)
        let image = try PNGImage(path: png)
        #expect(image.width == width)
        let stats = image.contentStatistics()
        #expect(stats.foreground > 0.05, "\(name): \(stats.foreground * 100) % of pixels are not background")
        #expect(stats.colours > 50, "\(name): \(stats.colours) colours")
        if let folder = ProcessInfo.processInfo.environment["MOONDESK_REPORT_SCREENSHOTS"] {
            let target = folder + "/\(name).png"
            try? FileManager.default.removeItem(atPath: target)
            try FileManager.default.copyItem(atPath: png, toPath: target)
        }
    }

    static func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test func theDetectorsCatchAnErrorAndARequest() throws {
        // A page without the report's policy that logs, throws and loads from loopback (a closed port): the test's
        // own checks must see all three, or a clean report would prove nothing.
        let file = Chromium.temporaryFolder() + "/bad.html"
        try """
            <!DOCTYPE html><html><body><img src="http://127.0.0.1:9/probe.png">
            <script>console.error("probe: console error"); undefinedFunction();</script></body></html>
            """.write(toFile: file, atomically: true, encoding: .utf8)
        let visit = try Chromium().visit(file)
        #expect(visit.requests == ["http://127.0.0.1:9/probe.png"])
        #expect(visit.console.contains { $0.contains("probe: console error") })
        #expect(visit.console.contains { $0.contains("undefinedFunction is not defined") })
    }

    @Test func decisionReportOfARealRun() async throws {
        let file = Chromium.temporaryFolder() + "/decision.html"
        let run = try await offPool { try HostRun.run(["run", "agents/balanced.lua", "--json", "-q", "--report", file]) }
        #expect(run.status == 0, "\(run.stderr)")
        let json = try Self.json(run.stdout)
        let page = try await offPool { try Self.open(file) }

        let bars = DecisionReportInput.window
        #expect(page.subpaths(class: "candle up") + page.subpaths(class: "candle down") == bars)
        #expect(page.subpaths(class: "wick") == bars)
        for line in ["overlay sma50", "overlay sma200", "overlay bb", "overlay bb bbmid"] {
            #expect(page.points(class: line) == (line == "overlay bb" ? 2 * bars : bars), "\(line)")
        }
        #expect(page.count("<line class=\"mark asof\"") == 1)
        let decision = try #require(json["decision"] as? [String: Any])
        #expect(page.dom.contains("<div class=\"action \(decision["action"] as! String)\">"))
        #expect(page.count("<line class=\"level stop\"") == (decision["stop_loss"] == nil ? 0 : 1))
        #expect(page.count("<line class=\"level target\"") == (decision["take_profit"] == nil ? 0 : 1))

        func evidence(_ side: String) -> Int { ((json[side] as? [String: Any])?["evidence"] as? [Any])?.count ?? 0 }
        #expect(page.count("<div class=\"bar\"") == evidence("bull_case") + evidence("bear_case"))
        #expect(evidence("bull_case") + evidence("bear_case") > 0)

        let nodes = try #require(json["nodes"] as? [[String: Any]])
        #expect(page.count("<rect class=\"node ") == nodes.count)
        let tasks = try #require((json["research"] as? [String: Any])?["tasks"] as? [String: [String: Any]])
        let attempts = tasks.values.map { max(($0["attempts"] as? [Any])?.count ?? 0, 1) }.reduce(0, +)
        #expect(page.count("<rect class=\"task ") == attempts)

        // the graph: every vertex `host graph` lists (nodes, forks, start, end), the path's highlighted
        let graph = try await offPool { try HostRun.run(["graph", "agents/balanced.lua"]) }
        let vertices = graph.stdout.split(separator: "\n").filter { $0.contains("[\"") || $0.contains("{{\"") || $0.contains("([") }
        #expect(page.count("<g class=\"vertex\">") == vertices.count)
        let path = try #require(json["path"] as? [String])
        #expect(page.matches("<rect class=\"box [^\"]*visited") == Set(path).count + 2)
        #expect(page.count("class=\"conditional taken\"") >= 2)

        let plan = try #require((json["plan"] as? [String: Any])?["tasks"] as? [Any])
        #expect(page.rows(table: "research") == plan.count)
        let warnings = try #require(json["warnings"] as? [String])
        for warning in warnings { #expect(page.dom.contains(Self.escaped(warning))) }
        #expect(page.dom.contains("synthetic data:"))
        try await offPool { try Self.screenshot(file, name: "report-decision", height: 2900) }
        try await offPool { try Self.screenshot(file, name: "report-decision-phone", width: 390, height: 1800) }
    }

    @Test func aReportThatCannotBeWrittenSaysWhereAndKeepsTheDecision() async throws {
        let run = try await offPool { try HostRun.run(["run", "agents/balanced.lua", "-q", "--report", "/nonexistent/folder/r.html"]) }
        #expect(run.status == 1)
        #expect(run.stderr.contains("--report /nonexistent/folder/r.html: cannot write the report"))
        #expect(run.stdout.contains("Decision: "))
    }

    @Test func aFailedRunGetsAReportThatSaysSo() async throws {
        let project = try HostRun.projectCopy()
        try "return { run = function(state, ctx) error('risk model unavailable') end }"
            .write(toFile: project + "/agents/nodes/risk.lua", atomically: true, encoding: .utf8)
        let file = project + "/failed.html"
        let run = try await offPool { try HostRun.run(["run", "agents/balanced.lua", "-q", "--report", file], in: project) }
        #expect(run.status == 1)
        let page = try await offPool { try Self.open(file) }
        #expect(page.dom.contains("id=\"failure\""))
        #expect(page.dom.contains("This run did not complete"))
        #expect(page.dom.contains("risk model unavailable"))
        #expect(page.dom.contains("<rect class=\"node failed\""))
        #expect(page.count("<rect class=\"box node visited failed\"") == 1)
        #expect(page.dom.contains("NO DECISION"))
    }

    @Test func anAgentThatCannotLoadStillGetsAReport() async throws {
        let project = try HostRun.projectCopy()
        try "return desk.agent { name = 'broken', profile = 'balanced'\n".write(toFile: project + "/agents/broken.lua", atomically: true, encoding: .utf8)
        let file = project + "/broken.html"
        let run = try await offPool { try HostRun.run(["run", "agents/broken.lua", "-q", "--report", file], in: project) }
        #expect(run.status == 2)
        let page = try await offPool { try Self.open(file) }
        #expect(page.dom.contains("id=\"failure\""))
        #expect(page.dom.contains("agents/broken.lua:"))
    }

    @Test func aDegradedRunWarnsFirst() async throws {
        let project = try HostRun.projectCopy()
        try "return { run = function(task, ctx) error('exchange feed down') end }"
            .write(toFile: project + "/agents/handlers/technical.lua", atomically: true, encoding: .utf8)
        let file = project + "/degraded.html"
        let run = try await offPool { try HostRun.run(["run", "agents/balanced.lua", "-q", "--report", file], in: project) }
        #expect(run.status == 0, "\(run.stderr)")
        let page = try await offPool { try Self.open(file) }
        let banner = try #require(page.dom.range(of: "id=\"warnings\""))
        #expect(page.dom.range(of: "id=\"decision\"")!.lowerBound > banner.lowerBound, "the warnings come before the decision")
        #expect(page.dom.contains("task technical failed"))
        #expect(page.dom.contains("exchange feed down"))
        #expect(page.dom.contains("<tr class=\"failed\"><td>technical</td>"))
    }

    static func backtest(_ input: BacktestReportInput, name: String, screenshot: Bool) throws {
        let file = Chromium.temporaryFolder() + "/\(name).html"
        try BacktestHTML.write(input, to: file)
        let page = try open(file)
        #expect(page.subpaths(class: "candle up") + page.subpaths(class: "candle down") == input.bars.count)
        #expect(page.points(class: "series equity lin") == input.equity.count)
        #expect(page.points(class: "series equity log") == input.equity.count)
        #expect(page.points(class: "series hold lin") == input.buyAndHold.count)
        #expect(page.points(class: "series dd") == input.equity.count)
        #expect(page.count("<path class=\"marker entry") == input.trades.count)
        #expect(page.count("<path class=\"marker exit\"") == input.trades.filter { $0.exitTime != nil }.count)
        #expect(page.rows(table: "trades") == input.trades.count)
        if input.decisions.count > BacktestPageBuilder.staticLimit {
            // the page's script holds every decision and draws the scrolled window of them
            #expect(page.matches("id=\"decisions\"[^>]*data-rows=\"\(input.decisions.count)\"") == 1)
            #expect(page.count("<tr class=\"v") > 10)
            // the script's first row reads as the page's own first row does
            let first = BacktestPageBuilder(input: input).decisionRow(input.decisions[0])
            #expect(page.dom.contains("<tr class=\"v\"><td>\(first.date)</td><td class=\"\(first.action)\">\(first.action)</td><td>\(first.rating)</td><td class=\"num\">\(first.confidence)</td><td class=\"num\">\(first.size)</td>"))
        } else {
            #expect(page.rows(table: "decisions") == input.decisions.count)
        }
        #expect(page.count("<dt>") == input.metrics.count)
        let months = MonthlyReturns(times: input.equity.map(\.time), values: input.equity.map(\.value))
        #expect(page.rows(table: "monthly") == months.years.count)
        #expect(page.count("<td class=\"month ") == months.years.count * 13)
        for (k, other) in input.agents.enumerated() { #expect(page.points(class: "series agent\(k + 1) lin") == other.equity.count) }
        if screenshot { try Self.screenshot(file, name: name, height: 2300) }
    }

    @Test func backtestReportOfTheDailyCandles() async throws {
        let input = try await SampleBacktest.input("btcusd_1d_coinbase.csv")
        #expect(input.bars.count == 1_770)
        #expect(input.trades.contains { $0.isShort } && input.trades.contains { !$0.isShort })
        try await offPool { try Self.backtest(input, name: "report-backtest", screenshot: true) }
    }

    /// `host backtest --report` as a user runs it: the page opens clean and shows what the JSON of the same run says.
    @Test func backtestReportFromTheCommandLine() async throws {
        let folder = Chromium.temporaryFolder()
        let out = try await offPool {
            try HostRun.run(["backtest", "agents/examples/sma_cross.lua", "--allow-short", "--from", "2019-01-01",
                             "--report", folder + "/cli.html", "--json", "-q"])
        }
        #expect(out.status == 0, "\(out.stderr)")
        let json = try Self.json(out.stdout)
        let backtest = try #require((json["backtests"] as? [[String: Any]])?.first)
        let trades = (backtest["trades"] as? [Any])?.count ?? 0
        let open = backtest["open_position"] is [String: Any] ? 1 : 0
        let decisions = (backtest["decisions"] as? [Any])?.count ?? 0
        let page = try await offPool { try Self.open(folder + "/cli.html") }
        #expect(trades > 10)
        #expect(page.rows(table: "trades") == trades + open)
        #expect(page.rows(table: "decisions") == decisions)
        #expect(page.count("<dt>") == ((backtest["metrics"] as? [String: Any])?.count ?? -1))
        // an unwritable report is one line naming the file; the result is still printed
        let bad = try await offPool {
            try HostRun.run(["backtest", "agents/examples/sma_cross.lua", "--from", "2019-09-01", "--report", "/no/such/dir/r.html"])
        }
        #expect(bad.status == 1 && bad.stderr.contains("/no/such/dir/r.html") && bad.stdout.contains("Return [%]"))
    }

    @Test func aLinkOpensThePriceChartZoomedAndFitted() async throws {
        let input = try await SampleBacktest.input("btcusd_1d_coinbase.csv", compare: false)
        let file = Chromium.temporaryFolder() + "/zoom.html"
        try BacktestHTML.write(input, to: file)
        let from = input.bars[1_000].time, to = input.bars[1_060].time
        let visit = try await offPool { try Chromium().visit(file, fragment: "price=\(from),\(to)") }
        #expect(visit.console == [])
        let page = PageReading(dom: visit.dom)
        let price = try #require(page.dom.range(of: "<figure class=\"chart\" id=\"price\""))
        let figure = PageReading(dom: String(page.dom[price.lowerBound...].prefix(200_000)))
        let box = try #require(figure.firstViewBox())
        let parts = box.split(separator: " ").compactMap { Double($0) }
        #expect(parts.count == 4)
        // ten units a bar: 60 bars from bar 1,000 on, the value axis fitted to them (well under the full 4,000)
        let t0 = input.bars[0].time, t1 = input.bars.last!.time + 86_400, width = Double(input.bars.count) * 10
        func unit(_ t: Int64) -> Double { Double(t - t0) / Double(t1 - t0) * width }
        #expect(abs(parts[0] - unit(from)) < 1 && abs(parts[2] - (unit(to) - unit(from))) < 1, "viewBox \(box)")
        #expect(parts[3] < 2_000 && parts[3] > 10)
        let lows = input.bars[1_000...1_060].map(\.low).min()!, highs = input.bars[1_000...1_060].map(\.high).max()!
        // the script drew new value ticks inside the visible range
        let labels = figure.attributes("span", class: "ytick", "data-y").count
        #expect(labels >= 3)
        let regex = try NSRegularExpression(pattern: "<span class=\"ytick\" data-y=\"[^\"]*\" style=\"[^\"]*\">([0-9,.]+)</span>")
        let values = regex.matches(in: figure.dom, range: NSRange(figure.dom.startIndex..., in: figure.dom)).compactMap {
            Range($0.range(at: 1), in: figure.dom).flatMap { Double(figure.dom[$0].replacingOccurrences(of: ",", with: "")) }
        }
        #expect(values.count == labels)
        #expect(values.allSatisfy { $0 >= lows * 0.9 && $0 <= highs * 1.1 }, "ticks \(values) for \(lows)...\(highs)")
    }

    @Test func backtestReportOfTwentyThousandHourlyBars() async throws {
        let input = try await SampleBacktest.input("btcusd_1h_coinbase.csv", compare: false)
        #expect(input.bars.count == 20_111)
        try await offPool { try Self.backtest(input, name: "report-backtest-hourly", screenshot: false) }
    }

    @Test func aFailedBacktestSaysSoFirst() async throws {
        var input = try await SampleBacktest.input("btcusd_1d_coinbase.csv", compare: false)
        input.failure = "decision 1,201 failed: node risk timed out after 10 s (agents/nodes/risk.lua:12)"
        input.decisions[1_200].error = "timed out after 10 s"
        input.decisions[1_200].failedNode = "risk"
        input.warnings = ["macro uses labelled synthetic samples"]
        let file = Chromium.temporaryFolder() + "/failed-backtest.html"
        try BacktestHTML.write(input, to: file)
        let page = try await offPool { try Self.open(file) }
        #expect(page.dom.contains("This backtest did not finish"))
        #expect(page.dom.contains("1 of \(input.decisions.count) decisions failed or degraded"))
        // decision 1,201 is past the page's own rows: its row comes from the JSON the script reads
        #expect(page.dom.contains("node risk: timed out after 10 s"))
        #expect(page.dom.range(of: "id=\"failure\"")!.lowerBound < page.dom.range(of: "id=\"metrics\"")!.lowerBound)
    }

    static func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }
}
