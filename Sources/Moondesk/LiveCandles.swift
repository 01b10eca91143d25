import Foundation
import LiveData
import MarketData

/// Candles for a `--live` run: Binance's public daily klines for the symbol, written to `.moondesk/cache` as a
/// plain CSV so the run reads, hashes and records them like any data file. When Binance cannot be reached the
/// run goes on with the bundled series and says so (a provider failure never stops the whole run).
public enum LiveCandles {
    /// The path of the fetched candles, or nil and the reason the bundled series is used instead.
    public static func fetch(symbol: String, paths: ProjectPaths, limit: Int = 1000,
                             environment: [String: String] = ProcessInfo.processInfo.environment) async -> (path: String?, warning: String?) {
        let pair = symbol.uppercased().filter { $0.isLetter || $0.isNumber }
        let fetcher = HTTPFetcher(connectTimeout: 10)
        let outcome = await write(symbol: pair, paths: paths, limit: limit, environment: environment, fetcher: fetcher)
        try? await fetcher.shutdown()
        return outcome
    }

    private static func write(symbol pair: String, paths: ProjectPaths, limit: Int, environment: [String: String],
                              fetcher: HTTPFetcher) async -> (path: String?, warning: String?) {
        do {
            let klines = BinanceKlines(fetcher: fetcher, baseURL: environment["MOONDESK_BINANCE_URL"] ?? BinanceKlines.defaultBaseURL,
                                       timeout: 10, cache: ResponseCache(directory: ProjectPaths.join(paths.root, ".moondesk/cache")))
            let series = try await klines.candles(symbol: pair, interval: "1d", limit: limit)
            let dir = ProjectPaths.join(paths.root, ".moondesk/live")
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            let path = dir + "/binance_\(pair.lowercased())_1d.csv"
            var text = "time,open,high,low,close,volume\n"
            for i in 0..<series.count {
                text += "\(series.time[i]),\(series.open[i]),\(series.high[i]),\(series.low[i]),\(series.close[i]),\(series.volume[i])\n"
            }
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            return (path, nil)
        } catch {
            return (nil, "\(error); using the bundled series instead")
        }
    }
}
