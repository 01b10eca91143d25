import Foundation
import Testing
@testable import Report

@Suite struct ScaleTests {
    @Test func linearMapsEndsAndMiddle() {
        let y = LinearScale(domain: 100, 200, range: 400, 0)
        #expect(y(100) == 400)
        #expect(y(200) == 0)
        #expect(y(150) == 200)
    }

    @Test func flatDomainStillDrawsInTheMiddle() {
        let y = LinearScale(domain: 5, 5, range: 100, 0)
        #expect(y(5) == 50)
    }

    @Test func ticksAreRoundAndInside() {
        #expect(LinearScale(domain: 0.3, 9.7, range: 0, 1).ticks(count: 5) == [2, 4, 6, 8])
        #expect(LinearScale(domain: 3_120, 68_900, range: 0, 1).ticks(count: 6) == [20_000, 40_000, 60_000])
        #expect(LinearScale(domain: -0.83, 0, range: 0, 1).ticks(count: 5) == [-0.8, -0.6, -0.4, -0.2, 0])
    }

    @Test func logScaleGivesEqualRatiosEqualDistances() {
        let y = LogScale(domain: 1_000, 100_000, range: 200, 0)
        #expect(abs(y(10_000) - 100) < 1e-9)
        #expect(abs((y(2_000) - y(1_000)) - (y(20_000) - y(10_000))) < 1e-9)
        #expect(y.ticks(count: 4) == [1_000, 10_000, 100_000])
        #expect(LogScale(domain: 300, 4_000, range: 1, 0).ticks(count: 5) == [500, 1_000, 2_000])
    }

    @Test func logScaleClampsValuesAtOrBelowZero() {
        let y = LogScale(domain: 0, 100, range: 100, 0)
        #expect(y(-5).isFinite)
        #expect(y(-5) == y(y.lower))
    }

    @Test func timeTicksFallOnCalendarBoundaries() {
        let start = CivilDate(year: 2020, month: 1, day: 15).epoch, end = CivilDate(year: 2024, month: 11, day: 3).epoch
        let ticks = TimeScale(domain: start, end, range: 0, 1000).ticks(count: 6)
        #expect(ticks.map(\.label) == ["2021", "2022", "2023", "2024"])
        let day = CivilDate(year: 2024, month: 3, day: 1).epoch
        let hourly = TimeScale(domain: day, day + 86_400, range: 0, 1000).ticks(count: 6)
        #expect(hourly.first?.label == "03-01 00:00")
        #expect(hourly.count == 5)
        let months = TimeScale(domain: CivilDate(year: 2023, month: 2, day: 10).epoch, CivilDate(year: 2023, month: 9, day: 1).epoch, range: 0, 1).ticks(count: 6)
        #expect(months.map(\.label) == ["2023-03", "2023-04", "2023-05", "2023-06", "2023-07", "2023-08", "2023-09"])
    }

    @Test func civilDatesRoundTrip() {
        for epoch: Int64 in [0, 951_782_400, 1_709_251_200, -86_400, 4_102_444_800] {
            let d = CivilDate(epoch: epoch)
            #expect(CivilDate(year: d.year, month: d.month, day: d.day).epoch == epoch - Int64(d.secondsOfDay))
        }
        #expect(CivilDate(epoch: 951_782_400).dayLabel == "2000-02-29")
        #expect(CivilDate(epoch: 1_709_254_800).label == "2024-03-01 01:00")
    }
}

@Suite struct ShapeTests {
    @Test func pathNumbersHaveOneDecimalAtMost() {
        #expect(SVGPath.number(12.34) == "12.3")
        #expect(SVGPath.number(12.0) == "12")
        #expect(SVGPath.number(-0.06) == "-0.1")
        #expect(SVGPath.number(-0.04) == "0")
        #expect(SVGPath.number(.nan) == "0")
    }

