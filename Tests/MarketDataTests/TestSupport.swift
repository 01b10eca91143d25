import Foundation
import Testing
@testable import MarketData

/// Paths of the repository, found from this file's location (Tests/MarketDataTests/TestSupport.swift).
enum Repo {
    static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static func candles(_ name: String) -> String { root.appendingPathComponent("data/candles/\(name)").path }
    static func fixture(_ relative: String) -> String {
        root.appendingPathComponent("Tests/MarketDataTests/Fixtures/\(relative)").path
    }
    static func text(_ path: String) throws -> String { try String(contentsOfFile: path, encoding: .utf8) }
}

/// Compares two aligned series: identical NaN positions, values equal to `relative` tolerance.
func expectSeriesMatch(
    _ ours: [Double], _ reference: [Double?], relative: Double = 1e-9, _ label: String,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    #expect(ours.count == reference.count, "\(label): count \(ours.count) vs \(reference.count)",
            sourceLocation: sourceLocation)
    var failures = 0
    for i in 0..<min(ours.count, reference.count) {
        let ok: Bool
        switch reference[i] {
        case nil: ok = ours[i].isNaN
        case let r?: ok = !ours[i].isNaN && abs(ours[i] - r) <= relative * max(abs(r), 1e-300)
                          || ours[i] == r
        }
        if !ok {
            failures += 1
            if failures <= 3 {
                Issue.record("\(label)[\(i)]: ours \(ours[i]), TA-Lib \(reference[i].map { "\($0)" } ?? "NaN")",
                             sourceLocation: sourceLocation)
            }
        }
    }
    #expect(failures == 0, "\(label): \(failures) values differ", sourceLocation: sourceLocation)
}
