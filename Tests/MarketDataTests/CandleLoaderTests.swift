import Foundation
import Testing
@testable import MarketData

/// The bundled real series, errors, lenient mode, ordering, slicing.
struct CandleLoaderTests {
    @Test(arguments: [
        ("btcusd_1d_coinbase.csv", 1_770, Int64(86_400)), ("btcusd_1h_coinbase.csv", 20_111, 3_600),
        ("btcusd_1d_bitstamp.csv", 1_865, 86_400), ("ethusd_1d_bitstamp.csv", 788, 86_400),
        ("ltcusd_1d_bitstamp.csv", 925, 86_400),
    ])
    func bundledFilesLoad(file: String, bars: Int, interval: Int64) throws {
        let s = try CandleLoader.load(path: Repo.candles(file))
        #expect(s.count == bars)
        #expect(s.report.rowsRead == bars)
        #expect(s.report.layout == .plain)
        #expect(s.report.intervalSeconds == interval)
        #expect(s.report.droppedCount == 0 && s.report.duplicates == 0 && !s.report.wasReordered)
        #expect(zip(s.time, s.time.dropFirst()).allSatisfy { $0 < $1 })
        #expect(zip(s.high, s.low).allSatisfy { $0 >= $1 })
    }

    @Test func coinbaseDailyHoleIsReportedAsAGap() throws {
        let s = try CandleLoader.load(path: Repo.candles("btcusd_1d_coinbase.csv"))
        let day = { (m: Int, d: Int) in Int64(TimestampParser.daysFromCivil(year: 2019, month: m, day: d)) * 86_400 }
        // The bars jump from 2019-03-19 to 2019-04-01: 13 days apart, 12 bars missing.
        #expect(s.report.gaps == [Gap(start: day(3, 19), end: day(4, 1), missingBars: 12)])
        let hourly = try CandleLoader.load(path: Repo.candles("btcusd_1h_coinbase.csv"))
        #expect(hourly.report.gaps.isEmpty)
    }

    @Test func malformedPriceNamesFileLineAndColumn() throws {
        let text = "time,open,high,low,close,volume\n2019-10-16,1,2,0.5,1.5,10\n2019-10-17,1,2,0.5,abc,10\n"
        #expect(throws: CandleError(file: "bad.csv", line: 3, column: 5, columnName: "close",
                                    message: "not a number: 'abc'")) {
            try CandleLoader.parse(text: text, name: "bad.csv")
        }
        do {
            _ = try CandleLoader.parse(text: text, name: "bad.csv")
        } catch {
            #expect("\(error)" == "bad.csv:3:5: close: not a number: 'abc'")
        }
    }

    @Test func otherMalformedRows() throws {
        func message(_ row: String) -> String {
            let text = "Date,Open,High,Low,Close,Adj Close,Volume\n2020-01-01,1,2,1,2,2,5\n\(row)\n"
            do { _ = try CandleLoader.parse(text: text, name: "y.csv"); return "no error" } catch { return "\(error)" }
        }
        #expect(message("2020-01-02,1,2,1,2,2") == "y.csv:3: expected 7 fields, found 6")
        #expect(message("2020-13-02,1,2,1,2,2,5") == "y.csv:3:1: Date: not a date, time or epoch: '2020-13-02'")
        #expect(message("2020-01-02,1,1,2,2,2,5") == "y.csv:3:3: High: high 1.0 is below low 2.0")
        #expect(message("2020-01-02,1,2,1,2,2,1e") == "y.csv:3:7: Volume: not a number: '1e'")
    }

    @Test func lenientModeDropsAndCountsMalformedRows() throws {
        let text = """
            time,open,high,low,close,volume
            2019-10-14,1,2,0.5,1.5,10
            2019-10-15,1,2,0.5,x,10
            2019-10-16,1,2,0.5,1.5
            2019-10-17,1,2,0.5,,10
            2019-10-18,1,2,0.5,1.5,10
            2019-10-19,1,2,0.5,1.5,10
            2019-10-20,1,2,0.5,1.5,10
            """
        #expect(throws: CandleError.self) { try CandleLoader.parse(text: text, name: "l.csv") }
        let s = try CandleLoader.parse(text: text, name: "l.csv", lenient: true)
        #expect(s.count == 4)
        #expect(s.report.rowsRead == 7)
        #expect(s.report.droppedCount == 3)
        #expect(s.report.droppedRows.map(\.line) == [3, 4, 5])
        #expect(s.report.droppedRows[0].reason == "l.csv:3:5: close: not a number: 'x'")
        #expect(s.report.droppedRows[2].reason == "l.csv:5:5: close: missing value")
        #expect(s.report.gaps == [Gap(start: s.time[0], end: s.time[1], missingBars: 3)])
    }

    @Test func duplicatesLastWinsAndUnsortedRowsAreSorted() throws {
        let text = """
            time,open,high,low,close,volume
            1571270400,1,2,0.5,1.5,10
            1571184000,1,2,0.5,1.4,10
            1571270400,1,2,0.5,1.6,10
            """
        let s = try CandleLoader.parse(text: text, name: "d.csv")
        #expect(s.time == [1_571_184_000, 1_571_270_400])
        #expect(s.close == [1.4, 1.6])
        #expect(s.report.duplicates == 1 && s.report.wasReordered)
    }

    @Test func unrecognisedHeaderIsAnError() throws {
        #expect(throws: CandleError.self) { try CandleLoader.parse(text: "a,b,c,d,e\n1,2,3,4,5\n", name: "x.csv") }
        #expect(throws: CandleError.self) { try CandleLoader.load(path: "/nonexistent/file.csv") }
    }

    @Test func pricesParseToTheSameDoubleAsSwift() throws {
        var rng = SplitMix64(seed: 42)
        var lines = ["time,open,high,low,close,volume"]
        var expected: [Double] = []
        for i in 0..<2_000 {
            let digits = Int(rng.next() % 12)
            let raw = Double(rng.next() % 1_000_000_000_000) / 1e4
            var text = String(format: "%.\(digits)f", raw)
            if i % 7 == 0 { text = "\(raw * 1e9)" }  // exponent forms and long mantissas take the strtod path
            if i % 11 == 0 { text = "0.\(rng.next() % 100_000_000_000_000_000)" }
            let v = try #require(Double(text))
            expected.append(v)
            lines.append("\(1_500_000_000 + i * 60),\(text),\(max(v, 1e30)),1e-12,\(text),\(text)")
        }
        let s = try CandleLoader.parse(text: lines.joined(separator: "\n"), name: "p.csv")
        #expect(s.open == expected)
        #expect(s.close == expected)
        #expect(s.volume == expected)
    }

    @Test func slicingAndAsOf() throws {
        let s = try CandleLoader.load(path: Repo.candles("btcusd_1d_coinbase.csv"))
        let day = Int64(TimestampParser.daysFromCivil(year: 2017, month: 12, day: 17)) * 86_400
        let asOf = s.upTo(epoch: day + 3_600)
        #expect(asOf.time.last == day)
        #expect(asOf.indices == 0..<(s.time.firstIndex(of: day)! + 1))
        #expect(s.upTo(epoch: 0).count == 0)
        #expect(s.upTo(epoch: .max).count == s.count)
        let window = s[10..<20]
        #expect(window.count == 10 && window.close.first == s.close[10])
        #expect(window.materialized().close == Array(s.close[10..<20]))
        #expect(Indicators.sma(window.close, 5)[4] == Indicators.sma(s.close, 5)[14])
    }
}

/// A seeded generator (SplitMix64) so property-style tests are deterministic.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