    @Test func candlesSplitByDirectionWithOneSubpathEach() {
        let bars = [Bar(time: 0, open: 10, high: 12, low: 9, close: 11),   // up
                    Bar(time: 60, open: 11, high: 11.5, low: 8, close: 9),  // down
                    Bar(time: 120, open: 9, high: 9, low: 9, close: 9)]     // doji: up, still visible
        let x = TimeScale(domain: 0, 180, range: 0, 300)
        let y = LinearScale(domain: 8, 12, range: 40, 0)
        let g = CandleGeometry(bars: bars, x: x, interval: 60, y: y)
        #expect(g.up.count == 2)
        #expect(g.down.count == 1)
        #expect(g.wicks.count == 3)
        #expect(zip(g.centres, [50.0, 150, 250]).allSatisfy { abs($0 - $1) < 1e-9 })
        #expect(abs(g.bodyWidth - 70) < 1e-9)
        // the up body: from close 11 (y 10) down to open 10 (y 20), 70 wide centred on 50
        #expect(g.up.data.hasPrefix("M15,10h70v10h-70z"))
        #expect(g.wicks.data.hasPrefix("M50,0V30"))
        #expect(g.up.data.hasSuffix("M215,30h70v0.5h-70z"))
    }

    @Test func candleIntervalIsTheMedianSpacing() {
        let bars = [0, 60, 120, 600, 660].map { Bar(time: Int64($0), open: 1, high: 1, low: 1, close: 1) }
        #expect(CandleGeometry.interval(bars) == 60)
    }

    @Test func polylineBreaksAtMissingValues() {
        let line = Polyline(x: [0, 1, 2, 3, 4, 5], y: [.nan, 1, 2, .nan, 4, 5])
        #expect(line.segments == ["1,1 2,2", "4,4 5,5"])
        #expect(line.pointCount == 4)
        #expect(Polyline.area(x: [0, 10], y: [5, 7], baseline: 0) == "0,0 0,5 10,7 10,0")
    }

    @Test func ganttPutsSpansOnOneAxis() {
        let spans = [TimeSpan(label: "planner", kind: "node", start: 0, end: 0.5, status: "completed"),
                     TimeSpan(label: "technical", kind: "task", start: 0.5, end: 2, status: "completed"),
                     TimeSpan(label: "skipped", kind: "task", start: 2, end: 2, status: "skipped")]
        let g = GanttLayout(spans: spans, width: 1000)
        #expect(g.rows.count == 3)
        #expect(g.rows[0].x == GanttLayout.labelWidth)
        #expect(abs(g.rows[1].x - (g.rows[0].x + g.rows[0].width)) < 1e-9)
        #expect(abs(g.rows[1].x + g.rows[1].width - 930) < 1e-9)
        #expect(g.rows[2].width == 1.5)
        #expect(g.rows[1].y > g.rows[0].y)
        #expect(g.rows.map(\.duration) == ["500 ms", "1.50 s", "0 s"])
        #expect(GanttLayout.describe(seconds: 0.0123) == "12.3 ms")
        #expect(GanttLayout.describe(seconds: 0.0004) == "400 µs")
    }

    @Test func graphLayersFollowTheLongestPathAndLoopsGoBack() {
        let vertices = ["start", "plan", "research", "gate", "bull", "bear", "decide", "END"].map { GraphVertex(name: $0) }
        let links = [GraphLink(from: "start", to: "plan"), GraphLink(from: "plan", to: "research"),
                     GraphLink(from: "research", to: "gate"), GraphLink(from: "gate", to: "research", kind: .conditional),
                     GraphLink(from: "gate", to: "bull", kind: .parallel), GraphLink(from: "gate", to: "bear", kind: .parallel),
                     GraphLink(from: "bull", to: "decide"), GraphLink(from: "bear", to: "decide"), GraphLink(from: "decide", to: "END"),
                     GraphLink(from: "start", to: "decide")]
        let g = GraphLayout(vertices: vertices, links: links, entry: "start")
        let layer = Dictionary(uniqueKeysWithValues: g.boxes.map { ($0.vertex.name, $0.layer) })
        #expect(layer == ["start": 0, "plan": 1, "research": 2, "gate": 3, "bull": 4, "bear": 4, "decide": 5, "END": 6])
        let bull = g.boxes.first { $0.vertex.name == "bull" }!, bear = g.boxes.first { $0.vertex.name == "bear" }!
        #expect(bull.y == bear.y)
        #expect(bull.x < bear.x)
        #expect(g.routes.filter(\.isLoop).map { [$0.link.from, $0.link.to] } == [["gate", "research"]])
        #expect(g.routes.count == links.count)
        #expect(g.boxes.allSatisfy { $0.x >= 0 && $0.x + $0.width <= g.width && $0.y + $0.height <= g.height })
    }

