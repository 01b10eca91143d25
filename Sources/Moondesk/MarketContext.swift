import Foundation
import MarketData
import Synchronization

/// The market data of one run: the candle series for the symbol (cut at the as-of time), the news texts, and the
/// bundled data (other candle series, the sentiment lexicon, the synthetic on-chain and macro samples), each
/// loaded once and shared by every state of the run.
public final class MarketContext: Sendable {
    public let paths: ProjectPaths
    /// The run's candles, all bars up to and including the as-of time, or why there are none.
    public let loaded: Result<CandleSlice, MoondeskError>
    /// The run's candles; throws when the symbol has no data (planning works without them).
    public func series() throws -> CandleSlice { try loaded.get() }
    public let dataPath: String
    public let news: [NewsItem]
    public let newsPath: String?
    /// The live providers of a `--live` run, or nil (the default: no network).
    public let live: LiveSources?
    private let cache = Mutex<[String: CandleSeries]>([:])
    private let scorerCache = Mutex<SentimentScorer?>(nil)
    private let seriesCache = Mutex<[String: LabelledSeries]>([:])

    /// An epoch time as ISO 8601 (`2019-10-17T00:00:00Z`).
    /// Computed by hand (civil date from days, Howard Hinnant's algorithm): Foundation's formatter costs tens of
    /// microseconds to make, and every handler and node run names its as-of.
    public static func isoDate(_ epoch: Int64) -> String {
        let days = epoch >= 0 ? epoch / 86_400 : (epoch - 86_399) / 86_400
        let seconds = epoch - days * 86_400
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        func two(_ n: Int64) -> String { n < 10 ? "0\(n)" : "\(n)" }
        let y = year >= 0 && year < 10_000 ? String(repeating: "0", count: 4 - String(year).count) + String(year) : String(year)
        return "\(y)-\(two(month))-\(two(day))T\(two(seconds / 3600)):\(two(seconds % 3600 / 60)):\(two(seconds % 60))Z"
    }

    /// The as-of time: the last bar used (so a run is reproducible), in UTC epoch seconds.
    public var asOf: Int64 { (try? loaded.get())?.time.last ?? 0 }

    /// Loads the data for a run. `dataPath` nil: the bundled series for `symbol`. `asOf` nil: the last bar.
    public init(paths: ProjectPaths, symbol: String, dataPath: String?, asOf: Int64?, newsPath: String?,
                live: LiveSources? = nil) throws {
        self.paths = paths
        self.live = live
        let path = dataPath ?? (try? Self.bundledSeries(for: symbol, paths: paths)) ?? ""
        self.dataPath = path
        loaded = Result {
            if dataPath == nil { _ = try Self.bundledSeries(for: symbol, paths: paths) }
            let series: CandleSeries
            do {
                series = try CandleLoader.load(path: path)
            } catch {
                throw MoondeskError(.badInput, String(describing: error))
            }
            let slice = asOf.map { series.upTo(epoch: $0) } ?? series.slice(0..<series.count)
            guard slice.count > 0 else { throw MoondeskError(.badInput, "\(path): no bars on or before the as-of date") }
            return slice
        }.mapError { MoondeskError.from($0) }
        if case .success(let slice) = loaded { cache.withLock { $0[path] = slice.series } }
        let lastBar = (try? loaded.get())?.time.last ?? .max
        self.newsPath = newsPath
        do {
            news = try newsPath.map { try NewsLoader.load(path: $0) }?.filter { $0.time <= lastBar } ?? []
        } catch {
            throw MoondeskError(.badInput, String(describing: error))
        }
    }

    /// The bundled daily series for a symbol: BTC/USDT and BTC/USD use the Coinbase BTC/USD daily bars.
    public static func bundledSeries(for symbol: String, paths: ProjectPaths) throws -> String {
        let base = symbol.uppercased().split(whereSeparator: { $0 == "/" || $0 == "-" }).first.map(String.init) ?? symbol
        let file: String
        switch base {
        case "BTC", "XBT": file = "btcusd_1d_coinbase.csv"
        case "ETH": file = "ethusd_1d_bitstamp.csv"
        case "LTC": file = "ltcusd_1d_bitstamp.csv"
        default:
            throw MoondeskError(.badInput, "no bundled data for \(symbol) (bundled: BTC, ETH, LTC); pass --data FILE")
        }
        return paths.data + "/candles/" + file
    }

    /// A candle file inside the project's data folder (or the run's own data file), loaded once.
    public func candles(at path: String) throws -> CandleSeries {
        if let series = cache.withLock({ $0[path] }) { return series }
        let normalized = URL(fileURLWithPath: path).standardizedFileURL.path
        let dataRoot = URL(fileURLWithPath: paths.data).standardizedFileURL.path
        guard normalized.hasPrefix(dataRoot + "/") || path == dataPath else {
            throw MoondeskError(.badInput, "desk.candles.load(\"\(path)\"): only files under \(paths.data)/ (or the run's --data file) can be loaded")
        }
        let series = try CandleLoader.load(path: path)
        cache.withLock { $0[path] = series }
        return series
    }

    /// VADER's lexicon, loaded on first use.
    public func scorer() throws -> SentimentScorer {
        if let scorer = scorerCache.withLock({ $0 }) { return scorer }
        let dir = paths.data + "/lexicons/"
        let scorer = try SentimentScorer(lexiconPath: dir + "vader_lexicon.txt", emojiLexiconPath: dir + "emoji_utf8_lexicon.txt")
        scorerCache.withLock { $0 = scorer }
        return scorer
    }

    /// A labelled synthetic sample under data/synthetic/ (refused unless it carries its label).
    public func synthetic(_ name: String) throws -> LabelledSeries {
        if let series = seriesCache.withLock({ $0[name] }) { return series }
        let series = try SyntheticSeries.load(path: paths.data + "/synthetic/" + name)
        seriesCache.withLock { $0[name] = series }
        return series
    }

    /// SHA-256 of the data files the run read (for the run record).
    public var dataFiles: [String] { (dataPath.isEmpty ? [] : [dataPath]) + (newsPath.map { [$0] } ?? []) }
}
