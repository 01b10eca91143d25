import Foundation
import Hummingbird
import Testing

/// `host run --live --as-of` a past date: every provider's response is cut at the as-of before a handler sees it,
/// and a provider with nothing that old fails its task with the reason (docs/POINT_IN_TIME.md).
@Suite struct LiveAsOfTests {
    @Test func aPastAsOfCutsEveryLiveResponse() async throws {
        let output = try await withLoopbackServer(routes: { router in
            router.get("/api/v3/klines") { _, _ in respond(Fixtures.binanceKlines(limit: 300)) }
            router.get("/fng/") { _, _ in
                // Both readings are after the as-of (2024-10-01 and 09-30).
                respond(#"{"name": "Fear and Greed Index", "data": [{"value": "72", "value_classification": "Greed", "timestamp": "1727740800"}, {"value": "65", "value_classification": "Greed", "timestamp": "1727654400"}], "metadata": {"error": null}}"#)
            }
            router.get("/charts/n-transactions") { _, _ in respond(LiveRunEndToEndTests.chart(count: 90, base: 400_000)) }
            router.get("/charts/n-unique-addresses") { _, _ in respond(LiveRunEndToEndTests.chart(count: 90, base: 700_000)) }
            router.get("/fred/series/observations") { request, _ in
                let id = request.uri.queryParameters.get("series_id") ?? ""
                // A past as-of asks for the values as published on the as-of day (ALFRED's real-time period).
                guard request.uri.queryParameters.get("realtime_start") == "2024-09-15",
                      request.uri.queryParameters.get("realtime_end") == "2024-09-15" else {
                    return respond(#"{"error_code": 400, "error_message": "expected the 2024-09-15 vintage"}"#, status: .badRequest)
                }
                return respond(id == "DFF" ? LiveRunEndToEndTests.fred(count: 200, start: 5.33, step: -0.002)
                                           : LiveRunEndToEndTests.fred(count: 200, start: 123.0, step: 0.01))
            }
        }) { base, _ in
            try LiveRunEndToEndTests.runLive(base: base, ["--live", "--json", "--as-of", "2024-09-15"])
        }
        let run = try #require(try JSONSerialization.jsonObject(with: output.1) as? [String: Any])
        let asOf = 1_726_444_800   // 2024-09-16T00:00:00Z: the end of 2024-09-15
        #expect(run["as_of"] as? String == "2024-09-16T00:00:00Z", "\(run["as_of"] ?? "")")
        let reads = try #require(run["data_reads"] as? [[String: Any]])
        #expect(reads.contains { ($0["file"] as? String)?.hasPrefix("live:blockchain.com/charts/") == true }, "\(reads)")
        for read in reads {
            #expect((read["latest"] as? Int ?? 0) <= asOf, "\(read)")
        }
        let research = try #require(run["research"] as? [String: Any])
        let tasks = try #require(research["tasks"] as? [String: [String: Any]])
        // alternative.me has no reading that old: the sentiment task fails with the reason, the others go on.
        #expect(tasks["sentiment"]?["status"] as? String == "failed")
        #expect((tasks["sentiment"]?["error"] as? String)?.contains("no reading at or before the as-of 2024-09-16T00:00:00Z") == true,
                "\(tasks["sentiment"]?["error"] ?? "")")
        #expect(tasks["onchain"]?["status"] as? String == "completed", "\(tasks["onchain"] ?? [:])")
        #expect(tasks["macro"]?["status"] as? String == "completed", "\(tasks["macro"] ?? [:])")
    }
}