    @Test func takenEdgesFollowThePathThroughForks() {
        let graph = DecisionReportInput.Graph(
            vertices: [GraphVertex(name: "__start__"), GraphVertex(name: "a"), GraphVertex(name: "f", shape: .fork),
                       GraphVertex(name: "b"), GraphVertex(name: "c"), GraphVertex(name: "j"), GraphVertex(name: "x")],
            links: [GraphLink(from: "__start__", to: "a"), GraphLink(from: "a", to: "f", kind: .conditional),
                    GraphLink(from: "a", to: "x", kind: .conditional), GraphLink(from: "f", to: "b", kind: .parallel),
                    GraphLink(from: "f", to: "c", kind: .parallel), GraphLink(from: "b", to: "j"), GraphLink(from: "c", to: "j")],
            entry: "__start__", path: ["__start__", "a", "b", "c", "j"])
        #expect(GraphPath.takenLinks(graph) == [["__start__", "a"], ["a", "f"], ["f", "b"], ["f", "c"], ["b", "j"], ["c", "j"]])
    }
}

@Suite struct SeriesMathTests {
    @Test func drawdownIsTheFallFromTheRunningPeak() {
        #expect(Drawdown.series([100, 120, 90, 130, 65]) == [0, 0, -0.25, 0, -0.5])
    }

    @Test func monthlyReturnsCompareMonthEnds() {
        let jan31 = CivilDate(year: 2021, month: 1, day: 31).epoch, feb1 = CivilDate(year: 2021, month: 2, day: 1).epoch
        let feb28 = CivilDate(year: 2021, month: 2, day: 28).epoch, apr2 = CivilDate(year: 2021, month: 4, day: 2).epoch
        let jan2022 = CivilDate(year: 2022, month: 1, day: 5).epoch
        let m = MonthlyReturns(times: [jan31 - 86_400 * 30, jan31, feb1, feb28, apr2, jan2022], values: [100, 110, 90, 99, 99, 49.5])
        #expect(m.years.map(\.year) == [2021, 2022])
        let y = m.years[0]
        #expect(abs(y.months[0]! - 0.10) < 1e-12)      // Jan: 100 -> 110
        #expect(abs(y.months[1]! - (-0.10)) < 1e-12)   // Feb: 110 -> 99
        #expect(y.months[2] == nil)                    // no value in March
        #expect(y.months[3] == 0)                      // Apr: 99 -> 99
        #expect(abs(y.total - (-0.01)) < 1e-12)
        #expect(abs(m.years[1].months[0]! - (-0.5)) < 1e-12)
    }

    @Test func weightedBarsShareOneScale() {
        #expect(WeightedBars.percents([0.5, 0.25, 0, .nan], largest: 0.5) == [100, 50, 1, 1])
        #expect(WeightedBars.percents([2], largest: 1) == [100])
    }

    @Test func formatsReadAsATraderExpects() {
        #expect(Format.price(43_210.4) == "43,210.40")
        #expect(Format.price(143_210.4) == "143,210")
        #expect(Format.price(1_234.56) == "1,234.56")
        #expect(Format.tick(14_000) == "14,000")
        #expect(Format.tick(0.25) == "0.2500")
        #expect(Format.price(0.12346) == "0.1235")
        #expect(Format.price(-2_500_000) == "-2,500,000")
        #expect(Format.signedPercent(0.1234) == "+12.3 %")
        #expect(Format.signedMoney(-1234.5) == "-1,234.50")
    }
}
