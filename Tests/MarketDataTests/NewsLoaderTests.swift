import Foundation
import Testing
@testable import MarketData

@Suite struct NewsLoaderTests {
    @Test func readsIsoAndEpochTimesAndOptionalBodies() throws {
        let lines = [
            #"{"time": "2019-06-26T08:00:00Z", "title": "Bitcoin tops $13,000", "source": "coindesk"}"#,
            "",
            #"{"time": 1561536000, "title": "Exchange hacked", "body": "Users lost funds.", "source": "reuters", "url": "x"}"#,
            #"{"time": "2019-06-26", "title": "Quiet day", "body": "", "source": "blog"}"#,
        ]
        let path = try SentimentRepo.temporaryFile(lines.joined(separator: "\n") + "\n", name: "news.jsonl")
        let items = try NewsLoader.load(path: path)
        #expect(items.count == 3)
        #expect(items[0] == NewsItem(time: 1_561_536_000, title: "Bitcoin tops $13,000", source: "coindesk"))
        #expect(items[0].text == "Bitcoin tops $13,000")
        #expect(items[1].time == 1_561_536_000 && items[1].body == "Users lost funds." && items[1].source == "reuters")
        #expect(items[1].text == "Exchange hacked\n\nUsers lost funds.")
        #expect(items[2].time == 1_561_507_200 && items[2].text == "Quiet day")
    }

    @Test(arguments: [
        (#"{"time": "2019-06-26", "title": "ok", "source": "a"}"# + "\n" + #"{"title": "no time", "source": "a"}"#,
         2, #"missing "time""#),
        (#"{"time": "2019-06-26", "title": "x", "source": "a"}"# + "\n\n" + #"{"time": "2019-06-26", "title": "x""#,
         3, "not valid JSON"),
        (#"{"time": "26/06/2019", "title": "x", "source": "a"}"#, 1,
         #"time "26/06/2019" is neither ISO 8601 nor epoch seconds"#),
        (#"{"time": 1561536000, "title": 7, "source": "a"}"#, 1, #""title" has the wrong type (expected a string)"#),
        (#"{"time": 1561536000, "title": "x"}"#, 1, #"missing "source""#),
        (#"{"time": 1561536000, "title": "  ", "source": "a"}"#, 1, "title is empty"),
        (#"["time", 1561536000]"#, 1, "not a JSON object"),
    ])
    func malformedLineNamesFileLineAndProblem(contents: String, line: Int, message: String) throws {
        let path = try SentimentRepo.temporaryFile(contents, name: "news.jsonl")
        #expect(throws: DataLineError(file: path, line: line, message)) { try NewsLoader.load(path: path) }
    }

    @Test func missingFileIsAnError() {
        #expect(throws: DataLineError(file: "/nonexistent/news.jsonl", line: 0, "cannot read the file")) {
            try NewsLoader.load(path: "/nonexistent/news.jsonl")
        }
    }
}
