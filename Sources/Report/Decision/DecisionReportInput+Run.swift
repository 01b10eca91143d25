import Foundation
import LuaHost
import MarketData
import Moondesk
import Orchestrator
import Research

extension DecisionReportInput {
    /// How many bars the price chart shows, up to the as-of: enough for the handlers' 90-bar swing window and
    /// the turn of SMA 50 and 200 (computed over the whole series, shown over these bars).
    public static let window = 180

    /// A run's report, from what `--json` prints (the state after the privacy node redacted it), the run's
    /// journal and research rounds, its graph and the candles it decided on.
    public init(run: DecisionRun, session: Session, window: Int = Self.window) {
        let json = DecisionReport.json(run, session: session)
        self.init(agent: session.agent.name, symbol: json["symbol"].stringValue ?? session.options.plan.symbol,
                  profile: json["risk_profile"].stringValue ?? "", asOf: session.runtime.market.asOf,
                  status: run.result.status.rawValue, failure: run.failure?.description)
        let decision = json["decision"]
        action = decision["action"].stringValue
        rating = decision["rating"].stringValue
        confidence = decision["confidence"].doubleValue
        positionSize = decision["position_size"].doubleValue
        stopLoss = decision["stop_loss"].doubleValue
        takeProfit = decision["take_profit"].doubleValue
        rationale = decision["rationale"].stringValue
        entry = stopLoss == nil && takeProfit == nil ? nil : json["position"]["entry"].doubleValue
        if let series = try? session.runtime.market.series() { setCandles(series, window: window) }
        dataSource = ProjectPaths.relative(session.runtime.market.dataPath)
        bull = Self.caseOf(json["bull_case"])
        bear = Self.caseOf(json["bear_case"])
        research = Self.research(json)
        spans = Self.spans(run)
        graph = Self.graph(run)
        warnings = Self.warnings(json, run: run, research: research)
        riskNotes = (json["risk"]["notes"].arrayValue ?? []).compactMap(\.stringValue)
        runID = json["run"]["id"].stringValue ?? ""
    }

    /// The last `window` bars of `series` and SMA 50, SMA 200 and Bollinger (20, 2) over them, computed on the
    /// whole series (as the technical handler does) so the lines start warmed up.
    public mutating func setCandles(_ series: CandleSlice, window: Int = Self.window) {
        let close = Array(series.close)
        let n = close.count, first = max(0, n - window)
        let time = Array(series.time), open = Array(series.open), high = Array(series.high), low = Array(series.low)
        bars = (first..<n).map { Bar(time: time[$0], open: open[$0], high: high[$0], low: low[$0], close: close[$0]) }
        sma50 = Array(Indicators.sma(close, 50)[first..<n])
        sma200 = Array(Indicators.sma(close, 200)[first..<n])
        let bands = Indicators.bbands(close, 20, 2)
        bollinger = (Array(bands.upper[first..<n]), Array(bands.middle[first..<n]), Array(bands.lower[first..<n]))
    }

    static func caseOf(_ value: LuaValue) -> Case {
        let evidence = (value["evidence"].arrayValue ?? []).map { item in
            Evidence(claim: item["claim"].stringValue ?? item.jsonText(), weight: item["weight"].doubleValue ?? 0,
                     signal: item["signal"].doubleValue, confidence: item["confidence"].doubleValue,
                     task: item["task"].stringValue ?? "", synthetic: item["synthetic"].boolValue ?? false,
                     suspect: item["suspect"].boolValue ?? false)
        }
        let rebuttals = (value["rebuttals"].arrayValue ?? []).compactMap { $0["text"].stringValue }
        return Case(strength: value["strength"].doubleValue, evidence: evidence, rebuttals: rebuttals)
    }

    /// Every planned task with its status and result, in plan order.
    static func research(_ json: LuaValue) -> [Research] {
        let results = json["research"]["results"], records = json["research"]["tasks"]
        return (json["plan"]["tasks"].arrayValue ?? []).map { task in
            let id = task["task_id"].stringValue ?? task["id"].stringValue ?? "?"
            let record = records[id], result = results[id]
            let error = [record["error"].stringValue, record["error_location"].stringValue.map { "(\($0))" }]
                .compactMap { $0 }.joined(separator: " ")
            return Research(task: id, status: record["status"].stringValue ?? "not run",
                            signal: result["signal"].doubleValue, confidence: result["confidence"].doubleValue,
                            summary: result["summary"].stringValue ?? error,
                            source: result["source"].stringValue ?? (result["sources"].arrayValue?.first?["kind"].stringValue ?? ""))
        }
    }

