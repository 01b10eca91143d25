import Foundation
import LuaHost
import MarketData

/// `desk.sentiment.score`, `desk.sentiment.fear_greed`, `desk.keywords.extract`, `desk.news`,
/// `desk.onchain.summary`, `desk.macro.summary` (the last two read labelled synthetic samples offline).
enum SentimentBindings {
    static func functions(_ market: MarketContext) -> [(String, HostFunction)] {
        [
            ("sentiment.score", HostFunction("desk.sentiment.score") { args in
                let s = try market.scorer().score(try args.string(0))
                return [["compound": .number(s.compound), "pos": .number(s.pos), "neu": .number(s.neu), "neg": .number(s.neg)]]
            }),
            ("sentiment.fear_greed", HostFunction("desk.sentiment.fear_greed") { args in
                guard let candles = CandleView.candles(args.arg(0)) else {
                    throw ArgumentError("argument 1 must be candles (ctx.candles)")
                }
                let close = Array(candles.slice.close), volume = Array(candles.slice.volume)
                guard let r = FearGreedIndex.compute(close: close, volume: volume, at: close.count - 1) else {
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
                [.array(market.news.map(newsTable))]
            }),
            ("keywords.extract", HostFunction("desk.keywords.extract") { args in
                let top = args.arg(0).intValue ?? 10
                let keywords = KeywordExtractor.extract(market.news, scorer: try market.scorer(), top: top)
                return [.array(keywords.map {
                    ["text": .string($0.text), "kind": .string($0.kind.rawValue), "count": .integer(Int64($0.count)),
                     "documents": .integer(Int64($0.documents)), "polarity": .number($0.meanPolarity)]
                })]
            }),
            ("onchain.summary", HostFunction("desk.onchain.summary") { args in
                let asOf = Int64(args.arg(0).doubleValue ?? Double(market.asOf))
                let s = try OnChainMetrics.summary(try market.synthetic("onchain_btc_daily.csv"), asOf: asOf)
                return [[
                    "source": .string(s.source), "file": .string(market.paths.data + "/synthetic/onchain_btc_daily.csv"),
                    "as_of": .integer(s.asOf),
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
                let asOf = Int64(args.arg(0).doubleValue ?? Double(market.asOf))
                let s = try MacroMetrics.summary(try market.synthetic("macro_daily.csv"), asOf: asOf)
                return [[
                    "source": .string(s.source), "file": .string(market.paths.data + "/synthetic/macro_daily.csv"),
                    "as_of": .integer(s.asOf), "dxy": .number(s.dxy), "dxy_change_30d": .number(s.dxyChange30d),
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
