import Backtest
import Foundation
import Moondesk

/// The bars one backtest of a sweep covers: the whole `--from`..`--to` range (`all`), or the `--train` or
/// `--test` window; bounds in epoch seconds as `BacktestSpec` takes them (nil: the data's first or last bar).
public struct SweepWindow: Sendable, Equatable, Codable {
    public enum Role: String, Sendable, Codable, CaseIterable { case all, train, test }
    public var role: Role
    public var from: Int64?
    public var to: Int64?
    /// The range as typed (`2018-01-01..2018-06-30`), for the table's heading.
    public var text: String

    public init(role: Role, from: Int64?, to: Int64?, text: String) {
        self.role = role
        self.from = from
        self.to = to
        self.text = text
    }

    /// Parses `FROM..TO` (either side may be empty: the data's start or end).
    public static func parse(_ text: String, role: Role) throws -> SweepWindow {
        let flag = "--\(role.rawValue)"
        let parts = text.components(separatedBy: "..")
        guard parts.count == 2 else {
            throw MoondeskError(.badInput, "\(flag) \(text): expected FROM..TO, e.g. 2018-01-01..2018-06-30")
        }
        let from = parts[0].isEmpty ? nil : try BacktestRange.instant(parts[0], end: false, flag: flag)
        let to = parts[1].isEmpty ? nil : try BacktestRange.instant(parts[1], end: true, flag: flag)
        if let from, let to, from >= to { throw MoondeskError(.badInput, "\(flag) \(text): FROM is not before TO") }
        return SweepWindow(role: role, from: from, to: to, text: text)
    }
}
