import Foundation

/// Paths into the repository's data/ folder for the sentiment, news and synthetic-series tests.
enum SentimentRepo {
    /// The repository root, found from this file's location (Tests/MarketDataTests/...).
    static let root: String = {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().path
    }()

    /// The absolute path of `relative` under the repository root.
    static func path(_ relative: String) -> String { root + "/" + relative }

    /// A fresh temporary file holding `contents`, for loader error tests.
    static func temporaryFile(_ contents: String, name: String = "fixture.txt") throws -> String {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("moondesk-sentiment-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let url = directory.appendingPathComponent(name)
        try contents.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }
}
