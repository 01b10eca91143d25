import Foundation
import HTTPTypes
import Hummingbird
import LiveData
import MarketData
import Synchronization
import Testing

/// What each failure a provider can meet looks like: retried where retrying helps, one clear error otherwise.
@Suite struct FailureModeTests {
    /// Quick retries so the suite stays fast; the jitter is seeded.
    static let quickRetry = RetryPolicy(attempts: 3, baseDelay: 0.01, maxDelay: 0.05, jitter: 0.2, seed: 42)

    @Test func tooManyRequestsIsRetriedThenSucceeds() async throws {
        let served = Atomic<Int>(0)
        try await withLoopbackServer(routes: { router in
            router.get("/fng/") { _, _ in
                if served.add(1, ordering: .relaxed).newValue == 1 {
                    // Asks for more than the policy's cap: the wait is capped, not the server's 30 s.
                    return respond(#"{"error":"rate limited"}"#, status: .tooManyRequests, headers: [(.retryAfter, "30")])
                }
                return respond(Fixtures.fearGreed)
            }
        }) { base, log in
            try await HTTPFetcher.with { fetcher in
                let feed = AlternativeFearGreed(fetcher: fetcher, baseURL: base, timeout: 2, retry: Self.quickRetry, cache: nil)
                let clock = ContinuousClock(), start = clock.now
                let readings = try await feed.readings(limit: 3)
                #expect(readings.count == 3)
                #expect(log.count("/fng/") == 2)
                #expect(clock.now - start < .seconds(10))  // the 30 s Retry-After was capped
            }
        }
    }

    @Test func serverErrorEveryTimeFailsAfterAllAttempts() async throws {
        try await withLoopbackServer(routes: { router in
            router.get("/api/v3/klines") { _, _ in Response(status: .internalServerError) }
        }) { base, log in
            try await HTTPFetcher.with { fetcher in
                let binance = BinanceKlines(fetcher: fetcher, baseURL: base, timeout: 2, retry: Self.quickRetry, cache: nil)
                let error = await #expect(throws: ProviderError.self) { try await binance.candles(symbol: "BTCUSDT", limit: 10) }
                #expect(error?.description == "binance: HTTP 500 after 3 attempts")
                #expect(error?.problem == .httpStatus(500, attempts: 3, detail: nil))
                #expect(log.count("/api/v3/klines") == 3)
            }
        }
    }

    @Test func slowResponsePastTheTimeoutFailsAsTimedOut() async throws {
        try await withLoopbackServer(routes: { router, log in
            router.get("/fng/") { _, _ in
                await log.stall(seconds: 30)
                return respond(Fixtures.fearGreed)
            }
        }) { base, log in
            try await HTTPFetcher.with { fetcher in
                let feed = AlternativeFearGreed(fetcher: fetcher, baseURL: base, timeout: 0.3, retry: Self.quickRetry, cache: nil)
                let clock = ContinuousClock(), start = clock.now
                let error = await #expect(throws: ProviderError.self) { try await feed.readings(limit: 3) }
                #expect(error?.description == "alternative.me: timed out after 0.3 s")
                #expect(clock.now - start < .seconds(15))  // did not wait for the 30 s answer
                #expect(log.count("/fng/") == 1)  // a timeout is not retried
            }
        }
    }

    @Test func slowBodyPastTheTimeoutFailsAsTimedOut() async throws {
        // The head arrives at once, the body never finishes: the timeout covers the body too.
        try await withLoopbackServer(routes: { router, log in
            router.get("/charts/n-transactions") { _, _ in
                Response(status: .ok, headers: [.contentType: "application/json"], body: ResponseBody { writer in
                    try await writer.write(ByteBuffer(string: #"{"status": "ok", "values": ["#))
                    await log.stall(seconds: 30)
                    try await writer.write(ByteBuffer(string: "]}"))
                    try await writer.finish(nil)
                })
            }
        }) { base, _ in
            try await HTTPFetcher.with { fetcher in
                let charts = BlockchainCharts(fetcher: fetcher, baseURL: base, timeout: 0.3, cache: nil)
                let error = await #expect(throws: ProviderError.self) { try await charts.chart("n-transactions") }
                #expect(error?.description == "blockchain.com: timed out after 0.3 s")
            }
        }
    }

    @Test func connectionDroppedMidBodyIsAConnectionFailure() async throws {
        struct Dropped: Error {}
        try await withLoopbackServer(routes: { router in
            router.get("/fng/") { _, _ in
                Response(status: .ok, headers: [.contentType: "application/json"], body: ResponseBody { writer in
                    try await writer.write(ByteBuffer(string: String(Fixtures.fearGreed.prefix(60))))
                    throw Dropped()  // the server gives up mid-body: the connection is closed
                })
            }
        }) { base, log in
            try await HTTPFetcher.with { fetcher in
                let feed = AlternativeFearGreed(fetcher: fetcher, baseURL: base, timeout: 2, retry: Self.quickRetry, cache: nil)
                let error = await #expect(throws: ProviderError.self) { try await feed.readings(limit: 3) }
                #expect(error?.description.hasPrefix("alternative.me: connection failed: 127.0.0.1:") == true)
                #expect(error?.description.hasSuffix(": the server closed the connection before the response was complete") == true)
                #expect(log.count("/fng/") == 1)
            }
        }
    }

    @Test func truncatedJSONSaysWhereTheBodyStopped() async throws {
        let full = Fixtures.binanceKlines(limit: 5)
        let cut = String(full.prefix(full.count * 2 / 3))
        try await withLoopbackServer(routes: { router in
            router.get("/api/v3/klines") { _, _ in respond(cut) }
        }) { base, log in
            try await HTTPFetcher.with { fetcher in
                let binance = BinanceKlines(fetcher: fetcher, baseURL: base, timeout: 2, retry: Self.quickRetry, cache: nil)
                let error = await #expect(throws: ProviderError.self) { try await binance.candles(symbol: "BTCUSDT", limit: 5) }
                let offset = cut.utf8.count
                #expect(error?.description.hasPrefix("binance: malformed JSON at line 1, column \(offset + 1) (byte \(offset) of \(offset)): unexpected end of input") == true)
                #expect(error?.description.hasSuffix("(the body looks truncated)") == true)
                #expect(log.count("/api/v3/klines") == 1)  // a bad body is not retried
            }
        }
    }

    @Test func malformedJSONNamesLineAndColumn() async throws {
        let body = """
            {"observations": [
              {"date": "2019-10-01", "value": "1.88"},
              {"date": "2019-10-02", "value": 1.86 ]
            }
            """
        try await withLoopbackServer(routes: { router in
            router.get("/fred/series/observations") { _, _ in respond(body) }
        }) { base, _ in
            try await HTTPFetcher.with { fetcher in
                let fred = FREDSeries(fetcher: fetcher, baseURL: base, timeout: 2, cache: nil, environment: ["FRED_API_KEY": "k"])
                let error = await #expect(throws: ProviderError.self) { try await fred.observations("DFF") }
                #expect(error?.description.hasPrefix("fred: malformed JSON at line 3, column 40 ") == true)
                #expect(error?.description.hasSuffix("unexpected character ']', expected ',' or '}'") == true)
            }
        }
    }

    @Test func validJSONOfTheWrongShapeNamesWhatIsMissing() async throws {
        try await withLoopbackServer(routes: { router in
            router.get("/charts/n-unique-addresses") { _, _ in respond(#"{"status": "ok", "data": [{"x": 1, "y": 2}]}"#) }
            router.get("/api/v3/klines") { _, _ in respond(#"{"code": 0, "klines": []}"#) }
            router.get("/fng/") { _, _ in respond(#"{"data": [{"value": "high", "value_classification": "Greed", "timestamp": "1551157200"}]}"#) }
            router.get("/bad-row/api/v3/klines") { _, _ in
                respond(#"[[1704067200000,"100","90","95","98","10",1704153599999,"0",1,"0","0","0"]]"#)
            }
        }) { base, _ in
            try await HTTPFetcher.with { fetcher in
                let charts = BlockchainCharts(fetcher: fetcher, baseURL: base, timeout: 2, cache: nil)
                let chart = await #expect(throws: ProviderError.self) { try await charts.chart(BlockchainCharts.uniqueAddresses) }
                #expect(chart?.description == "blockchain.com: response missing 'values'")

                let binance = BinanceKlines(fetcher: fetcher, baseURL: base, timeout: 2, cache: nil)
                let klines = await #expect(throws: ProviderError.self) { try await binance.candles(symbol: "BTCUSDT") }
                #expect(klines?.description == "binance: response is an object, expected an array of klines")

                let badRow = BinanceKlines(fetcher: fetcher, baseURL: base + "/bad-row", timeout: 2, cache: nil)
                let row = await #expect(throws: ProviderError.self) { try await badRow.candles(symbol: "BTCUSDT") }
                #expect(row?.description == "binance: kline 1: high 90.0 / low 95.0 do not bound open 100.0 and close 98.0")

                let feed = AlternativeFearGreed(fetcher: fetcher, baseURL: base, timeout: 2, cache: nil)
                let fng = await #expect(throws: ProviderError.self) { try await feed.readings() }
                #expect(fng?.description == "alternative.me: data[1]: 'value' is missing or not an integer 0...100")
            }
        }
    }

    @Test func notAFeedAndBrokenXMLAreReported() async throws {
        try await withLoopbackServer(routes: { router in
            router.get("/page.html") { _, _ in respond("<html><body>Not a feed</body></html>", contentType: "text/html") }
            router.get("/broken.xml") { _, _ in respond("<rss version=\"2.0\"><channel><item><title>Half</item></channel></rss>") }
            router.get("/cut.xml") { _, _ in respond("<rss version=\"2.0\"><channel><item><title>Cut") }
        }) { base, _ in
            try await HTTPFetcher.with { fetcher in
                let feeds = NewsFeeds(fetcher: fetcher, timeout: 2, cache: nil)
                let page = await #expect(throws: ProviderError.self) { try await feeds.items(of: base + "/page.html") }
                #expect(page?.description == "rss 127.0.0.1: not an RSS or Atom feed: the root element is <html>")
                let broken = await #expect(throws: ProviderError.self) { try await feeds.items(from: [base + "/broken.xml"]) }
                #expect(broken?.description == "rss 127.0.0.1: malformed XML at line 1, column 53: closing tag does not match the opening tag (XML error 76)")
                let cut = await #expect(throws: ProviderError.self) { try await feeds.items(of: base + "/cut.xml") }
                #expect(cut?.description == "rss 127.0.0.1: malformed XML at line 1, column 45: the document ends too soon or has extra content (XML error 5)")
            }
        }
    }

    @Test func unreachablePortFailsFastWithAClearMessage() async throws {
        try await HTTPFetcher.with { fetcher in
            let binance = BinanceKlines(fetcher: fetcher, baseURL: "http://127.0.0.1:1", timeout: 60, retry: Self.quickRetry, cache: nil)
            let clock = ContinuousClock(), start = clock.now
            let error = await #expect(throws: ProviderError.self) { try await binance.candles(symbol: "BTCUSDT", limit: 5) }
            #expect(error?.description == "binance: connection failed: 127.0.0.1:1: connection refused")
            #expect(clock.now - start < .seconds(30))  // refused at once, not after the 60 s timeout
        }
    }

    @Test func cancellingTheTaskCancelsTheRequest() async throws {
        try await withLoopbackServer(routes: { router, log in
            router.get("/fng/") { _, _ in
                await log.stall(seconds: 30)
                return respond(Fixtures.fearGreed)
            }
        }) { base, log in
            try await HTTPFetcher.with { fetcher in
                let feed = AlternativeFearGreed(fetcher: fetcher, baseURL: base, timeout: 10, cache: nil)
                let clock = ContinuousClock(), start = clock.now
                let task = Task { try await feed.readings(limit: 3) }
                while log.count("/fng/") == 0 && clock.now - start < .seconds(5) { try await Task.sleep(for: .milliseconds(5)) }
                task.cancel()
                let result = await task.result
                #expect(throws: ProviderError(provider: "alternative.me", problem: .cancelled)) { try result.get() }
                #expect(clock.now - start < .seconds(8))  // did not wait for the 30 s answer nor the 10 s timeout
            }
        }
    }
}
