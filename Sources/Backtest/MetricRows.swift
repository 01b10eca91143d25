import Foundation
import Moondesk

/// One line of the statistics, named as backtesting.py names it.
public struct MetricRow: Sendable, Equatable {
    public enum Value: Sendable, Equatable {
        case number(Double)
        /// A duration in seconds (nil: none, as the library's NaT).
        case duration(Double?)
        case time(Int64)
        case count(Int)
    }
    public var label: String
    public var value: Value

    /// The value as a plain number (durations in days, times in epoch seconds), NaN when there is none.
    public var number: Double {
        switch value {
        case .number(let x): x
        case .duration(let s): s.map { $0 / 86_400 } ?? .nan
        case .time(let t): Double(t)
        case .count(let n): Double(n)
        }
    }

    /// The value for people: `12.34`, `1781 days`, `2019-10-17`, `42`; `-` for NaN.
    public var text: String {
        switch value {
        case .number(let x): return x.isFinite ? String(format: "%.2f", x) : (x.isNaN ? "-" : (x > 0 ? "inf" : "-inf"))
        case .duration(let s):
            guard let s else { return "-" }
            let days = Int(s / 86_400), rest = Int(s.truncatingRemainder(dividingBy: 86_400))
            if rest == 0 { return "\(days) day\(days == 1 ? "" : "s")" }
            return (days > 0 ? "\(days)d " : "") + String(format: "%02d:%02d", rest / 3600, rest % 3600 / 60)
        case .time(let t):
            let iso = MarketContext.isoDate(t)
            return iso.hasSuffix("T00:00:00Z") ? String(iso.prefix(10)) : String(iso.prefix(16)).replacingOccurrences(of: "T", with: " ")
        case .count(let n): return String(n)
        }
    }
}

extension Metrics {
    /// Every statistic in backtesting.py's order and with its labels (`Commissions [$]` only when fees were paid,
    /// as the library shows it).
    public var rows: [MetricRow] {
        var rows: [MetricRow] = [
            .init(label: "Start", value: .time(start)),
            .init(label: "End", value: .time(end)),
            .init(label: "Duration", value: .duration(Double(durationSeconds))),
            .init(label: "Exposure Time [%]", value: .number(exposureTime)),
            .init(label: "Equity Final [$]", value: .number(equityFinal)),
            .init(label: "Equity Peak [$]", value: .number(equityPeak)),
        ]
        if commissions != 0 { rows.append(.init(label: "Commissions [$]", value: .number(commissions))) }
        rows += [
            .init(label: "Return [%]", value: .number(returnPercent)),
            .init(label: "Buy & Hold Return [%]", value: .number(buyAndHold)),
            .init(label: "Return (Ann.) [%]", value: .number(returnAnnualized)),
            .init(label: "Volatility (Ann.) [%]", value: .number(volatilityAnnualized)),
            .init(label: "CAGR [%]", value: .number(cagr)),
            .init(label: "Sharpe Ratio", value: .number(sharpe)),
            .init(label: "Sortino Ratio", value: .number(sortino)),
            .init(label: "Calmar Ratio", value: .number(calmar)),
            .init(label: "Alpha [%]", value: .number(alpha)),
            .init(label: "Beta", value: .number(beta)),
            .init(label: "Max. Drawdown [%]", value: .number(maxDrawdown)),
            .init(label: "Avg. Drawdown [%]", value: .number(avgDrawdown)),
            .init(label: "Max. Drawdown Duration", value: .duration(maxDrawdownDuration)),
            .init(label: "Avg. Drawdown Duration", value: .duration(avgDrawdownDuration)),
            .init(label: "# Trades", value: .count(trades)),
            .init(label: "Win Rate [%]", value: .number(winRate)),
            .init(label: "Best Trade [%]", value: .number(bestTrade)),
            .init(label: "Worst Trade [%]", value: .number(worstTrade)),
            .init(label: "Avg. Trade [%]", value: .number(avgTrade)),
            .init(label: "Max. Trade Duration", value: .duration(maxTradeDuration)),
            .init(label: "Avg. Trade Duration", value: .duration(avgTradeDuration)),
            .init(label: "Profit Factor", value: .number(profitFactor)),
            .init(label: "Expectancy [%]", value: .number(expectancy)),
            .init(label: "SQN", value: .number(sqn)),
            .init(label: "Kelly Criterion", value: .number(kelly)),
        ]
        return rows
    }
}
