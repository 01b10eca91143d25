import Foundation
import Testing
@testable import MarketData

/// Bad data is rejected with file, line and column (issue 15), and what scripts/fuzz found stays fixed.
@Suite struct LoaderHardeningTests {
    func parse(_ row: String) throws -> CandleSeries {
        try CandleLoader.parse(text: "time,open,high,low,close,volume\n2019-01-01,5,10,1,5,100\n" + row + "\n", name: "x.csv")
    }

    func message(_ row: String) -> String {
        do { _ = try parse(row); return "" } catch { return "\(error)" }
    }

    @Test func unsoundBarsAreRejectedWithTheirLine() {
        #expect(message("2019-01-02,-5,10,1,5,100").hasPrefix("x.csv:3:2"))
        #expect(message("2019-01-02,-5,10,1,5,100").contains("not a positive price"))
        #expect(message("2019-01-02,0,10,1,5,100").contains("not a positive price"))
        #expect(message("2019-01-02,5,10,1,5,-1").contains("volume -1.0 is negative"))
        #expect(message("2019-01-02,5," + String(repeating: "9", count: 400) + ",1,5,100").contains("x.csv:3"))
        #expect(message("2019-01-02,50,10,1,5,100").contains("open 50.0 is outside"))
        #expect(message("2019-01-02,5,10,1,0.5,100").contains("close 0.5 is outside"))
        #expect(message("2999-01-02,5,10,1,5,100").contains("after today"))
        #expect(message("2019-01-02,5,10,1,5,100") == "")
    }

    @Test func lenientLoadingDropsThemAndCountsThem() throws {
        let s = try CandleLoader.parse(text: "time,open,high,low,close,volume\n2019-01-01,5,10,1,5,100\n2019-01-02,-5,10,1,5,100\n2019-01-03,nan,10,1,5,100\n",
                                       name: "x.csv", lenient: true)
        #expect(s.count == 1)
        #expect(s.report.droppedCount == 2)
    }

    @Test func newsFromTheFutureIsRejected() throws {
        let dir = NSTemporaryDirectory() + "moondesk-news-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let path = dir + "/news.jsonl"
        FileManager.default.createFile(atPath: path, contents: Data(#"{"time": "2999-01-01T00:00:00Z", "title": "t", "source": "s"}"#.utf8))
        #expect(throws: DataLineError.self) { try NewsLoader.load(path: path) }
        FileManager.default.createFile(atPath: path, contents: Data(#"{"time": 1e300, "title": "t", "source": "s"}"#.utf8))
        #expect(throws: DataLineError.self) { try NewsLoader.load(path: path) }
    }
}