    /// Nodes from the journal; each research round's task attempts right after the researcher run that ran
    /// them, shifted onto the graph's time axis (a round's times count from its researcher's start).
    static func spans(_ run: DecisionRun) -> [TimeSpan] {
        var out: [TimeSpan] = []
        var researcherRuns = 0
        for record in run.result.journal {
            out.append(TimeSpan(label: record.name, kind: "node", start: record.start, end: record.end,
                                status: record.status.rawValue,
                                detail: record.error ?? record.summary ?? ""))
            guard record.name == "researcher" || run.graph.node(record.name)?.handler == "desk.researcher" else { continue }
            researcherRuns += 1
            guard let round = run.rounds.first(where: { $0.round == researcherRuns }) else { continue }
            for id in round.taskIDs {
                guard let task = round.report.tasks[id] else { continue }
                if task.attempts.isEmpty {
                    out.append(TimeSpan(label: "  \(id)", kind: "task", start: record.start + (task.start ?? 0),
                                        end: record.start + (task.end ?? task.start ?? 0), status: task.status.rawValue,
                                        detail: task.error ?? ""))
                }
                for attempt in task.attempts {
                    let label = task.attempts.count > 1 ? "  \(id) #\(attempt.attempt)" : "  \(id)"
                    out.append(TimeSpan(label: label, kind: "task", start: record.start + attempt.start,
                                        end: record.start + attempt.end, status: attempt.status.rawValue,
                                        detail: attempt.error ?? ""))
                }
            }
        }
        return out
    }

    /// The graph's nodes, named forks, start and end, and every edge kind; the path the run took.
    static func graph(_ run: DecisionRun) -> Graph {
        let g = run.graph
        var vertices = [GraphVertex(name: "__start__", label: "start", shape: .terminal)]
        vertices += g.nodes.map { GraphVertex(name: $0.name, label: $0.name, shape: .node) }
        vertices += g.forks.map { GraphVertex(name: $0.from, label: $0.from, shape: .fork) }
        vertices.append(GraphVertex(name: GraphDefinition.end, label: "end", shape: .terminal))
        var links: [GraphLink] = []
        if let entry = g.entry { links.append(GraphLink(from: "__start__", to: entry)) }
        links += g.edges.map { GraphLink(from: $0.from, to: $0.to) }
        for edge in g.conditionalEdges {
            links += edge.targets.map { GraphLink(from: edge.from, to: $0, kind: .conditional, label: edge.labels[$0]) }
        }
        for group in g.parallels {
            links += group.branches.map { GraphLink(from: group.from, to: $0, kind: .parallel) }
            links += group.branches.map { GraphLink(from: $0, to: group.join) }
        }
        var status: [String: String] = [:]
        for record in run.result.journal { status[record.name] = record.status.rawValue }
        var path = ["__start__"] + run.result.path
        if run.result.status == .completed { path.append(GraphDefinition.end) }
        return Graph(vertices: vertices, links: links, entry: "__start__", path: path, status: status)
    }

    /// The run's own warnings, then what a trader must not miss: synthetic samples, degraded research, tasks
    /// and nodes that did not complete.
    static func warnings(_ json: LuaValue, run: DecisionRun, research: [Research]) -> [String] {
        var out = (json["warnings"].arrayValue ?? []).compactMap(\.stringValue)
        func add(_ text: String) { if !out.contains(text) { out.append(text) } }
        let synthetic = research.filter { $0.source == "synthetic-sample" }.map(\.task)
        if !synthetic.isEmpty {
            add("synthetic data: \(synthetic.joined(separator: ", ")) \(synthetic.count == 1 ? "is" : "are") built on labelled synthetic samples, not market data")
        }
        if let last = run.rounds.last?.report, last.degraded {
            add("degraded research: " + (last.degradedReasons.isEmpty ? "a critical task did not complete" : last.degradedReasons.joined(separator: "; ")))
        }
        for task in research where task.status != "completed" {
            add("task \(task.task) \(task.status.replacingOccurrences(of: "_", with: " "))\(task.summary.isEmpty ? "" : ": " + task.summary)")
        }
        for record in run.result.journal where record.status != .completed {
            add("node \(record.name) \(record.status.rawValue.replacingOccurrences(of: "_", with: " ")): \(record.error ?? "")\(record.errorLocation.map { " (\($0))" } ?? "")")
        }
        return out
    }
}
