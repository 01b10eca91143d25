import Foundation

/// Turns a `DecisionReportInput` into the template's context: formats the figures and computes the pictures.
struct DecisionPageBuilder {
    var input: DecisionReportInput

    func page() throws -> DecisionPage {
        let i = input
        let asOf = i.asOf.map { CivilDate(epoch: $0).label + " UTC" } ?? "–"
        let title = i.symbol.isEmpty ? "Moondesk decision: \(i.agent)" : "\(i.symbol) · \(i.agent) · as of \(asOf)"
        var facts: [DecisionPage.Fact] = []
        if let r = i.rating { facts.append(.init(name: "rating", value: r)) }
        if let c = i.confidence { facts.append(.init(name: "confidence", value: Format.fixed(c))) }
        if let s = i.positionSize { facts.append(.init(name: "position size", value: Format.percent(s) + " of equity")) }
        if let e = i.entry { facts.append(.init(name: "entry", value: Format.price(e))) }
        if let s = i.stopLoss { facts.append(.init(name: "stop-loss", value: Format.price(s))) }
        if let t = i.takeProfit { facts.append(.init(name: "take-profit", value: Format.price(t))) }
        let gantt = GanttLayout(spans: i.spans)
        let graph = GraphLayout(vertices: i.graph.vertices, links: i.graph.links, entry: i.graph.entry)
        let taken = GraphPath.takenLinks(i.graph)
        return DecisionPage(
            pageTitle: title, title: title,
            subtitle: [i.profile.isEmpty ? nil : "\(i.profile) profile", i.dataSource.isEmpty ? nil : "data \(i.dataSource)",
                       "run \(i.status)"].compactMap { $0 }.joined(separator: " · "),
            status: i.status,
            selfcheck: try ReportTemplates.text("selfcheck.js"), css: try ReportTemplates.text("report.css"),
            js: try ReportTemplates.text("report.js"),
            failure: i.failure, failureTitle: "This run did not complete: what follows is what it had when it stopped",
            warnings: i.warnings, hasWarnings: !i.warnings.isEmpty, warningCount: i.warnings.count,
            warningPlural: i.warnings.count == 1 ? "" : "s",
            hasDecision: i.action != nil, action: i.action ?? "NO DECISION", facts: facts,
            rationale: i.rationale ?? (i.failure == nil ? "" : "No decision was made."),
            price: i.bars.isEmpty ? nil : priceChart().view().0,
            sides: sides(),
            research: i.research.map { r in
                .init(task: r.task, status: r.status, failed: r.status != "completed",
                      signal: r.signal.map { Format.fixed($0) } ?? "–", confidence: r.confidence.map { Format.fixed($0) } ?? "–",
                      summary: r.summary, source: r.source)
            },
            ganttWidth: SVGPath.number(gantt.width), ganttHeight: SVGPath.number(gantt.height),
            ganttRows: gantt.rows.map { row in
                .init(label: row.span.label, kind: row.span.kind, status: row.span.status, x: SVGPath.number(row.x),
                      y: SVGPath.number(row.y), width: SVGPath.number(row.width), height: SVGPath.number(row.height),
                      labelY: SVGPath.number(row.labelY),
                      // a bar reaching the right edge has its duration on its left
                      durationX: SVGPath.number(row.x + row.width + 60 > gantt.width ? row.x - 4 : row.x + row.width + 4),
                      durationAnchor: row.x + row.width + 60 > gantt.width ? "end" : "start",
                      duration: row.duration,
                      title: "\(row.span.label.trimmingCharacters(in: .whitespaces)): \(row.span.status), \(row.duration)"
                        + (row.span.detail.isEmpty ? "" : " — \(row.span.detail)"))
            },
            ganttTicks: gantt.ticks, ganttTickEnd: SVGPath.number(gantt.height),
            graphWidth: SVGPath.number(graph.width), graphHeight: SVGPath.number(graph.height),
            graphBoxes: graph.boxes.map { box in
                let visited = i.graph.path.contains(box.vertex.name)
                let status = i.graph.status[box.vertex.name]
                var cls = "box " + box.vertex.shape.rawValue + (visited ? " visited" : "")
                if let status, status != "completed" { cls += " " + status }
                return .init(label: box.vertex.label, cls: cls, x: SVGPath.number(box.x), y: SVGPath.number(box.y),
                             width: SVGPath.number(box.width), height: SVGPath.number(box.height),
                             textX: SVGPath.number(box.centreX), textY: SVGPath.number(box.y + box.height / 2 + 4),
                             title: "\(box.vertex.label)\(status.map { ": \($0)" } ?? (visited ? "" : ": not run"))")
            },
            graphEdges: graph.routes.map { route in
                let key = [route.link.from, route.link.to]
                return .init(cls: route.link.kind.rawValue + (taken.contains(key) ? " taken" : ""), d: route.path,
                             label: route.link.label, labelX: SVGPath.number(route.labelX), labelY: SVGPath.number(route.labelY))
            },
            riskNotes: i.riskNotes, hasRiskNotes: !i.riskNotes.isEmpty, runID: i.runID.isEmpty ? nil : i.runID, dataSource: i.dataSource)
    }

