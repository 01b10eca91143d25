/// Everything a backtest report shows, as plain values: what `host backtest` fills in (or any other source, e.g.
/// a JSON file decoded with `JSONDecoder`). Times are UTC epoch seconds; fractions are plain (0.12 is 12 %).
public struct BacktestReportInput: Sendable, Codable, Equatable {
    /// A value of a curve at a time (equity, buy-and-hold, drawdown).
    public struct Point: Sendable, Codable, Equatable {
        public var time: Int64
        public var value: Double
        public init(time: Int64, value: Double) {
            self.time = time
            self.value = value
        }
    }

    /// One closed (or still open, `exitTime` nil) trade.
    public struct Trade: Sendable, Codable, Equatable {
        public var entryTime: Int64
        public var entryPrice: Double
        public var exitTime: Int64?
        public var exitPrice: Double?
        /// Units of the asset (or a fraction of equity: shown as given).
        public var size: Double
        /// Profit or loss in the equity's currency.
        public var pnl: Double
        /// The trade's return, a fraction.
        public var returnFraction: Double
        public var isShort: Bool
        /// Why it closed: "stop", "target", "signal", "end of data"...
        public var exitReason: String

        public init(entryTime: Int64, entryPrice: Double, exitTime: Int64?, exitPrice: Double?, size: Double,
                    pnl: Double, returnFraction: Double, isShort: Bool = false, exitReason: String = "") {
            self.entryTime = entryTime
            self.entryPrice = entryPrice
            self.exitTime = exitTime
            self.exitPrice = exitPrice
            self.size = size
            self.pnl = pnl
            self.returnFraction = returnFraction
            self.isShort = isShort
            self.exitReason = exitReason
        }
    }

    /// A row of the metrics table, already formatted (`Sharpe`, `1.42`).
    public struct Metric: Sendable, Codable, Equatable {
        public var name: String
        public var value: String
        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    /// One decision the agent took during the backtest.
    public struct Decision: Sendable, Codable, Equatable {
        public var time: Int64
        /// BUY, SELL or HOLD (or "ERROR" when the run failed).
        public var action: String
        public var rating: String
        public var confidence: Double?
        /// Fraction of equity.
        public var positionSize: Double?
        public var rationale: String
        /// The node that failed and its error, when this decision's run failed or degraded.
        public var failedNode: String?
        public var error: String?

        public init(time: Int64, action: String, rating: String = "", confidence: Double? = nil,
                    positionSize: Double? = nil, rationale: String = "", failedNode: String? = nil, error: String? = nil) {
            self.time = time
            self.action = action
            self.rating = rating
            self.confidence = confidence
            self.positionSize = positionSize
            self.rationale = rationale
            self.failedNode = failedNode
            self.error = error
        }
    }

    /// Another agent's equity curve, drawn beside this one's.
    public struct AgentCurve: Sendable, Codable, Equatable {
        public var agent: String
        public var equity: [Point]
        public init(agent: String, equity: [Point]) {
            self.agent = agent
            self.equity = equity
        }
    }

    public var title: String
    public var agent: String
    public var symbol: String
    public var bars: [Bar]
    public var equity: [Point]
    public var buyAndHold: [Point]
    /// Drawdown fractions (0 or negative); empty: computed from `equity`.
    public var drawdown: [Point]
    public var trades: [Trade]
    /// In the order the table shows them.
    public var metrics: [Metric]
    public var decisions: [Decision]
    /// Other agents' curves (a comparison run); empty for one agent.
    public var agents: [AgentCurve]
    /// Shown at the top, impossible to miss: synthetic or substituted data, degraded decisions...
    public var warnings: [String]
    /// Why the backtest stopped, when it did not finish: the report says so first.
    public var failure: String?

    public init(title: String, agent: String, symbol: String, bars: [Bar], equity: [Point], buyAndHold: [Point],
                drawdown: [Point] = [], trades: [Trade] = [], metrics: [Metric] = [], decisions: [Decision] = [],
                agents: [AgentCurve] = [], warnings: [String] = [], failure: String? = nil) {
        self.title = title
        self.agent = agent
        self.symbol = symbol
        self.bars = bars
        self.equity = equity
        self.buyAndHold = buyAndHold
        self.drawdown = drawdown
        self.trades = trades
        self.metrics = metrics
        self.decisions = decisions
        self.agents = agents
        self.warnings = warnings
        self.failure = failure
    }
}
