import Foundation

/// What only Moondesk can say about a backtest: how the agent decided, how often each rating was right, what
/// the research cost, where the time went.
public struct Insights: Sendable, Equatable {
    public var decisions: Int
    public var byAction: [String: Int]
    public var byRating: [String: Int]
    /// For each buy or sell rating: the share of its decisions after which the close `horizon` bars later moved
    /// its way (up for buys, down for sells). Holds are not scored.
    public var hitRate: [String: Double]
    public var horizon: Int
    /// Mean entry confidence of the closed trades that won and of those that lost.
    public var confidenceWinning: Double?
    public var confidenceLosing: Double?
    public var failedBars: Int
    public var degradedBars: Int
    public var tasksFailed: Int
    public var estimatedCost: Double
    public var actualCost: Double
    /// Seconds per decision (wall): mean, median, 95th percentile; and the mean split.
    public var secondsMean: Double
    public var secondsMedian: Double
    public var secondsP95: Double
    public var researchSeconds: Double
    public var nodeSeconds: Double
    public var engineSeconds: Double

    public init(decisions list: [BarDecision], close: (Int) -> Double?, horizon: Int, trades: [Trade]) {
        decisions = list.count
        self.horizon = horizon
        var actions: [String: Int] = [:], ratings: [String: Int] = [:], hits: [String: (Int, Int)] = [:]
        for d in list {
            actions[d.action, default: 0] += 1
            guard let rating = d.rating else { continue }
            ratings[rating, default: 0] += 1
            let up = rating.contains("buy"), down = rating.contains("sell")
            guard up || down, let now = close(d.bar), let later = close(d.bar + horizon) else { continue }
            let right = up ? later > now : later < now
            hits[rating, default: (0, 0)].0 += right ? 1 : 0
            hits[rating, default: (0, 0)].1 += 1
        }
        byAction = actions
        byRating = ratings
        hitRate = hits.mapValues { Double($0.0) / Double($0.1) }
        let confidence = Dictionary(list.map { ($0.bar, $0.confidence) }, uniquingKeysWith: { a, _ in a })
        func mean(_ x: [Double]) -> Double? { x.isEmpty ? nil : x.reduce(0, +) / Double(x.count) }
        // A trade's decision bar is counted from the backtest's first bar; `close` and decisions use file bars.
        confidenceWinning = mean(trades.filter { $0.pnl > 0 }.compactMap { confidence[$0.decisionBar] ?? nil })
        confidenceLosing = mean(trades.filter { $0.pnl <= 0 }.compactMap { confidence[$0.decisionBar] ?? nil })
        failedBars = list.filter(\.failed).count
        degradedBars = list.filter(\.degraded).count
        tasksFailed = list.reduce(0) { $0 + $1.tasksFailed }
        estimatedCost = list.reduce(0) { $0 + $1.estimatedCost }
        actualCost = list.reduce(0) { $0 + $1.actualCost }
        let seconds = list.map(\.seconds).sorted()
        secondsMean = mean(seconds) ?? 0
        secondsMedian = seconds.isEmpty ? 0 : seconds[seconds.count / 2]
        secondsP95 = seconds.isEmpty ? 0 : seconds[min(seconds.count - 1, Int(Double(seconds.count) * 0.95))]
        researchSeconds = mean(list.map(\.researchSeconds)) ?? 0
        nodeSeconds = mean(list.map(\.nodeSeconds)) ?? 0
        engineSeconds = max(0, secondsMean - researchSeconds - nodeSeconds)
    }
}
