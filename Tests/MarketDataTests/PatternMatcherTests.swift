import Foundation
import Testing
@testable import MarketData

struct PatternMatcherTests {
    /// A series whose returns repeat with period 7: the latest window has exact twins every 7 bars.
    @Test func periodicReturnsFindExactTwins() throws {
        let cycle = [0.01, -0.02, 0.03, 0.005, -0.01, 0.02, -0.015]
        var closes = [100.0]
        for i in 0..<120 { closes.append(closes.last! * (1 + cycle[i % 7])) }
        let m = try PatternMatcher.match(closes: closes, window: 14, horizon: 3, neighbours: 5)
        #expect(m.candidates == closes.count - 14 - 3)
        #expect(m.sampleSize == 5)
        for nb in m.neighbours {
            #expect(nb.distance < 1e-9)
            #expect((m.queryEndIndex - nb.endIndex) % 7 == 0)
        }
        // Every twin is followed by the same three returns.
        let expected = (1 + cycle[(m.queryEndIndex + 0) % 7]) * (1 + cycle[(m.queryEndIndex + 1) % 7])
            * (1 + cycle[(m.queryEndIndex + 2) % 7]) - 1
        #expect(abs(m.expectedMove - expected) < 1e-12)
        #expect(abs(m.medianMove - expected) < 1e-12)
        #expect(m.dispersion < 1e-12)
        #expect(m.hitRate == (expected > 0 ? 1 : 0))
    }

    /// Brute force on the real daily series: z-scores and distances recomputed independently.
    @Test func dailyHistoryAgreesWithBruteForce() throws {
        let closes = try CandleLoader.load(path: Repo.candles("btcusd_1d_coinbase.csv")).close
        let (k, h) = (20, 10)
        let m = try PatternMatcher.match(closes: closes, window: k, horizon: h, neighbours: 25)
        #expect(m.candidates == closes.count - k - h)
        #expect(m.queryEndIndex == closes.count - 1)
        func z(_ end: Int) -> [Double] {
            let r = ((end - k + 1)...end).map { closes[$0] / closes[$0 - 1] - 1 }
            let mean = r.reduce(0, +) / Double(k)
            let sd = (r.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(k)).squareRoot()
            return r.map { sd > 0 ? ($0 - mean) / sd : 0 }  // a flat window (early Coinbase days) is all zeros
        }
        let q = z(closes.count - 1)
        var all: [(Double, Int)] = []
        for e in k...(closes.count - 1 - h) {
            all.append((zip(z(e), q).map { ($0 - $1) * ($0 - $1) }.reduce(0, +).squareRoot(), e))
        }
        all.sort { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }
        #expect(m.neighbours.map(\.endIndex) == all.prefix(25).map(\.1))
        for (nb, ref) in zip(m.neighbours, all) {
            #expect(abs(nb.distance - ref.0) < 1e-9)
            #expect(nb.forwardReturn == closes[nb.endIndex + h] / closes[nb.endIndex] - 1)
        }
        let fwd = m.neighbours.map(\.forwardReturn)
        #expect(abs(m.expectedMove - fwd.reduce(0, +) / 25) < 1e-15)
        #expect(m.hitRate == Double(fwd.filter { $0 > 0 }.count) / 25)
        #expect(m.dispersion > 0 && m.dispersion < 1)
    }

    @Test func badInputIsAnError() throws {
        #expect(throws: PatternError.insufficientHistory(needed: 31, have: 30)) {
            try PatternMatcher.match(closes: Array(repeating: 1.0, count: 30), window: 20, horizon: 10, neighbours: 5)
        }
        var closes = (1...60).map(Double.init)
        closes[7] = 0
        #expect(throws: PatternError.invalidClose(index: 7, value: 0)) {
            try PatternMatcher.match(closes: closes, window: 5, horizon: 2, neighbours: 3)
        }
        #expect(throws: PatternError.self) {
            try PatternMatcher.match(closes: closes, window: 1, horizon: 2, neighbours: 3)
        }
    }
}

/// The bounded selection of neighbours gives what sorting every candidate gave: the same indices in the same order,
/// ties to the earlier candidate.
@Suite struct NearestNeighbourSelectionTests {
    @Test func selectionEqualsAFullSort() {
        var generator = SplitMix64(seed: 42)
        for trial in 0..<300 {
            let n = Int.random(in: 0...200, using: &generator), m = Int.random(in: 1...25, using: &generator)
            // few distinct values, so ties are common
            let distances = (0..<n).map { _ in Double(Int.random(in: 0...(trial % 2 == 0 ? 8 : 1_000), using: &generator)) / 4 }
            let sorted = Array(distances.indices.sorted { distances[$0] != distances[$1] ? distances[$0] < distances[$1] : $0 < $1 }.prefix(m))
            #expect(PatternMatcher.nearest(distances, m) == sorted, "n \(n) m \(m)")
        }
    }
}