    /// The candles with SMA 50/200 and Bollinger bands, the as-of, and entry, stop and target.
    func priceChart() -> PriceChart {
        let i = input
        var chart = PriceChart(id: "price", title: "\(i.symbol) price, last \(i.bars.count) bars to the as-of", bars: i.bars)
        chart.overlays = [
            .init(name: "SMA 50", cls: "sma50", values: i.sma50),
            .init(name: "SMA 200", cls: "sma200", values: i.sma200),
            .init(name: "Bollinger 20, 2", cls: "bb", values: i.bollinger.upper),
            .init(name: "Bollinger middle", cls: "bb bbmid", values: i.bollinger.middle),
            .init(name: "Bollinger lower", cls: "bb", values: i.bollinger.lower),
        ]
        if let e = i.entry { chart.levels.append(.init(name: "entry", cls: "entry", value: e)) }
        if let s = i.stopLoss { chart.levels.append(.init(name: "stop", cls: "stop", value: s)) }
        if let t = i.takeProfit { chart.levels.append(.init(name: "target", cls: "target", value: t)) }
        if let asOf = i.asOf, let last = i.bars.last {
            // the mark sits at the as-of instant itself; the chart's time axis ends with the last bar's close
            chart.marks.append(.init(name: "as of", cls: "asof", time: min(asOf, last.time + CandleGeometry.interval(i.bars)) - CandleGeometry.interval(i.bars) / 2))
        }
        return chart
    }

    /// Bull and bear items as bars on one scale: the heaviest item of either side is the full width.
    func sides() -> [DecisionPage.Side] {
        let largest = (input.bull.evidence + input.bear.evidence).map(\.weight).max() ?? 1
        func side(_ c: DecisionReportInput.Case, _ title: String, _ cls: String) -> DecisionPage.Side {
            let percents = WeightedBars.percents(c.evidence.map(\.weight), largest: largest)
            let items = zip(c.evidence, percents).map { item, percent in
                var figures = ["weight \(Format.fixed(item.weight, 3))"]
                if let s = item.signal { figures.append("signal \(Format.fixed(s))") }
                if let conf = item.confidence { figures.append("confidence \(Format.fixed(conf))") }
                if !item.task.isEmpty { figures.append("from \(item.task)") }
                return DecisionPage.Item(claim: item.claim, percent: SVGPath.number(percent),
                                         figures: figures.joined(separator: " · "), synthetic: item.synthetic, suspect: item.suspect)
            }
            return .init(title: title, cls: cls, strength: c.strength.map { "strength " + Format.fixed($0) } ?? "",
                         items: items, rebuttals: c.rebuttals, empty: items.isEmpty)
        }
        return [side(input.bull, "Bull", "bull"), side(input.bear, "Bear", "bear")]
    }
}
