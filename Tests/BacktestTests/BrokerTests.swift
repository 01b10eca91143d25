import Testing
@testable import Backtest

/// Each fill rule of docs/BACKTEST.md on a few bars worked out by hand.
@Suite struct BrokerTests {
    /// Daily bars from (open, high, low, close) rows.
    typealias Row = (Double, Double, Double, Double)
    func bars(_ rows: [Row]) -> PriceBars {
        PriceBars(time: rows.indices.map { 1_600_000_000 + Int64($0) * 86_400 }, open: rows.map(\.0), high: rows.map(\.1),
                  low: rows.map(\.2), close: rows.map(\.3), interval: 86_400)
    }
    let flat4: [Row] = [(100, 101, 99, 100), (110, 112, 108, 111), (111, 113, 109, 112), (112, 114, 110, 113)]

    @Test func aBuyFillsAtTheNextOpenAndItsCostIncludingTheFeeIsTheFractionOfEquity() {
        let ledger = Broker(bars: bars(flat4), costs: Costs(fee: 0.001), capital: 10_000)
            .run([0: .long(fraction: 0.5, stop: nil, target: nil)])
        let units = 5_000 / (110 * 1.001)
        #expect(ledger.open?.entryBar == 1)
        #expect(ledger.open?.entryPrice == 110)
        #expect(abs(ledger.open!.size - units) < 1e-12)
        #expect(abs(ledger.equity[0] - 10_000) < 1e-9)
        #expect(abs(ledger.equity[1] - (10_000 - units * 110 * 0.001 + units * (111 - 110))) < 1e-9)
        #expect(ledger.trades.isEmpty)   // open at the end: marked, not closed
        #expect(abs(ledger.equity[3] - (10_000 - units * 110 * 0.001 + units * 3)) < 1e-9)
    }

    @Test func holdKeepsThePositionAndABuyWhileLongAddsNothing() {
        let ledger = Broker(bars: bars(flat4), costs: Costs(fee: 0), capital: 1_000)
            .run([0: .long(fraction: 1, stop: nil, target: nil), 1: .keep, 2: .long(fraction: 0.2, stop: nil, target: nil)])
        #expect(ledger.trades.isEmpty)
        #expect(ledger.open?.entryBar == 1)
        #expect(abs(ledger.open!.size - 1_000.0 / 110) < 1e-12)
        #expect(ledger.exposed == [false, true, true, true])
    }

    @Test func aSellClosesAtTheNextOpenWithTheFeeOnEntryAndExit() {
        let ledger = Broker(bars: bars(flat4), costs: Costs(fee: 0.01), capital: 10_000)
            .run([0: .long(fraction: 1, stop: nil, target: nil), 1: .flat])
        let units = 10_000 / (110 * 1.01)
        let t = try! #require(ledger.trades.first)
        #expect(t.exitBar == 2 && t.exitPrice == 111 && t.exitReason == .signal)
        #expect(abs(t.commissions - (units * 110 * 0.01 + units * 111 * 0.01)) < 1e-9)
        #expect(abs(t.pnl - (units * 1 - t.commissions)) < 1e-9)
        #expect(abs(ledger.equity[3] - (10_000 + t.pnl)) < 1e-9)
        #expect(ledger.open == nil)
    }

    @Test func slippageMovesEveryMarketFillAgainstTheTrader() {
        let ledger = Broker(bars: bars(flat4), costs: Costs(fee: 0, slippage: 0.01), capital: 10_000)
            .run([0: .long(fraction: 1, stop: nil, target: nil), 1: .flat])
        let t = try! #require(ledger.trades.first)
        #expect(abs(t.entryPrice - 110 * 1.01) < 1e-9)
        #expect(abs(t.exitPrice - 111 * 0.99) < 1e-9)
    }

    @Test func aStopIsFilledAtItsLevelOrAtTheOpenWhenTheBarGapsThroughIt() {
        // bar 2 touches the stop 105 from above; in the second run bar 2 opens at 100, below it
        let touched: [Row] = [(100, 101, 99, 100), (110, 112, 108, 111), (109, 110, 104, 106), (106, 107, 105, 106)]
        var gapped = touched
        gapped[2] = (100, 101, 98, 99)
        for (rows, price) in [(touched, 105.0), (gapped, 100.0)] {
            let ledger = Broker(bars: bars(rows), costs: Costs(fee: 0), capital: 1_000)
                .run([0: .long(fraction: 1, stop: 105, target: 130)])
            let t = try! #require(ledger.trades.first)
            #expect(t.exitBar == 2 && t.exitReason == .stopLoss && t.exitPrice == price)
        }
    }

