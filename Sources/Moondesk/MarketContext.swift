import Foundation
import LuaHost
import MarketData
import Synchronization

/// The market data of one run: the candle series for the symbol, the news texts, and the bundled data (other
/// candle series, the sentiment lexicon, the synthetic on-chain and macro samples), each loaded once, cut at the
/// run's as-of (docs/POINT_IN_TIME.md) and shared by every state of the run.
public final class MarketContext: Sendable {
    public let paths: ProjectPaths
    /// `paths.data`, resolved once: which data folder a project uses is settled when its run starts (and finding
    /// it is a file-system call that every read of a bundled file would otherwise repeat).
    public let dataFolder: String
    /// The run's candles, the bars closed by the as-of (`PointInTime.cut`), or why there are none.
    public let loaded: Result<CandleSlice, MoondeskError>
    /// The run's candles; throws when the symbol has no data (planning works without them).
    public func series() throws -> CandleSlice { try loaded.get() }
    public let dataPath: String
    public let news: [NewsItem]
    public let newsPath: String?
    /// The live providers of a `--live` run, or nil (the default: no network).
    public let live: LiveSources?
    /// The files as read from disk, whole; shared by the contexts of a backtest's as-ofs.
    public let files: MarketFiles
    private let cache = Mutex<[String: CandleSeries]>([:])
    private let seriesCache = Mutex<[String: LabelledSeries]>([:])

    /// An epoch time as ISO 8601 (`2019-10-17T00:00:00Z`).
    /// Computed by hand (civil date from days, Howard Hinnant's algorithm): Foundation's formatter costs tens of
    /// microseconds to make, and every handler and node run names its as-of.
    public static func isoDate(_ epoch: Int64) -> String {
        let days = epoch >= 0 ? epoch / 86_400 : (epoch - 86_399) / 86_400
        let seconds = epoch - days * 86_400
        let (year, month, day) = civil(days: days)
        func two(_ n: Int64) -> String { n < 10 ? "0\(n)" : "\(n)" }
        let y = year >= 0 && year < 10_000 ? String(repeating: "0", count: 4 - String(year).count) + String(year) : String(year)
        return "\(y)-\(two(month))-\(two(day))T\(two(seconds / 3600)):\(two(seconds % 3600 / 60)):\(two(seconds % 60))Z"
    }

