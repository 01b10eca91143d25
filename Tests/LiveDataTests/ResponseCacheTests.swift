import Foundation
import Hummingbird
import LiveData
import Testing

/// The disk cache: a second call is served from disk, stale entries and bad bodies are not.
@Suite struct ResponseCacheTests {
    @Test func keyIsTheSHA256OfMethodAndURL() {
        // printf 'GET http://127.0.0.1:8080/fng/?limit=3&format=json' | sha256sum
        #expect(ResponseCache.key(method: "GET", url: "http://127.0.0.1:8080/fng/?limit=3&format=json")
            == "3fa1ba5de079946e0248fed1b047f5413c9de27cc2bbffb9aba0b9ef98974c17.body")
        #expect(ResponseCache.key(method: "GET", url: "http://a/x") != ResponseCache.key(method: "HEAD", url: "http://a/x"))
    }

    @Test func secondCallIsServedFromDiskWithoutAsking() async throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        try await withLoopbackServer(routes: { router in
            router.get("/charts/n-transactions") { _, _ in respond(Fixtures.transactionsChart) }
        }) { base, log in
            try await HTTPFetcher.with { fetcher in
                let cache = ResponseCache(directory: folder.path, maxAge: 3600)
                let charts = BlockchainCharts(fetcher: fetcher, baseURL: base, timeout: 2, cache: cache)
                let first = try await charts.chart(BlockchainCharts.transactions)
                let second = try await charts.chart(BlockchainCharts.transactions)
                #expect(first == second)
                #expect(log.count("/charts/n-transactions") == 1)
                let files = try FileManager.default.contentsOfDirectory(atPath: folder.path)
                #expect(files.count == 1)
                #expect(files.first.map { $0.count == 64 + ".body".count } == true)

                // A different request (another timespan) is another entry.
                _ = try await charts.chart(BlockchainCharts.transactions, timespan: "30days")
                #expect(log.count("/charts/n-transactions") == 2)
            }
        }
    }

    @Test func staleEntryIsFetchedAgain() async throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        try await withLoopbackServer(routes: { router in
            router.get("/fng/") { _, _ in respond(Fixtures.fearGreed) }
        }) { base, log in
            try await HTTPFetcher.with { fetcher in
                let cache = ResponseCache(directory: folder.path, maxAge: 3600)
                let feed = AlternativeFearGreed(fetcher: fetcher, baseURL: base, timeout: 2, cache: cache)
                _ = try await feed.readings(limit: 3)
                let entry = cache.path(method: "GET", url: feed.provider.url(path: "/fng/", query: [("limit", "3"), ("format", "json")]))
                try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(-7200)], ofItemAtPath: entry)
                _ = try await feed.readings(limit: 3)
                #expect(log.count("/fng/") == 2)
                _ = try await feed.readings(limit: 3)
                #expect(log.count("/fng/") == 2)  // refreshed by the second call
            }
        }
    }

    @Test func badBodyIsNeverCached() async throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        try await withLoopbackServer(routes: { router in
            router.get("/fng/") { _, _ in respond(#"{"data": [{"value": "40"#) }
        }) { base, log in
            try await HTTPFetcher.with { fetcher in
                let feed = AlternativeFearGreed(fetcher: fetcher, baseURL: base, timeout: 2,
                                                cache: ResponseCache(directory: folder.path))
                for _ in 0..<2 {
                    await #expect(throws: ProviderError.self) { try await feed.readings(limit: 3) }
                }
                #expect(log.count("/fng/") == 2)
                #expect((try? FileManager.default.contentsOfDirectory(atPath: folder.path))?.isEmpty ?? true)
            }
        }
    }

    @Test func cachedBodyThatNoLongerDecodesIsReplaced() async throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        try await withLoopbackServer(routes: { router in
            router.get("/fng/") { _, _ in respond(Fixtures.fearGreed) }
        }) { base, log in
            try await HTTPFetcher.with { fetcher in
                let cache = ResponseCache(directory: folder.path)
                let feed = AlternativeFearGreed(fetcher: fetcher, baseURL: base, timeout: 2, cache: cache)
                let url = feed.provider.url(path: "/fng/", query: [("limit", "3"), ("format", "json")])
                try cache.store(Array("not json".utf8), url: url)
                let readings = try await feed.readings(limit: 3)
                #expect(readings.count == 3)
                #expect(log.count("/fng/") == 1)
                #expect(cache.load(url: url).map { String(decoding: $0, as: UTF8.self) } == Fixtures.fearGreed)
            }
        }
    }
}
