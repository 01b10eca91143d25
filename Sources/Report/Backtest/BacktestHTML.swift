import Foundation
import Moondesk

/// `host backtest ... --report FILE.html`: a backtest as one self-contained HTML page: equity against
/// buy-and-hold (linear or log), the drawdown, the price with every entry and exit, the metrics, the trades,
/// the monthly returns and every decision with its rationale (sortable).
public enum BacktestHTML {
    public static func html(_ input: BacktestReportInput) throws -> String {
        try ReportTemplates.render("backtest", BacktestPageBuilder(input: input).page())
    }

    /// Renders `input` and writes it to `path`.
    public static func write(_ input: BacktestReportInput, to path: String) throws {
        try DecisionHTML.write(try html(input), to: path)
    }
}