    /// The proleptic Gregorian date of a day since 1970-01-01 (Howard Hinnant's algorithm).
    public static func civil(days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, doy - (153 * mp + 2) / 5 + 1)
    }

    /// The as-of of the run (docs/POINT_IN_TIME.md): requested, cutoff, effective, bar interval, warnings.
    public let clock: AsOfClock
    /// Every read of every script of the run (the run log behind `run.data`).
    public let runReads = DataReads()
    /// The reads of each node's last run (the JSON's `node_reads`).
    let nodeReads = Mutex<[String: RecordedReads]>([:])

    /// The effective as-of: when the last bar of the run's series that counts closed, UTC epoch seconds.
    public var asOf: Int64 { clock.effective }

    /// Loads the data for a run. `dataPath` nil: the bundled series for `symbol`. `asOf` nil: as of the close of the
    /// file's last bar. Every series, sample and text the run hands out is cut at the as-of (`PointInTime`).
    /// `files`: files already read (a backtest's other as-ofs); each is read from disk only once.
    public init(paths: ProjectPaths, symbol: String, dataPath: String?, asOf: Int64?, newsPath: String?,
                live: LiveSources? = nil, files: MarketFiles = MarketFiles()) throws {
        self.paths = paths
        self.dataFolder = paths.data
        self.live = live
        self.files = files
        let path = dataPath ?? (try? Self.bundledSeries(for: symbol, paths: paths)) ?? ""
        self.dataPath = path
        let full = Result {
            if dataPath == nil { _ = try Self.bundledSeries(for: symbol, paths: paths) }
            do {
                return try files.candles(at: path)
            } catch {
                throw MoondeskError(.badInput, String(describing: error))
            }
        }.mapError { MoondeskError.from($0) }
        let clock = (try? full.get()).map { AsOfClock(series: $0, requested: asOf) } ?? AsOfClock(requested: asOf)
        self.clock = clock
        loaded = full.flatMap { series in
            let cut = PointInTime.cut(series, at: clock.cutoff)
            guard cut.count > 0 else {
                return .failure(MoondeskError(.badInput, "\(path): no bar closed on or before the as-of \(PointInTime.describe(instant: clock.cutoff)) (the first bar opens \(series.time.first.map { MarketContext.isoDate($0) } ?? "-"))"))
            }
            return .success(cut.slice(0..<cut.count))
        }
        if case .success(let slice) = loaded { cache.withLock { $0[Self.key(path)] = slice.series } }
        self.newsPath = newsPath
        do {
            news = try newsPath.map { try files.news(at: $0) }?.filter { $0.time <= clock.cutoff } ?? []
        } catch {
            throw MoondeskError(.badInput, String(describing: error))
        }
    }

    /// The same data as of another instant: the files already read are cut again, not read again.
    public func at(asOf: Int64) throws -> MarketContext {
        try MarketContext(paths: paths, symbol: "", dataPath: dataPath, asOf: asOf, newsPath: newsPath, files: files)
    }

    /// The cache key of a path: the standardized absolute path, so `data/x.csv` and `./data/x.csv` are one entry.
    /// Remembered per spelling (and folder, for a relative one): URL standardisation costs microseconds, and
    /// every task records the run's series.
    static func key(_ path: String) -> String { keys.remember(path) { PathText.standardized(path) } }

    /// A path as the run's records show it: standardized, relative to the current folder when inside it, so two
    /// spellings of one file (`./data/x.csv`, `data/x.csv`) are one entry.
    public static func display(_ path: String) -> String { displays.remember(path) { ProjectPaths.relative(key(path)) } }

    private static let keys = Spellings(), displays = Spellings()

    /// A path's spelling → what it resolves to, per current folder.
    private final class Spellings: Sendable {
        private let table = Mutex<[String: String]>([:])
        func remember(_ path: String, _ make: () -> String) -> String {
            let lookup = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "\u{0}" + path
            if let known = table.withLock({ $0[lookup] }) { return known }
            let made = make()
            table.withLock { $0[lookup] = made }
            return made
        }
    }

    /// SHA-256 of a file's bytes, computed once per run (nil when it cannot be read).
    public func sha256(of path: String) -> String? { files.sha256(of: path) }

    /// The view scripts get of `series`, this run's cut of the file at `path` (with the file's columns as origins when
    /// indicators are shared: the cut is their prefix).
    func candleView(_ series: CandleSeries, path: String) -> CandleView {
        let real = realPaths.withLock { $0[Self.key(path)] } ?? path
        return CandleView(series.slice(0..<series.count), origin: files.origin(of: real))
    }

    /// The real file (links followed, `PathRule`) behind each path a script loaded.
    private let realPaths = Mutex<[String: String]>([:])

    /// Records that a script was handed `series` (a cut one) read from `path`.
    func recordCandles(_ series: CandleSeries, path: String, into reads: DataReads?) {
        (reads ?? runReads).record(candleRead(series, path: path))
    }

    private func candleRead(_ series: CandleSeries, path: String) -> DataRead {
        let latest = series.time.last.map { PointInTime.closes($0, interval: series.report.intervalSeconds) }
        return DataRead(file: Self.display(path), sha256: sha256(of: path), latest: latest, interval: series.report.intervalSeconds)
    }

    /// The run's own candles as a read, made once: every task attempt and node run records it.
    private let runSeriesRead = MadeOnce<DataRead?>()

    /// Records the run's own candles (every ctx hands them out).
    func recordRunSeries(into reads: DataReads) {
        let read = runSeriesRead.get { () -> DataRead? in
            guard case .success(let slice) = loaded else { return nil }
            return candleRead(slice.series, path: dataPath)
        }
        if let read { reads.record(read) }
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

    /// A candle file inside the project's data folder (or the run's own data file), loaded once and cut at the
    /// run's as-of: only the cut series is ever cached or handed out.
    /// The path is checked by `PathRule` (no control bytes; its real path, links followed, under the data folder
    /// or the run's --data file) before anything is read or cached.
    public func candles(at path: String) throws -> CandleSeries {
        let what = "desk.candles.load(\"\(PathRule.shown(path))\")"
        if path.utf8.contains(where: { $0 < 0x20 || $0 == 0x7F }) {
            _ = try PathRule.require(path, roots: [], what: what, allowed: "")
        }
        let key = Self.key(path)
        if let series = cache.withLock({ $0[key] }) { return series }
        let real = try PathRule.require(path, roots: [dataFolder], files: dataPath.isEmpty ? [] : [dataPath], what: what,
                                        allowed: "only files under \(dataFolder)/ (or the run's --data file) can be loaded")
        let series = PointInTime.cut(try files.candles(at: real, named: path), at: clock.cutoff)
        realPaths.withLock { $0[key] = real }
        cache.withLock { $0[key] = series }
        return series
    }

    /// VADER's lexicon, loaded on first use.
    public func scorer() throws -> SentimentScorer { try files.scorer(lexicons: dataFolder + "/lexicons/") }

    /// A labelled synthetic sample under data/synthetic/ (refused unless it carries its label), cut at the as-of:
    /// a row stamped with its day is known at the end of that day.
    public func synthetic(_ name: String) throws -> LabelledSeries {
        if let series = seriesCache.withLock({ $0[name] }) { return series }
        let series = PointInTime.cut(try files.sample(at: dataFolder + "/synthetic/" + name), at: clock.cutoff)
        seriesCache.withLock { $0[name] = series }
        return series
    }

    /// The data files of the run: its candles, its news, and every file a script read (for the run record and
    /// for what `host watch` watches).
    public var dataFiles: [String] {
        var files = (dataPath.isEmpty ? [] : [dataPath]) + (newsPath.map { [$0] } ?? [])
        for read in runReads.reads where !read.file.hasPrefix("live:") && !files.contains(where: { Self.key($0) == Self.key(read.file) }) {
            files.append(read.file)
        }
        return files
    }
}
