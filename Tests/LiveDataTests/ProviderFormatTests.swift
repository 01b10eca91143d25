import Foundation
import Hummingbird
import LiveData
import MarketData
import Testing

/// Each provider against a loopback server answering in that provider's real format.
@Suite struct ProviderFormatTests {
    @Test func binanceKlinesBecomeACandleSeries() async throws {
        let series = try await withLoopbackServer(routes: { router in
            router.get("/api/v3/klines") { request, _ -> Response in
                let query = request.uri.queryParameters
                guard query["symbol"] == "ETHUSDT", query["interval"] == "1d", let limit = query["limit"].flatMap({ Int(String($0)) })
                else { return respond("{\"code\":-1121,\"msg\":\"Invalid symbol.\"}", status: .badRequest) }
                return respond(Fixtures.binanceKlines(limit: limit))
            }
        }) { base, log in
            try await HTTPFetcher.with { fetcher in
                let binance = BinanceKlines(fetcher: fetcher, baseURL: base, timeout: 2, cache: nil)
                let series = try await binance.candles(symbol: "ETHUSDT", interval: "1d", limit: 40)
                #expect(log.count("/api/v3/klines") == 1)
                return series
            }
        }
        #expect(series.count == 40)
        #expect(series.source == "binance:ETHUSDT:1d")
        #expect(series.time.first == 1_704_067_200)  // milliseconds became seconds
        #expect(series.time[1] - series.time[0] == 86_400)
        #expect(series.report.layout == .binance)
        #expect(series.report.intervalSeconds == 86_400)
        #expect(series.report.gaps.isEmpty)
        #expect(series.open[3] == 40_300)
        #expect(series.close[3] == 40_250)
        #expect(series.high[3] == 40_375)
        #expect(series.low[3] == 40_190)
        #expect(series.volume[39] == 1117)
    }

