import Foundation
import Testing
@testable import MarketData

/// The small primitives, on hand-checkable inputs and on the real series.
struct PrimitiveTests {
    static let daily = try! CandleLoader.load(path: Repo.candles("btcusd_1d_coinbase.csv"))

    @Test func rollingExtremes() {
        let x = [1.0, 3, 2, 5, 4, 4, 1]
        #expect(Indicators.rollingMax(x, 2).dropFirst().elementsEqual([3, 3, 5, 5, 4, 4]))
        #expect(Indicators.rollingMin(x, 3).dropFirst(2).elementsEqual([1, 2, 2, 4, 1]))
        #expect(Indicators.rollingMax(x, 2)[0].isNaN)
        let high = Self.daily.high
        let fast = Indicators.rollingMax(high, 20), slow = Indicators.rollingMin(high, 20)
        for i in 19..<high.count {
            #expect(fast[i] == high[(i - 19)...i].max()!)
            #expect(slow[i] == high[(i - 19)...i].min()!)
        }
    }

    @Test func linearSlope() {
        #expect(Indicators.linearSlope([1.0, 3, 5, 7], 4)[3] == 2)
        #expect(Indicators.linearSlope([2.0, 2, 2], 3)[2] == 0)
        #expect(Indicators.linearSlope([5.0, 4, 3, 9], 2).dropFirst().elementsEqual([-1, -1, 6]))
        let v = Self.daily.volume
        let slope = Indicators.linearSlope(v, 30)
        for i in stride(from: 29, to: v.count, by: 37) {  // textbook formula n Σtx − Σt Σx over n Σt² − (Σt)²
            let w = Array(v[(i - 29)...i])
            let n = 30.0
            let st = (0..<30).reduce(0.0) { $0 + Double($1) }
            let stt = (0..<30).reduce(0.0) { $0 + Double($1 * $1) }
            let sx = w.reduce(0, +)
            let stx = w.enumerated().reduce(0.0) { $0 + Double($1.offset) * $1.element }
            let reference = (n * stx - st * sx) / (n * stt - st * st)
            #expect(abs(slope[i] - reference) <= 1e-9 * max(1, abs(reference)))
        }
    }

    @Test func amihudIlliquidity() {
        let a = Indicators.amihudIlliquidity(close: [100.0, 110, 99], volume: [1.0, 2, 3], 2)
        #expect(a[0].isNaN && a[1].isNaN)
        let expected = ((110.0 / 100 - 1) / 220 * 1e6 + abs(99.0 / 110 - 1) / 297 * 1e6) / 2
        #expect(abs(a[2] - expected) < 1e-9)
        // Zero-volume bars are left out of the mean.
        let z = Indicators.amihudIlliquidity(close: [100.0, 110, 99], volume: [1.0, 0, 3], 2)
        #expect(abs(z[2] - abs(99.0 / 110 - 1) / 297 * 1e6) < 1e-12)
        // Real data: BTC grew far more liquid from 2015 to 2019.
        let d = Self.daily
        let illiq = Indicators.amihudIlliquidity(close: d.close, volume: d.volume, 30)
        let early = illiq[60], late = illiq[d.count - 1]
        #expect(early > 0 && late > 0 && early > 10 * late)
    }

    @Test func corwinSchultzSpread() {
        // A constant 99/101 bid-ask bounce around 100 is a 2% spread.
        let s = Indicators.highLowSpread(high: [101.0, 101, 101], low: [99.0, 99, 99], 2)
        #expect(s[0].isNaN && s[1].isNaN)
        #expect(abs(s[2] - 0.02) < 1e-12)
        // A big move between bars makes γ dominate: the estimate is negative and floors at 0.
        let m = Indicators.highLowSpread(high: [101.0, 151], low: [99.0, 149], 1)
        #expect(m[1] == 0)
        let d = Self.daily
        let spread = Indicators.highLowSpread(high: d.high, low: d.low, 30)
        let valid = spread.filter { !$0.isNaN }
        #expect(valid.count == d.count - 30)
        #expect(valid.allSatisfy { $0 >= 0 && $0 < 0.2 })
        #expect(valid.reduce(0, +) / Double(valid.count) > 0.001)
    }

    @Test func returnsAndDrawdown() {
        let r = Indicators.returns([100.0, 110, 99])
        #expect(r[0].isNaN && abs(r[1] - 0.1) < 1e-15 && abs(r[2] + 0.1) < 1e-15)
        let l = Indicators.logReturns([1.0, M_E, 1])
        #expect(l[0].isNaN && abs(l[1] - 1) < 1e-15 && abs(l[2] + 1) < 1e-15)
        let dd = Indicators.maxDrawdown([100.0, 120, 60, 130, 65, 70])
        #expect(dd.fraction == 0.5 && dd.peakIndex == 1 && dd.troughIndex == 2)
        #expect(Indicators.maxDrawdown([1.0, 2, 3]).fraction == 0)
        #expect(Indicators.maxDrawdown([Double]()).peakIndex == nil)
        // BTC's 2017-18 bear market: the December 2017 top to the December 2018 bottom.
        let d = Self.daily
        let real = Indicators.maxDrawdown(d.close)
        let peak = Int(d.time[real.peakIndex!] / 86_400), trough = Int(d.time[real.troughIndex!] / 86_400)
        #expect(peak == TimestampParser.daysFromCivil(year: 2017, month: 12, day: 16))
        #expect(trough >= TimestampParser.daysFromCivil(year: 2018, month: 12, day: 1))
        #expect(real.fraction > 0.8 && real.fraction < 0.87)
    }

    @Test func correlationOfReturns() {
        var x = [100.0], y = [50.0], z = [20.0]
        var rng = SplitMix64(seed: 7)
        for _ in 0..<60 {
            let r = Double(rng.next() % 2001) / 1e5 - 0.01
            x.append(x.last! * (1 + r))
            y.append(y.last! * (1 + 2 * r))  // same returns scaled: correlation 1
            z.append(z.last! * (1 - r))  // opposite returns: correlation -1
        }
        let pos = Indicators.correlation(x, y, 10), neg = Indicators.correlation(x, z, 10)
        #expect(pos.prefix(10).allSatisfy { $0.isNaN })
        #expect(pos.dropFirst(10).allSatisfy { abs($0 - 1) < 1e-9 })
        #expect(neg.dropFirst(10).allSatisfy { abs($0 + 1) < 1e-9 })
    }
}
