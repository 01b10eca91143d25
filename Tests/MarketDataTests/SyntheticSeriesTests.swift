import Foundation
import Testing
@testable import MarketData

private func day(_ iso: String) -> Int64 { TimestampParser.epochSeconds(iso)! }

@Suite struct SyntheticSeriesTests {
    let onchainPath = SentimentRepo.path("data/synthetic/onchain_btc_daily.csv")
    let macroPath = SentimentRepo.path("data/synthetic/macro_daily.csv")

    @Test func loadsTheCommittedFilesWithTheirLabel() throws {
        let onchain = try SyntheticSeries.load(path: onchainPath)
        #expect(onchain.source == "synthetic-sample")
        #expect(onchain.label.contains("NOT real data") && onchain.label.contains("seed="))
        #expect(onchain.columnNames == ["whale_transfers", "exchange_netflow", "active_addresses"])
        #expect(onchain.time.count == 1877)  // every calendar day 2014-11-28 ... 2020-01-17
        #expect(onchain.time.first == day("2014-11-28") && onchain.time.last == day("2020-01-17"))
        #expect(zip(onchain.time, onchain.time.dropFirst()).allSatisfy { $1 - $0 == 86_400 })
        let macro = try SyntheticSeries.load(path: macroPath)
        #expect(macro.columnNames == ["dxy", "fed_funds"] && macro.time == onchain.time)
    }

    /// Lines as an editor numbers them: CRLF endings, blank lines and the whitespace Python's strip() removes
    /// (ASCII and Unicode alike) around a line are not data.
    @Test func linesAreTrimmedAndNumberedAsAnEditorShowsThem() throws {
        let text = "# synthetic-sample: test\r\n\r\n  time,a \r\n\u{A0}2019-01-01,1\u{3000}\r\n\t\r\n2019-01-02,2\n"
            + "\u{2003}\n2019-01-03,x\n"
        let path = try SentimentRepo.temporaryFile(text, name: "lines.csv")
        #expect(throws: DataLineError(file: path, line: 8, "a 'x' is not a number")) { try SyntheticSeries.load(path: path) }
        let good = try SentimentRepo.temporaryFile(String(text.dropLast(15)), name: "good.csv")
        let series = try SyntheticSeries.load(path: good)
        #expect(series.label.hasSuffix("test") && series.columnNames == ["a"])
        #expect(series.time == [day("2019-01-01"), day("2019-01-02")] && series.columns["a"] == [1, 2])
        #expect(throws: DataLineError.self) { try SyntheticSeries.load(path: try SentimentRepo.temporaryFile("", name: "empty.csv")) }
    }

    @Test func refusesAFileWithoutTheLabelLine() throws {
        let path = try SentimentRepo.temporaryFile("time,dxy,fed_funds\n2019-01-01,95.1,2.375\n", name: "macro.csv")
        let error = #expect(throws: DataLineError.self) { try SyntheticSeries.load(path: path) }
        #expect(error?.line == 1 && error?.message.contains("synthetic-sample") == true)
    }

    @Test func reportsTheLineOfABadRow() throws {
        let text = "# synthetic-sample: test; NOT real data\ntime,dxy,fed_funds\n2019-01-01,95.1,2.375\n"
            + "2019-01-02,95.2\n"
        let path = try SentimentRepo.temporaryFile(text, name: "macro.csv")
        #expect(throws: DataLineError(file: path, line: 4, "expected 3 fields, got 2")) {
            try SyntheticSeries.load(path: path)
        }
        let unordered = try SentimentRepo.temporaryFile(
            "# synthetic-sample: x\ntime,a\n2019-01-02,1\n2019-01-01,2\n", name: "a.csv")
        #expect(throws: DataLineError.self) { try SyntheticSeries.load(path: unordered) }
        let notNumber = try SentimentRepo.temporaryFile("# synthetic-sample: x\ntime,a\n1546300800,n/a\n", name: "a.csv")
        #expect(throws: DataLineError(file: notNumber, line: 3, "a 'n/a' is not a number")) {
            try SyntheticSeries.load(path: notNumber)
        }
    }

    /// Figures for 2018-12-15 worked out by hand (a spreadsheet-style pass over the committed CSV).
    @Test func onChainSummaryMatchesAHandCalculation() throws {
        let summary = try OnChainMetrics.summary(try SyntheticSeries.load(path: onchainPath), asOf: day("2018-12-15"))
        #expect(summary.source == "synthetic-sample" && summary.asOf == day("2018-12-15"))
        #expect(abs(summary.whaleTransfers7dMean - 113.0 / 7) < 1e-9)
        #expect(abs(summary.whaleTransfers90dMean - 18.977777777777778) < 1e-9)
        #expect(abs(summary.whaleActivityZScore - -0.16641439605845965) < 1e-9)
        // The sum of the 7 exchange_netflow rows 2018-12-09 .. 12-15 of the regenerated (point-in-time) sample.
        #expect(abs(summary.exchangeNetflow7d - 2112.80) < 1e-6 && summary.netflowDirection == .inflow)
        #expect(summary.activeAddresses == 517_670)
        #expect(abs(summary.activeAddressGrowth30d - (517_670.0 / 681_021.0 - 1)) < 1e-12)
    }

    @Test func macroSummaryMatchesAHandCalculation() throws {
        let macro = try SyntheticSeries.load(path: macroPath)
        let summary = try MacroMetrics.summary(macro, asOf: day("2018-12-15T18:00:00Z"))
        #expect(summary.source == "synthetic-sample" && summary.asOf == day("2018-12-15"))
        #expect(summary.dxy == 95.245)
        #expect(abs(summary.dxyChange30d - 0.787) < 1e-9)
        #expect(abs(summary.dxyChange30dPercent - 0.8331745325965034) < 1e-9)
        #expect(summary.fedFunds == 2.125 && abs(summary.fedFundsChange90d - 0.25) < 1e-12)
        // After the December 2018 hike (effective 2018-12-20).
        let january = try MacroMetrics.summary(macro, asOf: day("2019-01-10"))
        #expect(january.fedFunds == 2.375 && abs(january.fedFundsChange90d - 0.25) < 1e-12)
    }

    @Test func summariesNeedHistoryAndColumns() throws {
        let macro = try SyntheticSeries.load(path: macroPath)
        #expect(throws: SeriesQueryError.insufficientHistory(needed: 90, available: 33)) {
            try MacroMetrics.summary(macro, asOf: day("2014-12-31"))
        }
        #expect(throws: SeriesQueryError.noDataBefore(day("2014-01-01"))) {
            try MacroMetrics.summary(macro, asOf: day("2014-01-01"))
        }
        #expect(throws: SeriesQueryError.self) { try OnChainMetrics.summary(macro, asOf: day("2019-01-10")) }
    }

    @Test func timestampsParseIsoAndEpoch() {
        #expect(TimestampParser.epochSeconds("2018-12-15") == 1_544_832_000)
        #expect(TimestampParser.epochSeconds("2018-12-15T08:30:00Z") == 1_544_862_600)
        #expect(TimestampParser.epochSeconds("2018-12-15T10:30:00+02:00") == 1_544_862_600)
        #expect(TimestampParser.epochSeconds("2018-12-15 08:30:00") == 1_544_862_600)
        #expect(TimestampParser.epochSeconds("2018-12-15T08:30:00.250Z") == 1_544_862_600)
        #expect(TimestampParser.epochSeconds("1544862600") == 1_544_862_600)
        #expect(TimestampParser.epochSeconds("2018-02-30") == nil)
        #expect(TimestampParser.epochSeconds("yesterday") == nil)
    }
}
