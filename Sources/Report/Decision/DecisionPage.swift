/// The decision report's template context: every figure formatted, every picture laid out.
struct DecisionPage {
    struct Fact { var name: String; var value: String }
    struct Item { var claim: String; var percent: String; var figures: String; var synthetic: Bool; var suspect: Bool }
    struct Side { var title: String; var cls: String; var strength: String; var items: [Item]; var rebuttals: [String]; var empty: Bool }
    struct ResearchRow { var task: String; var status: String; var failed: Bool; var signal: String; var confidence: String; var summary: String; var source: String }
    struct GanttRow { var label: String; var kind: String; var status: String; var x: String; var y: String; var width: String; var height: String; var labelY: String; var durationX: String; var durationAnchor: String; var duration: String; var title: String }
    struct GraphBox { var label: String; var cls: String; var x: String; var y: String; var width: String; var height: String; var textX: String; var textY: String; var title: String }
    struct GraphEdge { var cls: String; var d: String; var label: String?; var labelX: String; var labelY: String }

    var generator = "report"
    var pageTitle: String
    var title: String
    var subtitle: String
    var status: String
    var selfcheck: String
    var css: String
    var js: String
    var subject = "decision"
    var failure: String?
    var failureTitle: String
    var warnings: [String]
    var hasWarnings: Bool
    var warningCount: Int
    var warningPlural: String
    var hasDecision: Bool
    var action: String
    var facts: [Fact]
    var rationale: String
    var price: ChartView?
    var sides: [Side]
    var research: [ResearchRow]
    var ganttWidth: String
    var ganttHeight: String
    var ganttRows: [GanttRow]
    var ganttTicks: [GanttLayout.Tick]
    var ganttTickEnd: String
    var graphWidth: String
    var graphHeight: String
    var graphBoxes: [GraphBox]
    var graphEdges: [GraphEdge]
    var riskNotes: [String]
    var hasRiskNotes: Bool
    var runID: String?
    var dataSource: String
}
