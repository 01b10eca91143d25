import Foundation
import LuaHost
import Moondesk
import Sweep
import Testing

@Suite struct SweepGridTests {
    @Test("the grid: every combination, the first --set varying slowest; values typed as Lua sees them")
    func grid() throws {
        let p = [try SweepParameter.parse("a=1,2"), try SweepParameter.parse("b=x, true ,0.5")]
        let points = SweepGrid.points(p)
        #expect(points.map(\.label) == ["a=1 b=x", "a=1 b=true", "a=1 b=0.5", "a=2 b=x", "a=2 b=true", "a=2 b=0.5"])
        #expect(points[1].overrides == ["a": .integer(1), "b": .boolean(true)])
        #expect(points[2].overrides["b"] == .number(0.5))
        #expect(SweepParameter.value("BTC") == .string("BTC"))
        #expect(SweepParameter.value("inf") == .string("inf"))
    }

    @Test("bad --set, --rank and windows are bad input naming the flag")
    func badInput() throws {
        #expect(throws: MoondeskError.self) { try SweepParameter.parse("sma_fast") }
        #expect(throws: MoondeskError.self) { try SweepParameter.parse("sma_fast=1,,2") }
        #expect(throws: MoondeskError.self) { try SweepParameter.parse("sma_fast=1,1") }
        #expect(throws: MoondeskError.self) { try SweepRank.parse("luck") }
        #expect(throws: MoondeskError.self) { try SweepWindow.parse("2018-06-01..2018-01-01", role: .train) }
        #expect(throws: MoondeskError.self) { try SweepWindow.parse("2018-06-01", role: .test) }
        #expect(try SweepRank.parse("sharpe").label == "Sharpe Ratio")
        #expect(try SweepRank.parse("Volatility (Ann.) [%]").ascending)
    }

    @Test("rows sort by the rank statistic on the train window, missing values last, ties in grid order")
    func ranking() throws {
        let base = SweepBase(agentPath: "agents/examples/sma_cross.lua")
        let windows = [try SweepWindow.parse("2018-01-01..2018-06-30", role: .train), try SweepWindow.parse("2018-07-01..2018-12-31", role: .test)]
        let d = SweepDefinition(base: base, parameters: [try SweepParameter.parse("sma_fast=1,2,3,4")], symbols: ["BTC/USDT"],
                                windows: windows, rank: try SweepRank.parse("sharpe"))
        #expect(d.jobs.count == 8)
        func outcome(_ ordinal: Int, _ sharpe: Double?) -> SweepOutcome {
            SweepOutcome(ordinal: ordinal, agent: "sma_cross", barSeconds: 86_400, metrics: ["Sharpe Ratio": sharpe], decisions: 1, failedBars: 0, error: nil)
        }
        // Train sharpe: point 1 → 0.5, point 2 → nil, point 3 → 0.5 (tie with 1), point 4 → 2; test values differ.
        let outcomes = [outcome(0, 0.5), outcome(1, 9), outcome(2, nil), outcome(3, 9), outcome(4, 0.5), outcome(5, -1), outcome(6, 2), outcome(7, 0)]
        let table = SweepTable(d, outcomes: outcomes.reversed())
        #expect(table.rows.map(\.point.values) == [["4"], ["1"], ["3"], ["2"]])
        #expect(table.text.contains("train Sharpe"))
        #expect(table.text == SweepTable(d, outcomes: outcomes).text)
        guard case .table(var fields) = table.json(exitCode: 0) else { Issue.record("not an object"); return }
        fields["schema_version"] = .integer(JSONSchema.version)   // as host's JSONOutput adds it
        let json = LuaValue.table(fields)
        #expect(JSONSchema.named("sweep").validate(json).isEmpty, "\(JSONSchema.named("sweep").validate(json))")
    }

    @Test("an outcome survives its JSON exactly (a worker's result prints as a local one)")
    func outcomeRoundTrip() throws {
        let o = SweepOutcome(ordinal: 3, agent: "a", barSeconds: 3600, metrics: ["Sharpe Ratio": 0.1 + 0.2, "SQN": nil, "Return [%]": -1e-300],
                             decisions: 4, failedBars: 1, error: nil)
        #expect(try SweepOutcome.decode(o.encoded()) == o)
    }
}

