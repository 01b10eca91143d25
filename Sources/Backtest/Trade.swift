/// Why a position ended.
public enum ExitReason: String, Sendable, Codable, Equatable {
    /// A later decision asked for flat or the other side.
    case signal
    case stopLoss = "stop_loss"
    case takeProfit = "take_profit"
    /// Equity reached zero: everything was closed.
    case bankrupt
    /// Still open at the end: marked to the last close, not counted among the closed trades.
    case open
}

/// One position from entry to exit. Bars are indices into the backtest's bars.
public struct Trade: Sendable, Equatable, Codable {
    /// Units, positive long, negative short.
    public var size: Double
    public var entryBar: Int
    public var entryTime: Int64
    /// The fill price including slippage.
    public var entryPrice: Double
    public var exitBar: Int
    public var exitTime: Int64
    public var exitPrice: Double
    public var stopLoss: Double?
    public var takeProfit: Double?
    /// Fees paid on entry and exit.
    public var commissions: Double
    /// Profit in cash after both fees.
    public var pnl: Double
    /// Return on the entry notional after fees (backtesting.py's `ReturnPct`, as a fraction).
    public var returnFraction: Double
    public var exitReason: ExitReason
    /// The decision bar that opened the position.
    public var decisionBar: Int

    public var isLong: Bool { size > 0 }
    public var durationSeconds: Int64 { exitTime - entryTime }
}
