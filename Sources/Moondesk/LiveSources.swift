import Foundation
import LiveData
import MarketData
import Synchronization

/// The opt-in live providers of a `--live` run: alternative.me's Fear & Greed, blockchain.com charts, FRED and
/// news feeds, through one HTTP client and a disk cache under `.moondesk/cache`. Base URLs can be redirected
/// with MOONDESK_ALTERNATIVE_URL, MOONDESK_BLOCKCHAIN_URL and MOONDESK_FRED_URL (the tests point them at a
/// loopback server); FRED's key comes from FRED_API_KEY. The HTTP client is made on the first request, so a run
/// that never reaches a provider opens no connection; `shutdown()` closes it.
public final class LiveSources: Sendable {
    public struct Providers: Sendable {
        public let fetcher: HTTPFetcher
        public let fearGreed: AlternativeFearGreed
        public let charts: BlockchainCharts
        public let fred: FREDSeries
        public let feeds: NewsFeeds
    }

    private let cacheDirectory: String
    private let timeout: Double
    private let environment: [String: String]
    private let made = Mutex<Providers?>(nil)

    public init(cacheDirectory: String, timeout: Double = 10, environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.cacheDirectory = cacheDirectory
        self.timeout = timeout
        self.environment = environment
    }

    /// The providers, made on first use.
    public var providers: Providers {
        made.withLock { made in
            if let made { return made }
            let fetcher = HTTPFetcher(connectTimeout: timeout)
            let cache = ResponseCache(directory: cacheDirectory)
            let env = environment
            let providers = Providers(
                fetcher: fetcher,
                fearGreed: AlternativeFearGreed(fetcher: fetcher, baseURL: env["MOONDESK_ALTERNATIVE_URL"] ?? AlternativeFearGreed.defaultBaseURL,
                                                timeout: timeout, cache: cache),
                charts: BlockchainCharts(fetcher: fetcher, baseURL: env["MOONDESK_BLOCKCHAIN_URL"] ?? BlockchainCharts.defaultBaseURL,
                                         timeout: timeout, cache: cache),
                fred: FREDSeries(fetcher: fetcher, baseURL: env["MOONDESK_FRED_URL"] ?? FREDSeries.defaultBaseURL,
                                 timeout: timeout, cache: cache, environment: env),
                feeds: NewsFeeds(fetcher: fetcher, timeout: timeout, cache: cache))
            made = providers
            return providers
        }
    }

    /// Closes the HTTP client if one was made (call once the run is over).
    public func shutdown() async {
        let fetcher = made.withLock { made -> HTTPFetcher? in
            defer { made = nil }
            return made?.fetcher
        }
        try? await fetcher?.shutdown()
    }
}
