/// The backtest report's template context.
struct BacktestPage {
    struct Metric { var name: String; var value: String }
    struct TradeRow { var number: Int; var side: String; var entry: String; var entryTime: Int64; var entryPrice: String; var exit: String; var exitTime: String; var exitPrice: String; var size: String; var pnl: String; var pnlValue: String; var ret: String; var retValue: String; var reason: String }
    struct Month { var text: String; var cls: String; var alpha: String }
    struct YearRow { var year: Int; var months: [Month]; var total: Month }
    struct DecisionRow { var time: Int64; var date: String; var action: String; var rating: String; var confidence: String; var confidenceValue: String; var size: String; var sizeValue: String; var rationale: String; var failed: Bool; var error: String }
    struct Chunk { var rows: [DecisionRow] }

    var generator = "report"
    var pageTitle: String
    var title: String
    var subtitle: String
    var status: String
    var selfcheck: String
    var css: String
    var js: String
    var subject = "backtest"
    var failure: String?
    var failureTitle = "This backtest did not finish: what follows is what it had when it stopped"
    var warnings: [String]
    var hasWarnings: Bool
    var warningCount: Int
    var warningPlural: String
    var metrics: [Metric]
    var hasMetrics: Bool
    var equity: ChartView?
    var drawdown: ChartView?
    var price: ChartView?
    var trades: [TradeRow]
    var hasTrades: Bool
    var tradeCount: Int
    var years: [YearRow]
    var hasYears: Bool
    var monthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    /// A decision as the page's script reads it when there are too many for the page itself (`staticLimit`):
    /// `[time, action, rating, confidence, size, rationale, error]`, an array rather than an object (half the
    /// bytes for 20,000 decisions); the script formats time, confidence and size as the rows do.
    struct DecisionJSON: Encodable {
        var time: Int64, action: String, rating: String, confidence: Double?, size: Double?, rationale: String, error: String?
        func encode(to encoder: any Encoder) throws {
            var row = encoder.unkeyedContainer()
            try row.encode(time)
            try row.encode(action)
            try row.encode(rating)
            try row.encode(confidence.map { ($0 * 10_000).rounded() / 10_000 })
            try row.encode(size.map { ($0 * 10_000).rounded() / 10_000 })
            try row.encode(rationale)
            try row.encode(error)
        }
    }
    var decisionChunks: [Chunk]
    var decisionCount: Int
    var hasDecisions: Bool
    /// Over `staticLimit` decisions the page holds the first `shownDecisions` as rows and all of them as JSON,
    /// which its script shows in a scrolled window of rows (20,000 rows of HTML take seconds to open).
    var isVirtual: Bool
    var shownDecisions: Int
    var decisionData: String?
}
