import Foundation
import Hummingbird
import Testing

/// `host run --live` end to end against a real loopback server that speaks the providers' formats: candles come
/// from "Binance", sentiment from "alternative.me", on-chain from "blockchain.com", macro from "FRED".
@Suite struct LiveRunEndToEndTests {
    static var hostExecutable: String {
        let bundle = URL(fileURLWithPath: CommandLine.arguments.first(where: { $0.contains(".xctest") }) ?? CommandLine.arguments[0])
        return bundle.deletingLastPathComponent().appendingPathComponent("host").path
    }

    static var packageRoot: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    }

    /// `count` daily points ending 2024-10-01 of a slowly rising series, in blockchain.com's chart format.
    static func chart(count: Int, base: Double) -> String {
        let end = 1_727_740_800
        let values = (0..<count).map { i in "{\"x\": \(end - (count - 1 - i) * 86_400), \"y\": \(base * (1 + 0.002 * Double(i)))}" }
        return "{\"status\": \"ok\", \"name\": \"chart\", \"unit\": \"n\", \"period\": \"day\", \"values\": [" + values.joined(separator: ",") + "]}"
    }

    /// `count` daily observations in FRED's format, stepping from `start` by `step` a day.
    static func fred(count: Int, start: Double, step: Double) -> String {
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyy-MM-dd"
        formatter.timeZone = TimeZone(identifier: "UTC")
        let first = Date(timeIntervalSince1970: 1_704_067_200)
        let rows = (0..<count).map { i in
            "{\"realtime_start\": \"2024-10-01\", \"realtime_end\": \"2024-10-01\", \"date\": \"\(formatter.string(from: first.addingTimeInterval(Double(i) * 86_400)))\", \"value\": \"\(String(format: "%.2f", start + step * Double(i)))\"}"
        }
        return "{\"count\": \(count), \"observations\": [" + rows.joined(separator: ",") + "]}"
    }

    @Test func aLiveRunUsesEveryProvider() async throws {
        let output = try await withLoopbackServer(routes: Self.providers) { base, _ in
            try Self.runLive(base: base, ["--live", "--json"])
        }
        #expect(output.0 == 0)
        let run = try #require(try JSONSerialization.jsonObject(with: output.1) as? [String: Any])
        let research = try #require(run["research"] as? [String: Any])
        let results = try #require(research["results"] as? [String: [String: Any]])
        #expect(research["completed"] as? Int == 6, "\(research["tasks"] ?? "")")
        #expect(results["sentiment"]?["source"] as? String == "alternative.me")
        #expect((results["sentiment"]?["summary"] as? String)?.contains("fear & greed 72 (Greed)") == true)
        #expect(results["onchain"]?["source"] as? String == "blockchain.com")
        #expect(results["macro"]?["source"] as? String == "fred")
        // The candles are Binance's: 300 bars, the last one of 2024-10-26, closed at 24:00 (not the bundled 2019 series).
        #expect(run["as_of"] as? String == "2024-10-27T00:00:00Z", "\(run["as_of"] ?? "")")
    }

    /// A `--live` run recorded in a journal replays identically once the providers are gone: their answers were
    /// recorded with the run, and the replay makes no connection.
    @Test func aLiveRunReplaysOfflineAfterTheServerStopped() async throws {
        let journal = NSTemporaryDirectory() + "moondesk-live-journal-" + UUID().uuidString + ".sqlite"
        let output = try await withLoopbackServer(routes: Self.providers) { base, _ in
            try Self.runLive(base: base, ["--live", "--json", "--journal", journal])
        }
        #expect(output.0 == 0)
        let live = try #require(try JSONSerialization.jsonObject(with: output.1) as? [String: Any])
        #expect((live["research"] as? [String: Any])?["completed"] as? Int == 6)
        // The server is stopped now, and the replay is not even told where it was.
        let (status, data) = try Self.host(["replay", "last", "--journal", journal, "--json"], in: NSTemporaryDirectory(), base: nil)
        let replay = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any], "\(String(decoding: data, as: UTF8.self))")
        #expect(status == 0, "\(replay)")
        #expect(replay["identical"] as? Bool == true, "\(replay)")
        #expect((replay["compared"] as? [String: Any])?["task"] as? Int == 6)
    }

    static func providers(_ router: Router<BasicRequestContext>) {
        router.get("/api/v3/klines") { _, _ in respond(Fixtures.binanceKlines(limit: 300)) }
        router.get("/fng/") { _, _ in
            respond(#"{"name": "Fear and Greed Index", "data": [{"value": "72", "value_classification": "Greed", "timestamp": "1727740800"}, {"value": "65", "value_classification": "Greed", "timestamp": "1727654400"}], "metadata": {"error": null}}"#)
        }
        router.get("/charts/n-transactions") { _, _ in respond(Self.chart(count: 90, base: 400_000)) }
        router.get("/charts/n-unique-addresses") { _, _ in respond(Self.chart(count: 90, base: 700_000)) }
        router.get("/fred/series/observations") { request, _ in
            let id = request.uri.queryParameters.get("series_id") ?? ""
            return respond(id == "DFF" ? Self.fred(count: 200, start: 5.33, step: -0.002) : Self.fred(count: 200, start: 123.0, step: 0.01))
        }
    }

    /// `host run agents/balanced.lua EXTRA` with every provider pointed at the loopback server at `base`, from a
    /// fresh folder (its own cache): the exit status and stdout.
    static func runLive(base: String, _ extra: [String]) throws -> (Int32, Data) {
        let cache = NSTemporaryDirectory() + "moondesk-live-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: cache, withIntermediateDirectories: true)
        return try host(["run", packageRoot + "/agents/balanced.lua"] + extra, in: cache, base: base)
    }

    /// `host ARGUMENTS` in `folder`, every provider pointed at `base` when given: the exit status and stdout.
    static func host(_ arguments: [String], in folder: String, base: String?) throws -> (Int32, Data) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: hostExecutable)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: folder)
        var env = ProcessInfo.processInfo.environment
        if let base {
            for key in ["MOONDESK_BINANCE_URL", "MOONDESK_ALTERNATIVE_URL", "MOONDESK_BLOCKCHAIN_URL", "MOONDESK_FRED_URL"] { env[key] = base }
        }
        env["FRED_API_KEY"] = "loopback-test-key"
        process.environment = env
        let out = Pipe()
        process.standardOutput = out
        process.standardError = Pipe()
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, data)
    }
}