/// `host sweep` as a user runs it.
@Suite struct SweepCommandTests {
    static var host: String {
        let bundle = URL(fileURLWithPath: CommandLine.arguments.first(where: { $0.contains(".xctest") }) ?? CommandLine.arguments[0])
        return bundle.deletingLastPathComponent().appendingPathComponent("host").path
    }
    static var root: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    }

    /// `host ARGUMENTS` in the repository. The sweep and backtest runs are not recorded (`--no-journal`) unless
    /// `journal` is given, so each test computes what it compares rather than reusing another's bars.
    static func host(_ arguments: [String], journal: String? = nil) async throws -> (status: Int32, stdout: String, stderr: String) {
        let recording = ["sweep", "backtest"].contains(arguments.first ?? "") && !arguments.contains("--queue")
        let arguments = !recording ? arguments : arguments + (journal.map { ["--journal", $0] } ?? ["--no-journal"])
        return try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                let p = Process()
                p.executableURL = URL(fileURLWithPath: host)
                p.arguments = arguments
                p.currentDirectoryURL = URL(fileURLWithPath: root)
                var env = ProcessInfo.processInfo.environment
                env["MOONDESK_QUEUE"] = nil
                p.environment = env
                let out = Pipe(), err = Pipe()
                p.standardOutput = out
                p.standardError = err
                do { try p.run() } catch { continuation.resume(throwing: error); return }
                nonisolated(unsafe) var o = Data(), e = Data()
                let g = DispatchGroup()
                g.enter(); DispatchQueue.global().async { o = out.fileHandleForReading.readDataToEndOfFile(); g.leave() }
                g.enter(); DispatchQueue.global().async { e = err.fileHandleForReading.readDataToEndOfFile(); g.leave() }
                p.waitUntilExit()
                g.wait()
                continuation.resume(returning: (p.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self)))
            }
        }
    }

    static let range = ["--from", "2018-01-01", "--to", "2018-12-31", "--every", "5"]

    @Test("a swept value reaches ctx.config: the row of the agent's own values is host backtest's result")
    func overridesReachTheAgent() async throws {
        let sweep = try await Self.host(["sweep", "agents/examples/sma_cross.lua", "--set", "sma_fast=5,10", "--set", "sma_slow=30", "--json"] + Self.range)
        #expect(sweep.status == 0, "\(sweep.stderr)")
        let rows = try LuaValue.parseJSON(sweep.stdout)["rows"].arrayValue ?? []
        let backtest = try await Self.host(["backtest", "agents/examples/sma_cross.lua", "--json", "-q"] + Self.range)
        let metrics = try LuaValue.parseJSON(backtest.stdout)["backtests"].arrayValue?.first?["metrics"]
        let own = rows.first { $0["point"]["sma_fast"].intValue == 10 }
        let other = rows.first { $0["point"]["sma_fast"].intValue == 5 }
        #expect(own?["windows"]["all"]["metrics"]["Sharpe Ratio"].doubleValue == metrics?["Sharpe Ratio"].doubleValue)
        #expect(own?["windows"]["all"]["metrics"]["# Trades"].doubleValue == metrics?["# Trades"].doubleValue)
        #expect(other?["windows"]["all"]["metrics"]["# Trades"].doubleValue != metrics?["# Trades"].doubleValue)
    }

    @Test("train beside test, any --jobs the same table, sorted by --rank")
    func trainTestAndJobs() async throws {
        let args = ["sweep", "agents/examples/sma_cross.lua", "--set", "sma_fast=5,10,15", "--symbols", "BTC/USDT,ETH/USDT",
                    "--train", "2018-01-01..2018-06-30", "--test", "2018-07-01..2018-12-31", "--every", "5", "--rank", "return"]
        let one = try await Self.host(args + ["--jobs", "1"])
        let two = try await Self.host(args + ["--jobs", "2"])
        #expect(one.status == 0, "\(one.stderr)")
        #expect(one.stdout == two.stdout)
        #expect(one.stdout.contains("3 points × 2 symbols × 2 windows = 12 backtests"))
        #expect(one.stdout.contains("train Return%") && one.stdout.contains("test Return%"))
        let lines = one.stdout.split(separator: "\n").filter { $0.first == "#" || $0.first == " " || $0.first?.isNumber == true }
        #expect(lines.count == 7)   // header + 6 rows
        let returns = lines.dropFirst().compactMap { line in line.split(separator: " ").dropFirst(3).first.flatMap { Double($0) } }
        #expect(returns == returns.sorted(by: >), "\(one.stdout)")
    }

    @Test("a local sweep is a journal entry: a second identical sweep reuses every bar and prints the same table")
    func aSecondSweepReusesEveryBar() async throws {
        let journal = NSTemporaryDirectory() + "moondesk-sweep-journal-" + UUID().uuidString + ".sqlite"
        let args = ["sweep", "agents/examples/sma_cross.lua", "--set", "sma_fast=5,10", "--set", "sma_slow=30"] + Self.range
        let first = try await Self.host(args, journal: journal)
        let second = try await Self.host(args, journal: journal)
        #expect(first.status == 0 && second.status == 0, "\(first.stderr)\(second.stderr)")
        #expect(first.stdout == second.stdout)
        #expect(first.stderr.contains("recorded as run") && !first.stderr.contains("reused"), "\(first.stderr)")
        #expect(second.stderr.contains("reused 146 bar decisions"), "\(second.stderr)")
        let shown = try await Self.host(["show", "last", "--journal", journal])
        #expect(shown.stdout == second.stdout)
    }

    @Test("an unknown key or a bad value is exit 2 before anything runs, naming the key")
    func badKeys() async throws {
        let unknown = try await Self.host(["sweep", "agents/examples/sma_cross.lua", "--set", "sma_fsat=5,10"] + Self.range)
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("--set sma_fsat: unknown key (did you mean \"sma_fast\"?)"), "\(unknown.stderr)")
        let bad = try await Self.host(["sweep", "agents/examples/sma_cross.lua", "--set", "sma_fast=0,10"] + Self.range)
        #expect(bad.status == 2 && bad.stderr.contains("sma_fast must be at least 1"), "\(bad.stderr)")
        let planning = try await Self.host(["sweep", "agents/examples/sma_cross.lua", "--set", "max_parallel_tasks=0"] + Self.range)
        #expect(planning.status == 2 && planning.stderr.contains("max_parallel_tasks"), "\(planning.stderr)")
        let none = try await Self.host(["sweep", "agents/examples/sma_cross.lua"])
        #expect(none.status == 2 && none.stderr.contains("nothing to sweep"))
        let windows = try await Self.host(["sweep", "agents/examples/sma_cross.lua", "--set", "sma_fast=5", "--train", "2018-01-01..2018-06-30"])
        #expect(windows.status == 2 && windows.stderr.contains("--train and --test go together"))
    }

    @Test("sweep and worker --help fit 80 columns")
    func helpWidth() async throws {
        for command in ["sweep", "worker"] {
            let r = try await Self.host([command, "--help"])
            #expect(r.status == 0)
            for line in r.stdout.split(separator: "\n") { #expect(line.count <= 80, "\(command): \(line)") }
        }
    }

    @Test("a backtest that cannot run is its row's failure, the others are kept: exit 1")
    func failedBacktestIsKept() async throws {
        // ETH's bundled data starts in November 2017: a window before it has no bars.
        let r = try await Self.host(["sweep", "agents/examples/sma_cross.lua", "--set", "sma_fast=5", "--symbols", "BTC/USDT,ETH/USDT",
                                     "--from", "2017-01-01", "--to", "2017-10-31", "--every", "5"])
        #expect(r.status == 1, "\(r.stdout)\(r.stderr)")
        #expect(r.stdout.contains("Failed backtests") && r.stdout.contains("sma_fast=5 ETH/USDT all: no bars"), "\(r.stdout)")
    }
}