    @Test func binanceRejectsABadRequestWithoutRetrying() async throws {
        try await withLoopbackServer(routes: { router in
            router.get("/api/v3/klines") { _, _ in
                respond("{\"code\":-1121,\"msg\":\"Invalid symbol.\"}", status: .badRequest)
            }
        }) { base, log in
            try await HTTPFetcher.with { fetcher in
                let binance = BinanceKlines(fetcher: fetcher, baseURL: base, timeout: 2, cache: nil)
                let error = await #expect(throws: ProviderError.self) {
                    try await binance.candles(symbol: "NOPEUSDT", limit: 5)
                }
                #expect(error?.description == #"binance: HTTP 400 after 1 attempt ({"code":-1121,"msg":"Invalid symbol."})"#)
                #expect(log.count("/api/v3/klines") == 1)
            }
        }
    }

    @Test func binanceChecksArgumentsBeforeAsking() async throws {
        try await HTTPFetcher.with { fetcher in
            let binance = BinanceKlines(fetcher: fetcher, baseURL: "http://127.0.0.1:1", cache: nil)
            let symbol = await #expect(throws: ProviderError.self) { try await binance.candles(symbol: "btc/usdt") }
            #expect(symbol?.description.hasPrefix("binance: bad request: symbol 'btc/usdt'") == true)
            let interval = await #expect(throws: ProviderError.self) { try await binance.candles(symbol: "BTCUSDT", interval: "7d") }
            #expect(interval?.description.contains("interval '7d'") == true)
            let limit = await #expect(throws: ProviderError.self) { try await binance.candles(symbol: "BTCUSDT", limit: 5000) }
            #expect(limit?.description == "binance: bad request: limit 5000 is not in 1...1000")
        }
    }

    @Test func fearAndGreedReadingsComeOldestFirst() async throws {
        let readings = try await withLoopbackServer(routes: { router in
            router.get("/fng/") { request, _ in
                let query = request.uri.queryParameters
                guard query["format"] == "json", query["limit"] == "3" else { return respond("{}", status: .badRequest) }
                return respond(Fixtures.fearGreed)
            }
        }) { base, _ in
            try await HTTPFetcher.with { fetcher in
                try await AlternativeFearGreed(fetcher: fetcher, baseURL: base, timeout: 2, cache: nil).readings(limit: 3)
            }
        }
        #expect(readings == [
            PublishedFearGreed(time: 1_550_984_400, value: 26, classification: "Fear"),
            PublishedFearGreed(time: 1_551_070_800, value: 47, classification: "Neutral"),
            PublishedFearGreed(time: 1_551_157_200, value: 40, classification: "Fear"),
        ])
    }

    @Test func fearAndGreedReportsTheAPIsOwnError() async throws {
        try await withLoopbackServer(routes: { router in
            router.get("/fng/") { _, _ in respond(#"{"name": "Fear and Greed Index", "data": [], "metadata": {"error": "Limit must be a number"}}"#) }
        }) { base, _ in
            try await HTTPFetcher.with { fetcher in
                let feed = AlternativeFearGreed(fetcher: fetcher, baseURL: base, timeout: 2, cache: nil)
                let error = await #expect(throws: ProviderError.self) { try await feed.readings(limit: 3) }
                #expect(error?.description == "alternative.me: the API reported an error: Limit must be a number")
            }
        }
    }

    @Test func blockchainChartBecomesALabelledSeries() async throws {
        let series = try await withLoopbackServer(routes: { router in
            router.get("/charts/n-transactions") { request, _ in
                guard request.uri.queryParameters["timespan"] == "30days" else { return respond("{}", status: .badRequest) }
                return respond(Fixtures.transactionsChart)
            }
        }) { base, _ in
            try await HTTPFetcher.with { fetcher in
                try await BlockchainCharts(fetcher: fetcher, baseURL: base, timeout: 2, cache: nil)
                    .chart(BlockchainCharts.transactions, timespan: "30days")
            }
        }
        #expect(series.source == "blockchain.com")
        #expect(series.columnNames == ["n-transactions"])
        #expect(series.time == [1_442_534_400, 1_442_620_800, 1_442_707_200])
        #expect(try series.column("n-transactions") == [188_330, 146_277, 105_933])
        #expect(series.label.contains("Confirmed Transactions Per Day"))
    }

    @Test func fredObservationsSkipMissingDaysAndSayHowMany() async throws {
        let series = try await withLoopbackServer(routes: { router in
            router.get("/fred/series/observations") { request, _ in
                let query = request.uri.queryParameters
                guard query["api_key"] == "test-key-123", query["file_type"] == "json" else {
                    return respond(Fixtures.fredBadKey, status: .badRequest)
                }
                guard query["series_id"] == "DFF" else { return respond("{}", status: .badRequest) }
                return respond(Fixtures.fedFunds)
            }
        }) { base, _ in
            try await HTTPFetcher.with { fetcher in
                try await FREDSeries(fetcher: fetcher, baseURL: base, timeout: 2, cache: nil,
                                     environment: ["FRED_API_KEY": "test-key-123"]).observations(FREDSeries.fedFunds)
            }
        }
        #expect(series.source == "fred")
        #expect(series.time == [1_569_888_000, 1_569_974_400, 1_570_147_200])  // 2019-10-01, -02, -04
        #expect(try series.column("DFF") == [1.88, 1.86, 1.83])
        #expect(series.label == "FRED DFF: 3 observations, 1 missing ('.') left out")
    }

    @Test func fredNamesTheMissingKeyAndAsksNothing() async throws {
        try await withLoopbackServer(routes: { router in
            router.get("/fred/series/observations") { _, _ in respond(Fixtures.fedFunds) }
        }) { base, log in
            try await HTTPFetcher.with { fetcher in
                let fred = FREDSeries(fetcher: fetcher, baseURL: base, timeout: 2, cache: nil, environment: [:])
                let error = await #expect(throws: ProviderError.self) { try await fred.observations(FREDSeries.dollarIndex) }
                #expect(error?.description == "fred: the environment variable FRED_API_KEY is not set (the API key is read from it)")
                #expect(log.total == 0)
            }
        }
    }

    @Test func fredBadKeyShowsFredsMessage() async throws {
        try await withLoopbackServer(routes: { router in
            router.get("/fred/series/observations") { _, _ in respond(Fixtures.fredBadKey, status: .badRequest) }
        }) { base, _ in
            try await HTTPFetcher.with { fetcher in
                let fred = FREDSeries(fetcher: fetcher, baseURL: base, timeout: 2, cache: nil, environment: ["FRED_API_KEY": "wrong"])
                let error = await #expect(throws: ProviderError.self) { try await fred.observations("DFF") }
                #expect(error?.description.hasPrefix("fred: HTTP 400 after 1 attempt (") == true)
                #expect(error?.description.contains("api_key is not registered") == true)
                #expect(error?.description.contains("wrong") == false)  // the key itself is never shown
            }
        }
    }

    @Test func rssAndAtomFeedsMergeIntoNewsItems() async throws {
        let items = try await withLoopbackServer(routes: { router in
            router.get("/rss.xml") { _, _ in respond(Fixtures.rss, contentType: "application/rss+xml") }
            router.get("/atom.xml") { _, _ in respond(Fixtures.atom, contentType: "application/atom+xml") }
        }) { base, _ in
            try await HTTPFetcher.with { fetcher in
                try await NewsFeeds(fetcher: fetcher, timeout: 2, cache: nil).items(from: [base + "/rss.xml", base + "/atom.xml"])
            }
        }
        #expect(items.map(\.title) == [
            "Regulators weigh stablecoin rules",  // Sun 03 Mar 23:15 EST = 2024-03-04T04:15Z
            "Miners sell reserves after halving fears",  // 2024-03-04T12:00+02:00 = 10:00Z
            "Exchange hack & losses rattle traders",  // Mon 4 Mar 09:00 -0500 = 14:00Z
            "Lightning capacity hits record",  // updated 2024-03-05T10:00Z
            "Bitcoin rallies as ETF inflows surge",  // 2024-03-05T14:30Z
        ])
        #expect(items.map(\.time) == [1_709_525_700, 1_709_546_400, 1_709_560_800, 1_709_632_800, 1_709_649_000])
        #expect(items.last?.body == "Prices rose 8% & volumes doubled.")
        #expect(items.last?.source == "Crypto Wire")
        #expect(items[1].body == "Hash rate dipped 3%.")
        #expect(items[1].source == "Chain Notes")
        #expect(items[0].body == nil)
    }
}
