import Foundation
import LuaHost
import MarketData

/// `desk.sentiment.score`, `desk.sentiment.fear_greed`, `desk.keywords.extract`, `desk.news`,
/// `desk.onchain.summary`, `desk.macro.summary` (the last two read labelled synthetic samples offline).
enum SentimentBindings {
    /// `current`: read at each call, so the state follows a backtest's as-of.
    static func functions(_ current: CurrentMarket, reads: DataReads? = nil) -> [(String, HostFunction)] {
        @Sendable func log() -> DataReads { reads ?? current.market.runReads }
        @Sendable func recordNews() {
            let market = current.market
            if let path = market.newsPath { log().record(file: MarketContext.display(path), sha256: market.sha256(of: path), latest: market.news.map(\.time).max()) }
        }
        /// The instant a synthetic summary is asked for, refused after the as-of (the error names the script's line).
        @Sendable func sampleTime(_ args: [LuaValue], _ name: String) throws -> Int64 {
            let market = current.market
            let t = try args.arg(0).doubleValue.map { try CheckedNumber.epoch($0, "\(name): argument 1 (time)") } ?? market.asOf
            guard t <= market.clock.cutoff else {
                let message = "\(name)(\(MarketContext.isoDate(t))): after the run's as-of \(MarketContext.isoDate(market.clock.cutoff)); data after the as-of is refused"
                log().refuse(message)
                throw ArgumentError(message)
            }
            return t
        }
        return [
            ("sentiment.score", HostFunction("desk.sentiment.score") { args in
                let market = current.market
                let s = try market.scorer().score(try args.string(0))
                return [["compound": .number(s.compound), "pos": .number(s.pos), "neu": .number(s.neu), "neg": .number(s.neg)]]
            }),
            ("sentiment.fear_greed", HostFunction("desk.sentiment.fear_greed") { args in
                guard let candles = CandleView.candles(args.arg(0)) else {
                    throw ArgumentError("argument 1 must be candles (ctx.candles)")
                }
                // The index is defined on daily bars: shorter bars are first combined into UTC days.
                let (close, volume) = PointInTime.daily(candles.slice)
                guard !close.isEmpty, let r = FearGreedIndex.compute(close: close, volume: volume, at: close.count - 1) else {
                    return [.nil, .string("not enough history (\(close.count) bars; the index needs about 120)")]
                }
                return [[
                    "value": .number(r.value), "label": .string(r.label.rawValue),
                    "components": ["volatility": .number(r.components.volatility),
                                   "momentum_volume": .number(r.components.momentumVolume),
                                   "trend": .number(r.components.trend)],
                    "inputs": ["realised_volatility_30d": .number(r.inputs.realisedVolatility30d),
                               "drawdown_30d": .number(r.inputs.drawdown30d),
                               "momentum_7d": .number(r.inputs.momentum7d),
                               "volume_z": .number(r.inputs.volumeZ),
                               "trend_deviation": .number(r.inputs.trendDeviation)],
                ]]
            }),
            ("news", HostFunction("desk.news") { _ in
                let market = current.market
                recordNews()
                return [.array(market.news.map(newsTable))]
            }),
            ("keywords.extract", HostFunction("desk.keywords.extract") { args in
                let market = current.market
                let top = args.arg(0).intValue ?? 10
                recordNews()
                let keywords = KeywordExtractor.extract(market.news, scorer: try market.scorer(), top: top)
                return [.array(keywords.map {
                    ["text": .string($0.text), "kind": .string($0.kind.rawValue), "count": .integer(Int64($0.count)),
                     "documents": .integer(Int64($0.documents)), "polarity": .number($0.meanPolarity)]
                })]
            }),
            ("onchain.summary", HostFunction("desk.onchain.summary") { args in
                let market = current.market
                // A row stamped with its day is known at the day's end: the sample's rows known at t.
                let asOf = try sampleTime(args, "desk.onchain.summary") - PointInTime.day
                let s = try OnChainMetrics.summary(try market.synthetic("onchain_btc_daily.csv"), asOf: asOf)
                let file = market.dataFolder + "/synthetic/onchain_btc_daily.csv"
                log().record(file: MarketContext.display(file), sha256: market.sha256(of: file), latest: s.asOf + PointInTime.day, interval: PointInTime.day)
                return [[
                    "source": .string(s.source), "file": .string(file),
                    "as_of": .integer(s.asOf + PointInTime.day), "row_date": .string(String(MarketContext.isoDate(s.asOf).prefix(10))),
                    "whale_transfers_7d_mean": .number(s.whaleTransfers7dMean),
                    "whale_transfers_90d_mean": .number(s.whaleTransfers90dMean),
                    "whale_activity_z": .number(s.whaleActivityZScore),
                    "exchange_netflow_7d": .number(s.exchangeNetflow7d),
                    "netflow_direction": .string(s.netflowDirection.rawValue),
                    "active_addresses": .number(s.activeAddresses),
                    "active_address_growth_30d": .number(s.activeAddressGrowth30d),
                ]]
            }),
            ("macro.summary", HostFunction("desk.macro.summary") { args in
                let market = current.market
                // A row stamped with its day is known at the day's end: the sample's rows known at t.
                let asOf = try sampleTime(args, "desk.macro.summary") - PointInTime.day
                let s = try MacroMetrics.summary(try market.synthetic("macro_daily.csv"), asOf: asOf)
                let file = market.dataFolder + "/synthetic/macro_daily.csv"
                log().record(file: MarketContext.display(file), sha256: market.sha256(of: file), latest: s.asOf + PointInTime.day, interval: PointInTime.day)
                return [[
                    "source": .string(s.source), "file": .string(file),
                    "as_of": .integer(s.asOf + PointInTime.day), "row_date": .string(String(MarketContext.isoDate(s.asOf).prefix(10))), "dxy": .number(s.dxy), "dxy_change_30d": .number(s.dxyChange30d),
                    "dxy_change_30d_percent": .number(s.dxyChange30dPercent), "fed_funds": .number(s.fedFunds),
                    "fed_funds_change_90d": .number(s.fedFundsChange90d),
                ]]
            }),
        ]
    }

    static func newsTable(_ item: NewsItem) -> LuaValue {
        ["time": .integer(item.time), "title": .string(item.title), "body": item.body.map { .string($0) } ?? .nil,
         "source": .string(item.source), "text": .string(item.text)]
    }
}
