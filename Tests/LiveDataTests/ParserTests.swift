import Foundation
import LiveData
import MarketData
import Testing

/// The pieces under the providers: the JSON reader, RSS dates, feed parsing, retry delays, error wording.
@Suite struct ParserTests {
    @Test func jsonReadsEveryKindOfValue() throws {
        let value = try JSONValue.parse(Array(#" {"a": [1, -2.5e3, true, false, null], "s": "q\"\\\/\n\u00e9\ud83d\ude00", "o": {}} "#.utf8))
        #expect(value["a"] == .array([.number(1), .number(-2500), .bool(true), .bool(false), .null]))
        #expect(value["s"] == .string("q\"\\/\né😀"))
        #expect(value["o"] == .object([:]))
        #expect(JSONValue.string("12.5").numberValue == 12.5)
        #expect(JSONValue.string("abc").numberValue == nil)
    }

    @Test func jsonErrorsSayWhereAndWhy() {
        func failure(_ text: String) -> String {
            do { _ = try JSONValue.parse(Array(text.utf8)); return "parsed" } catch { return error.description }
        }
        #expect(failure("[1, 2") == "at line 1, column 6 (byte 5 of 5): unexpected end of input, expected ',' or ']' (the body looks truncated)")
        #expect(failure("{\"a\":\n  tru}") == "at line 2, column 6 (byte 11 of 12): unexpected character '}' in 'true'")
        #expect(failure("[1 2]") == "at line 1, column 4 (byte 3 of 5): unexpected character '2', expected ',' or ']'")
        #expect(failure("") == "at line 1, column 1 (byte 0 of 0): unexpected end of input, expected a value (the body looks truncated)")
        #expect(failure("<html>") == "at line 1, column 1 (byte 0 of 6): unexpected character '<', expected a value")
        #expect(failure("[1] x") == "at line 1, column 5 (byte 4 of 5): unexpected text after the JSON value")
        #expect(failure("{\"a\" 1}") == "at line 1, column 6 (byte 5 of 7): expected ':' after a member name")
    }

    @Test func retryDelaysBackOffWithSeededJitterAndHonourRetryAfter() {
        let policy = RetryPolicy(attempts: 4, baseDelay: 0.5, maxDelay: 3, jitter: 0.2, seed: 9)
        let delays = (1...3).map { policy.delay(beforeRetry: $0, url: "http://h/x") }
        #expect(delays == (1...3).map { policy.delay(beforeRetry: $0, url: "http://h/x") })  // repeatable
        #expect(delays[0] >= 0.5 && delays[0] <= 0.6)
        #expect(delays[1] >= 1.0 && delays[1] <= 1.2)
        #expect(delays[2] >= 2.0 && delays[2] <= 2.4)
        #expect(policy.delay(beforeRetry: 9, url: "http://h/x") == 3)  // capped
        #expect(policy.delay(beforeRetry: 1, url: "http://h/x", retryAfter: "2") == 2)
        #expect(policy.delay(beforeRetry: 1, url: "http://h/x", retryAfter: "120") == 3)  // capped too
        let now = Date(timeIntervalSince1970: 1_445_412_478)  // 2015-10-21T07:27:58Z
        #expect(RetryPolicy.parseRetryAfter("Wed, 21 Oct 2015 07:28:00 GMT", now: now) == 2)
        #expect(RetryPolicy.parseRetryAfter("soon", now: now) == nil)
        #expect(RetryPolicy.isRetryable(status: 429) && RetryPolicy.isRetryable(status: 503))
        #expect(!RetryPolicy.isRetryable(status: 404) && !RetryPolicy.isRetryable(status: 400))
    }

    @Test func errorDescriptionsNameTheProvider() {
        #expect(ProviderError(provider: "binance", problem: .httpStatus(500, attempts: 3, detail: nil)).description
            == "binance: HTTP 500 after 3 attempts")
        #expect(ProviderError(provider: "alternative.me", problem: .timedOut(seconds: 5)).description
            == "alternative.me: timed out after 5 s")
        #expect(ProviderError(provider: "blockchain.com", problem: .unexpectedShape("response missing 'values'")).description
            == "blockchain.com: response missing 'values'")
    }

    @Test func feedDatesInRSSAndAtomForms() throws {
        let rss = """
            <rss version="2.0"><channel><title>T</title>
            <item><title>a</title><pubDate>Wed, 02 Oct 2002 13:00:00 GMT</pubDate></item>
            <item><title>b</title><pubDate>02 Oct 02 08:00 -0500</pubDate></item>
            <item><title>c</title><pubDate>Wed, 02 Oct 2002 15:00:00 +0200</pubDate></item>
            </channel></rss>
            """
        let items = try FeedParser.parse(Array(rss.utf8), fallbackSource: "host")
        #expect(items.map(\.time) == [1_033_563_600, 1_033_563_600, 1_033_563_600])
        #expect(items.map(\.title) == ["a", "b", "c"])
        #expect(items.first?.source == "T")
    }

    @Test func feedItemWithoutADateIsAnErrorNotASkip() {
        let rss = "<rss><channel><item><title>Undated</title></item></channel></rss>"
        #expect(throws: ProviderError.Problem.unexpectedShape("item 1 ('Undated') has no pubDate/updated date")) {
            try FeedParser.parse(Array(rss.utf8), fallbackSource: "host")
        }
        let bad = "<rss><channel><item><title>Odd</title><pubDate>yesterday</pubDate></item></channel></rss>"
        #expect(throws: ProviderError.Problem.unexpectedShape("item 1 ('Odd'): date 'yesterday' is neither RFC 822 nor ISO 8601")) {
            try FeedParser.parse(Array(bad.utf8), fallbackSource: "host")
        }
    }

    @Test func rdfFeedUsesDublinCoreDates() throws {
        let rdf = """
            <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
                     xmlns:dc="http://purl.org/dc/elements/1.1/">
              <channel><title>Old School</title></channel>
              <item><title>One</title><dc:date>2024-03-04T00:00:00Z</dc:date><description>Body</description></item>
            </rdf:RDF>
            """
        let items = try FeedParser.parse(Array(rdf.utf8), fallbackSource: "host")
        #expect(items == [.init(time: 1_709_510_400, title: "One", body: "Body", source: "Old School")])
    }
}
