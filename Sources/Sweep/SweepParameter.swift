import Foundation
import LuaHost
import Moondesk

/// One `--set KEY=V1,V2,...`: a config key and the values the sweep tries, in the order given.
public struct SweepParameter: Sendable, Equatable, Codable {
    public var key: String
    /// The values as typed; `value(_:)` reads each as Lua would see it.
    public var values: [String]

    public init(key: String, values: [String]) {
        self.key = key
        self.values = values
    }

    /// Parses `KEY=V1,V2,...` (bad input names the flag's text).
    public static func parse(_ text: String) throws -> SweepParameter {
        guard let eq = text.firstIndex(of: "=") else {
            throw MoondeskError(.badInput, "--set \(text): expected KEY=V1,V2,... (e.g. --set sma_fast=5,10,20)")
        }
        let key = text[..<eq].trimmingCharacters(in: .whitespaces)
        let values = text[text.index(after: eq)...].split(separator: ",", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespaces) }
        guard !key.isEmpty, key.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else {
            throw MoondeskError(.badInput, "--set \(text): the key must be a config key such as sma_fast")
        }
        guard !values.contains(where: \.isEmpty) else {
            throw MoondeskError(.badInput, "--set \(text): an empty value (values are separated by commas)")
        }
        guard Set(values).count == values.count else {
            throw MoondeskError(.badInput, "--set \(text): a value is given twice")
        }
        return SweepParameter(key: key, values: values)
    }

    /// A value as the config sees it: `true`/`false`, a whole number, a number, else the text itself.
    public static func value(_ text: String) -> LuaValue {
        if text == "true" { return .boolean(true) }
        if text == "false" { return .boolean(false) }
        if let i = Int64(text) { return .integer(i) }
        if let d = Double(text), d.isFinite, text.first?.isLetter != true { return .number(d) }
        return .string(text)
    }
}

/// One point of the grid: a value for each swept key, in the order of the `--set` flags.
public struct SweepPoint: Sendable, Equatable, Codable {
    public var keys: [String]
    public var values: [String]

    /// The overrides a backtest of this point runs with.
    public var overrides: [String: LuaValue] {
        Dictionary(uniqueKeysWithValues: zip(keys, values.map(SweepParameter.value)))
    }

    /// `sma_fast=5 sma_slow=30`, for messages.
    public var label: String { zip(keys, values).map { "\($0)=\($1)" }.joined(separator: " ") }
}

public enum SweepGrid {
    /// Every combination of the parameters' values, the first parameter varying slowest (the order of the
    /// `--set` flags and of each flag's values): the order jobs are numbered in and ties are broken by.
    public static func points(_ parameters: [SweepParameter]) -> [SweepPoint] {
        var points = [SweepPoint(keys: [], values: [])]
        for p in parameters {
            points = points.flatMap { point in
                p.values.map { v in SweepPoint(keys: point.keys + [p.key], values: point.values + [v]) }
            }
        }
        return points
    }
}
