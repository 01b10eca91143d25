/// The fill rules of docs/BACKTEST.md, applied bar by bar: an order made at bar t's close fills at bar t+1's
/// open (slippage against the trader, the fee on the notional); a position's stop-loss and take-profit are
/// checked on every bar from its entry bar on, against the bar's low and high: filled at the level, or at the
/// open when the bar gaps through it, the stop first when both are touched. Equity is cash plus the open
/// position marked to each close (backtesting.py's margin model: a fill moves cash only by fees and realised
/// profit).
public struct Broker: Sendable {
    public let bars: PriceBars
    public let costs: Costs
    public let capital: Double

    public init(bars: PriceBars, costs: Costs, capital: Double) {
        self.bars = bars
        self.costs = costs
        self.capital = capital
    }

    /// What the bars and orders gave.
    public struct Ledger: Sendable, Equatable {
        /// Closed positions, in exit order.
        public var trades: [Trade] = []
        /// The position open after the last bar, marked to its close.
        public var open: Trade?
        /// Equity at each bar's close.
        public var equity: [Double] = []
        /// Whether a position was held at each bar's close.
        public var exposed: [Bool] = []
        public var cash: Double = 0
    }

    private struct Position {
        var size: Double
        var entryBar: Int
        var entryPrice: Double
        var entryFee: Double
        var stop: Double?
        var target: Double?
        var decisionBar: Int
    }

    /// Runs `orders` (by the bar whose close made them) over every bar.
    public func run(_ orders: [Int: Order]) -> Ledger {
        var ledger = Ledger()
        ledger.cash = capital
        ledger.equity.reserveCapacity(bars.count)
        var position: Position?
        var broke = false

        func close(_ p: Position, at price: Double, bar: Int, reason: ExitReason) {
            let fee = abs(p.size) * price * costs.fee
            let gross = p.size * (price - p.entryPrice)
            ledger.cash += gross - fee
            let commissions = fee + p.entryFee
            let returned = (p.size > 0 ? 1.0 : -1.0) * (price / p.entryPrice - 1) - commissions / (abs(p.size) * p.entryPrice)
            ledger.trades.append(Trade(size: p.size, entryBar: p.entryBar, entryTime: bars.time[p.entryBar],
                                       entryPrice: p.entryPrice, exitBar: bar, exitTime: bars.time[bar], exitPrice: price,
                                       stopLoss: p.stop, takeProfit: p.target, commissions: commissions,
                                       pnl: gross - commissions, returnFraction: returned, exitReason: reason,
                                       decisionBar: p.decisionBar))
        }

        for i in 0..<bars.count {
            if broke { ledger.equity.append(0); ledger.exposed.append(false); continue }
            let open = bars.open[i]
            // 1. The order of the previous bar's decision, at this bar's open.
            if i > 0, let order = orders[i - 1] {
                let wantsLong: Bool? = switch order {
                case .keep: nil
                case .flat: false
                case .long: true
                case .short: false
                }
                if let p = position, let wantsLong, (p.size > 0) != wantsLong || order == .flat {
                    close(p, at: costs.fill(open, buying: p.size < 0), bar: i, reason: .signal)
                    position = nil
                }
                if position == nil {
                    switch order {
                    case .long(let f, let stop, let target), .short(let f, let stop, let target):
                        let buying: Bool = if case .long = order { true } else { false }
                        let price = costs.fill(open, buying: buying)
                        let fraction = min(max(f, 0), 1)
                        let units = fraction * ledger.cash / (price * (1 + costs.fee))
                        if units > 0, units.isFinite {
                            let fee = units * price * costs.fee
                            ledger.cash -= fee
                            position = Position(size: buying ? units : -units, entryBar: i, entryPrice: price,
                                                entryFee: fee, stop: stop, target: target, decisionBar: i - 1)
                        }
                    case .keep, .flat:
                        break
                    }
                }
            }
            // 2. Stop-loss, then take-profit, within the bar.
            if let p = position {
                let high = bars.high[i], low = bars.low[i]
                if p.size > 0 {
                    if let stop = p.stop, low <= stop {
                        close(p, at: costs.fill(min(open, stop), buying: false), bar: i, reason: .stopLoss)
                        position = nil
                    } else if let target = p.target, high >= target {
                        close(p, at: max(open, target), bar: i, reason: .takeProfit)
                        position = nil
                    }
                } else {
                    if let stop = p.stop, high >= stop {
                        close(p, at: costs.fill(max(open, stop), buying: true), bar: i, reason: .stopLoss)
                        position = nil
                    } else if let target = p.target, low <= target {
                        close(p, at: min(open, target), bar: i, reason: .takeProfit)
                        position = nil
                    }
                }
            }
            // 3. Equity at the close.
            let marked = position.map { $0.size * (bars.close[i] - $0.entryPrice) } ?? 0
            var equity = ledger.cash + marked
            if equity <= 0 {
                if let p = position { close(p, at: bars.close[i], bar: i, reason: .bankrupt); position = nil }
                ledger.cash = 0
                equity = 0
                broke = true
            }
            ledger.equity.append(equity)
            ledger.exposed.append(position != nil)
        }
        if let p = position, let last = bars.time.indices.last {
            let price = bars.close[last]
            let gross = p.size * (price - p.entryPrice)
            ledger.open = Trade(size: p.size, entryBar: p.entryBar, entryTime: bars.time[p.entryBar], entryPrice: p.entryPrice,
                                exitBar: last, exitTime: bars.time[last], exitPrice: price, stopLoss: p.stop,
                                takeProfit: p.target, commissions: p.entryFee, pnl: gross - p.entryFee,
                                returnFraction: (p.size > 0 ? 1.0 : -1.0) * (price / p.entryPrice - 1) - p.entryFee / (abs(p.size) * p.entryPrice),
                                exitReason: .open, decisionBar: p.decisionBar)
        }
        return ledger
    }
}
