import Foundation
import MarketData

/// RSS and Atom news feeds, given by their full URLs → `[NewsItem]`, oldest first.
///
/// Each feed is its own `LiveProvider` named `rss <host>` (so an error says which feed failed), sharing this
/// value's timeout, retry policy and cache. Feeds are fetched concurrently; the first failure in URL order is
/// thrown, since a partial set of headlines would skew the sentiment it feeds without saying so.
public struct NewsFeeds: Sendable {
    public let fetcher: HTTPFetcher
    public var timeout: Double
    public var retry: RetryPolicy
    public var cache: ResponseCache?

    public init(fetcher: HTTPFetcher, timeout: Double = 10, retry: RetryPolicy = RetryPolicy(),
                cache: ResponseCache? = ResponseCache()) {
        self.fetcher = fetcher
        self.timeout = timeout
        self.retry = retry
        self.cache = cache
    }

    /// The provider used for one feed URL.
    public func provider(for url: String) -> LiveProvider {
        let host = URLComponents(string: url)?.host ?? url
        return LiveProvider(name: "rss \(host)", baseURL: url, timeout: timeout, retry: retry, cache: cache)
    }

    /// The items of one feed, oldest first.
    public func items(of url: String) async throws(ProviderError) -> [NewsItem] {
        let provider = provider(for: url)
        guard let components = URLComponents(string: url), components.scheme == "http" || components.scheme == "https",
              components.host != nil
        else { throw provider.failure(.badRequest("'\(url)' is not an http(s) URL")) }
        let fallback = components.host ?? url
        return try await provider.fetch(url, using: fetcher) { body throws(ProviderError.Problem) in
            try FeedParser.parse(body, fallbackSource: fallback)
        }
    }

    /// The items of every feed in `urls`, merged and ordered by time (ties keep URL order).
    public func items(from urls: [String]) async throws(ProviderError) -> [NewsItem] {
        let results = await withTaskGroup(of: (Int, Result<[NewsItem], ProviderError>).self) { group in
            for (index, url) in urls.enumerated() {
                group.addTask {
                    do throws(ProviderError) { return (index, .success(try await items(of: url))) } catch {
                        return (index, .failure(error))
                    }
                }
            }
            var collected = [Result<[NewsItem], ProviderError>?](repeating: nil, count: urls.count)
            for await (index, result) in group { collected[index] = result }
            return collected.compactMap { $0 }
        }
        var merged: [NewsItem] = []
        for result in results {
            switch result {
            case .success(let items): merged += items
            case .failure(let error): throw error
            }
        }
        return merged.enumerated().sorted { ($0.element.time, $0.offset) < ($1.element.time, $1.offset) }.map(\.element)
    }
}
