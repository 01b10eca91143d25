import Foundation
import Testing
@testable import MarketData

/// One test per file layout, on small fixtures cut from the bundled real data (Fixtures/candles/).
struct CandleLayoutTests {
    static func load(_ name: String, lenient: Bool = false) throws -> CandleSeries {
        try CandleLoader.load(path: Repo.fixture("candles/\(name)"), lenient: lenient)
    }

    static func isStrictlyAscending(_ t: [Int64]) -> Bool { zip(t, t.dropFirst()).allSatisfy { $0 < $1 } }

    @Test func plainWithEpochSeconds() throws {
        let s = try Self.load("plain_epoch.csv")
        #expect(s.report.layout == .plain)
        #expect(s.count == 8)
        #expect(s.time.first == 1_417_392_000)  // 2014-12-01 UTC
        #expect(s.volume.first == 0.05656)
        #expect(s.report.intervalSeconds == 86_400)
        #expect(s.report.gaps.isEmpty && s.report.duplicates == 0 && s.report.droppedCount == 0)
    }

    @Test func cryptoDataDownloadHourlyNewestFirstWithRepeatedHour() throws {
        let s = try Self.load("cdd_hourly.csv")
        #expect(s.report.layout == .cryptoDataDownload)
        #expect(s.report.rowsRead == 13)
        #expect(s.report.duplicates == 1)
        #expect(s.report.wasReordered)
        #expect(s.count == 12)
        #expect(Self.isStrictlyAscending(s.time))
        #expect(s.time.last == 1_571_302_800)  // 2019-10-17 09:00 UTC
        #expect(s.close.last == 8035.88)
        #expect(s.volume.last == 61.25)  // Volume BTC, not Volume USD
        #expect(s.report.intervalSeconds == 3_600)
        #expect(s.report.gaps.isEmpty)
    }

    @Test func cryptoDataDownloadDailyDateColumn() throws {
        let s = try Self.load("cdd_daily.csv")
        #expect(s.report.layout == .cryptoDataDownload)
        #expect(s.count == 6)
        #expect(s.time.last == Int64(TimestampParser.daysFromCivil(year: 2019, month: 10, day: 17)) * 86_400)
        #expect(s.open.last == 7993.54)
        #expect(s.volume.last == 1570.08)
    }

    @Test func cryptoDataDownloadTwelveHourStamps() throws {
        let midnight = Int64(TimestampParser.daysFromCivil(year: 2019, month: 10, day: 17)) * 86_400
        let text = """
            https://www.CryptoDataDownload.com
            Date,Symbol,Open,High,Low,Close,Volume BTC,Volume USD
            2019-10-17 01-PM,BTCUSD,2,2,2,2,1,2
            2019-10-17 12-PM,BTCUSD,2,2,2,2,1,2
            2019-10-17 01-AM,BTCUSD,1,1,1,1,1,1
            2019-10-17 12-AM,BTCUSD,1,1,1,1,1,1
            """
        let s = try CandleLoader.parse(text: text, name: "cdd.csv")
        #expect(s.time == [midnight, midnight + 3_600, midnight + 12 * 3_600, midnight + 13 * 3_600])
    }

    @Test func yahooDailyDropsAndCountsNullRows() throws {
        let s = try Self.load("yahoo_daily.csv")
        #expect(s.report.layout == .yahoo)
        #expect(s.report.rowsRead == 7)
        #expect(s.report.droppedCount == 1)
        #expect(s.report.droppedRows.first?.line == 5)
        #expect(s.count == 6)
        #expect(s.close.first == 8016.22)
        // The dropped day leaves a one-bar gap.
        #expect(s.report.gaps.count == 1)
        #expect(s.report.gaps.first?.missingBars == 1)
    }

    @Test func yahooIntradayOffsetsBecomeUTC() throws {
        let s = try Self.load("yahoo_intraday.csv")
        #expect(s.report.layout == .yahoo)
        #expect(s.count == 6)
        // 2019-10-16 06:00:00-04:00 is 10:00 UTC.
        let day = Int64(TimestampParser.daysFromCivil(year: 2019, month: 10, day: 16)) * 86_400
        #expect(s.time.first == day + 10 * 3_600)
        #expect(s.close.first == 8149.99)
        let hourly = try CandleLoader.load(path: Repo.candles("btcusd_1h_coinbase.csv"))
        let i = try #require(hourly.time.firstIndex(of: day + 10 * 3_600))
        #expect(hourly.close[i] == s.close[0])
    }

    @Test func backtestingPyUnnamedIndex() throws {
        let s = try Self.load("backtesting_py.csv")
        #expect(s.report.layout == .backtestingPy)
        #expect(s.count == 6)
        let day = Int64(TimestampParser.daysFromCivil(year: 2017, month: 7, day: 1)) * 86_400
        #expect(s.time.first == day + 11 * 3_600)
        #expect(s.report.intervalSeconds == 3_600)
    }

    @Test(arguments: ["binance_ms.csv", "binance_us.csv"])
    func binanceKlinesWithoutHeader(file: String) throws {
        let s = try Self.load(file)
        #expect(s.report.layout == .binance)
        #expect(s.count == 6)
        #expect(s.time.first == 1_499_266_800)
        #expect(s.close.first == 2573.91)
        #expect(s.volume.first == 416.4)
        #expect(s.report.intervalSeconds == 3_600)
    }

    @Test func plainISODatetimesAndZones() throws {
        let text = """
            time,open,high,low,close,volume
            2024-01-02T10:00:00Z,1,1,1,1,1
            2024-01-02 11:00,1,1,1,1,1
            2024-01-02T13:00:00+01:00,1,1,1,1,1
            2024-01-02 13:00:00.250,1,1,1,1,1
            """
        let s = try CandleLoader.parse(text: text, name: "iso.csv")
        let day = Int64(TimestampParser.daysFromCivil(year: 2024, month: 1, day: 2)) * 86_400
        #expect(s.time == [day + 10 * 3_600, day + 11 * 3_600, day + 12 * 3_600, day + 13 * 3_600])
    }
}
