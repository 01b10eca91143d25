import Foundation
import Testing
@testable import Backtest

/// The fills and statistics against backtesting.py 0.6 itself: scripted decisions over a hand-made series that
/// exercises every rule, and seeded random decisions (long and short, stops, targets) over real daily and hourly
/// bars. Same trades (bars and prices), same equity at every bar, every statistic within 1e-6 relative.
@Suite struct ReferenceFixtureTests {
    @Test(arguments: ["hand_daily.json", "random_daily.json", "random_hourly.json"])
    func scriptedDecisionsMatchTheLibrary(_ name: String) throws {
        let f = try Fixture.load(name)
        let b = try #require(f.bars)
        let interval = b.time.count > 1 ? b.time[1] - b.time[0] : 86_400
        let bars = PriceBars(time: b.time, open: b.open, high: b.high, low: b.low, close: b.close, interval: interval)
        var orders: [Int: Order] = [:]
        for d in f.decisions ?? [] {
            let decision = BarDecision(bar: d.bar, time: b.time[d.bar], asOf: b.time[d.bar] + interval, action: d.action,
                                       positionSize: d.size, stopLoss: d.stop, takeProfit: d.target)
            orders[d.bar] = decision.order(allowShort: f.allow_short)
        }
        let ledger = Broker(bars: bars, costs: Costs(fee: f.fee, slippage: 0), capital: f.capital).run(orders)
        #expect(tradeMismatches(ledger.trades, f.expected.trades) == [])
        #expect(ledger.equity.count == f.expected.equity.count)
        let equityOff = zip(ledger.equity, f.expected.equity).enumerated().filter { !close($0.element.0, $0.element.1) }.map(\.offset)
        #expect(equityOff.count == 0, "bars off, the first: \(equityOff.prefix(3))")
        let metrics = Metrics(times: bars.time, close: bars.close, equity: ledger.equity, trades: ledger.trades,
                              holdFrom: bars.close[f.first_decision - 1])
        #expect(mismatches(metrics, f.expected.stats) == [])
    }
}
