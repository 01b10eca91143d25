import Foundation
import LuaHost
import MarketData
import Synchronization

/// The data files of a run as read from disk, whole and uncut: parsed once and shared by every `MarketContext`
/// made from them, so a backtest that decides at 1,770 as-ofs parses each file once. Nothing here reaches a
/// script: a context hands out only what it cut at its own as-of (`PointInTime.cut`).
public final class MarketFiles: Sendable {
    private let candles = Mutex<[String: CandleSeries]>([:])
    private let samples = Mutex<[String: LabelledSeries]>([:])
    private let texts = Mutex<[String: [NewsItem]]>([:])
    private let hashes = Mutex<[String: String]>([:])
    private let lexicon = Mutex<SentimentScorer?>(nil)
    private let origins = Mutex<[String: CandleOrigin]>([:])
    /// Indicators over a file's series are computed once over the whole file and handed out as prefixes
    /// (SeriesOrigin.swift): worth it when many as-ofs read the same file (a backtest).
    public let sharesIndicators: Bool

    public init(sharesIndicators: Bool = false) { self.sharesIndicators = sharesIndicators }

    /// A candle file, whole (keyed by its standardized path); `name`: the path as the script spelled it, for messages.
    func candles(at path: String, named name: String? = nil) throws -> CandleSeries {
        try remember(path, in: candles) { try CandleLoader.load(path: path, named: name) }
    }

    /// The whole columns of a candle file, when indicators are shared (nil otherwise, or when it cannot be read).
    func origin(of path: String) -> CandleOrigin? {
        guard sharesIndicators, let series = try? candles(at: path) else { return nil }
        return try? remember(path, in: origins) { CandleOrigin(series) }
    }

    /// A labelled synthetic sample, whole.
    func sample(at path: String) throws -> LabelledSeries {
        try remember(path, in: samples) { try SyntheticSeries.load(path: path) }
    }

    /// A news file, whole.
    func news(at path: String) throws -> [NewsItem] {
        try remember(path, in: texts) { try NewsLoader.load(path: path) }
    }

    /// SHA-256 of a file's bytes (nil when it cannot be read).
    func sha256(of path: String) -> String? {
        try? remember(path, in: hashes) {
            guard let data = FileManager.default.contents(atPath: path) else { throw CocoaError(.fileReadNoSuchFile) }
            return ScriptSet.sha256(data)
        }
    }

    /// VADER's lexicon under `directory`, loaded on first use.
    func scorer(lexicons directory: String) throws -> SentimentScorer {
        if let scorer = lexicon.withLock({ $0 }) { return scorer }
        let scorer = try SentimentScorer(lexiconPath: directory + "vader_lexicon.txt",
                                         emojiLexiconPath: directory + "emoji_utf8_lexicon.txt")
        lexicon.withLock { $0 = scorer }
        return scorer
    }

    private func remember<T: Sendable>(_ path: String, in table: borrowing Mutex<[String: T]>, _ load: () throws -> T) throws -> T {
        let key = MarketContext.key(path)
        if let known = table.withLock({ $0[key] }) { return known }
        let loaded = try load()
        table.withLock { $0[key] = loaded }
        return loaded
    }
}