    @Test func whenTheStopAndTheTargetAreTouchedInOneBarTheStopCounts() {
        let rows: [Row] = [(100, 101, 99, 100), (110, 112, 108, 111), (111, 125, 100, 115), (115, 116, 114, 115)]
        let ledger = Broker(bars: bars(rows), costs: Costs(fee: 0), capital: 1_000)
            .run([0: .long(fraction: 1, stop: 105, target: 120)])
        #expect(ledger.trades.first?.exitReason == .stopLoss)
        #expect(ledger.trades.first?.exitPrice == 105)
        // a target alone fills at its level, or at the open when the bar opens above it
        let target = Broker(bars: bars([(100, 101, 99, 100), (110, 112, 108, 111), (123, 125, 119, 124)]), costs: Costs(fee: 0), capital: 1_000)
            .run([0: .long(fraction: 1, stop: 105, target: 120)])
        #expect(target.trades.first?.exitReason == .takeProfit && target.trades.first?.exitPrice == 123)
    }

    @Test func theLastBarsOrderNeverFills() {
        let ledger = Broker(bars: bars(flat4), costs: Costs(), capital: 1_000).run([3: .long(fraction: 1, stop: nil, target: nil)])
        #expect(ledger.trades.isEmpty && ledger.open == nil)
        #expect(ledger.equity == [1_000, 1_000, 1_000, 1_000])
    }

    @Test func aShortGainsWhenThePriceFallsAndASignalReversesIt() {
        let rows: [Row] = [(100, 101, 99, 100), (100, 101, 89, 90), (90, 91, 79, 80), (80, 81, 79, 80), (80, 81, 79, 80)]
        let ledger = Broker(bars: bars(rows), costs: Costs(fee: 0), capital: 1_000)
            .run([0: .short(fraction: 0.5, stop: 120, target: nil), 2: .long(fraction: 0.5, stop: nil, target: nil)])
        let t = try! #require(ledger.trades.first)
        #expect(t.size == -5 && t.entryPrice == 100 && t.exitPrice == 80 && t.exitBar == 3)
        #expect(t.pnl == 100 && abs(t.returnFraction - 0.2) < 1e-12)
        #expect(ledger.equity[1] == 1_050)   // marked to the close: 5 × (100 − 90)
        // reversed: long half of the equity after the short closed, at the same open
        #expect(ledger.open?.entryBar == 3 && abs(ledger.open!.size - 1_100.0 * 0.5 / 80) < 1e-12)
        // a short's stop is above: touched by the high
        let stopped = Broker(bars: bars([(100, 101, 99, 100), (100, 106, 99, 104), (104, 105, 103, 104)]), costs: Costs(fee: 0), capital: 1_000)
            .run([0: .short(fraction: 1, stop: 105, target: 80)])
        #expect(stopped.trades.first?.exitReason == .stopLoss && stopped.trades.first?.exitPrice == 105)
    }

    @Test func decisionsBecomeOrdersByTheirAction() {
        let buy = BarDecision(bar: 0, time: 0, asOf: 0, action: "BUY", positionSize: 0.3, stopLoss: 90, takeProfit: 120)
        #expect(buy.order(allowShort: false) == .long(fraction: 0.3, stop: 90, target: 120))
        let sell = BarDecision(bar: 0, time: 0, asOf: 0, action: "SELL", positionSize: 0.3, stopLoss: 110, takeProfit: 80)
        #expect(sell.order(allowShort: false) == .flat)
        #expect(sell.order(allowShort: true) == .short(fraction: 0.3, stop: 110, target: 80))
        #expect(BarDecision(bar: 0, time: 0, asOf: 0, action: "HOLD").order(allowShort: true) == .keep)
        #expect(BarDecision(bar: 0, time: 0, asOf: 0, action: "BUY").order(allowShort: false)
                == .long(fraction: 0.9999, stop: nil, target: nil))
        #expect(BarDecision(bar: 0, time: 0, asOf: 0, action: "BUY", positionSize: 0).order(allowShort: false) == .keep)
        #expect(BarDecision(bar: 0, time: 0, asOf: 0, action: "FAILED").order(allowShort: true) == .keep)
        // more than all of the equity is no leverage: capped at 1
        #expect(BarDecision(bar: 0, time: 0, asOf: 0, action: "BUY", positionSize: 3).order(allowShort: false)
                == .long(fraction: 1, stop: nil, target: nil))
    }

    @Test func equityThatReachesZeroClosesEverythingAndStaysAtZero() {
        let rows: [Row] = [(100, 101, 99, 100), (100, 101, 99, 100), (100, 300, 99, 250), (250, 260, 240, 250)]
        let ledger = Broker(bars: bars(rows), costs: Costs(fee: 0), capital: 1_000)
            .run([0: .short(fraction: 1, stop: nil, target: nil)])
        #expect(ledger.equity[2] == 0 && ledger.equity[3] == 0)
        #expect(ledger.trades.first?.exitReason == .bankrupt)
    }
}
