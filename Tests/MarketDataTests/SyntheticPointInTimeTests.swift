import Foundation
import Testing

/// The synthetic samples are point-in-time: the row for day D is computable from the candles up to D. The test
/// runs scripts/make_synthetic.py on the bundled Bitstamp candles cut at several days and checks that every row
/// up to the cut is identical to the committed file's (a generator that peeked ahead, or used whole-sample
/// statistics, would change the rows near the cut).
@Suite struct SyntheticPointInTimeTests {
    func rows(_ path: String) throws -> [String] {
        try Repo.text(path).split(separator: "\n").map(String.init).filter { !$0.hasPrefix("#") }.dropFirst().map { $0 }
    }

    @Test(arguments: ["2015-03-01", "2017-12-17", "2019-03-19", "2019-04-01", "2020-01-16"])
    func theRowOfADayIsTheSameWhenTheInputEndsThatDay(day: String) throws {
        let folder = NSTemporaryDirectory() + "moondesk-synthetic-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let input = try Repo.text(Repo.candles("btcusd_1d_bitstamp.csv")).split(separator: "\n", omittingEmptySubsequences: true)
        let kept = [input[0]] + input.dropFirst().filter { String($0.prefix(10)) <= day }
        try (kept.joined(separator: "\n") + "\n").write(toFile: folder + "/in.csv", atomically: true, encoding: .utf8)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", Repo.root.appendingPathComponent("scripts/make_synthetic.py").path,
                             "--input", folder + "/in.csv", "--out", folder + "/out"]
        process.standardOutput = Pipe()
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)

        for file in ["onchain_btc_daily.csv", "macro_daily.csv"] {
            let cut = try rows(folder + "/out/" + file)
            let committed = try rows(Repo.root.appendingPathComponent("data/synthetic/" + file).path)
            #expect(cut.last?.hasPrefix(day) == true, "\(file): the cut output ends \(cut.last ?? "-")")
            #expect(cut.count <= committed.count)
            #expect(Array(committed.prefix(cut.count)) == cut, "\(file) cut at \(day): rows differ from the committed file")
        }
    }
}
