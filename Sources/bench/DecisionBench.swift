import Foundation
import LuaHost
import Moondesk
import Orchestrator

/// One decision's cost and where it goes: the whole balanced decision in process (research, Lua nodes, the
/// engine and wiring), one Lua node run on a real state, the `host run` process against `host script` on an
/// empty file, peak memory of a run, and memory over thousands of decisions in one process.
enum DecisionBench {
    static func run(repoRoot: String,
                    decisions: Int = Int(ProcessInfo.processInfo.environment["MOONDESK_BENCH_DECISIONS"] ?? "") ?? 10_000) async throws -> [BenchRow] {
        let project = try ReloadBench.copyProject(repoRoot)
        defer { try? FileManager.default.removeItem(atPath: project) }
        try "return { run = function(state, ctx) return { } end }".write(toFile: project + "/agents/nodes/noop.lua",
                                                                       atomically: true, encoding: .utf8)
        let cwd = FileManager.default.currentDirectoryPath
        _ = FileManager.default.changeCurrentDirectoryPath(project)
        defer { _ = FileManager.default.changeCurrentDirectoryPath(cwd) }
        let session = try Session(SessionOptions(agentPath: "agents/balanced.lua"), print: { _ in })
        var runs: [DecisionRun] = [try await session.decide()]
        var totals: [Double] = [], research: [Double] = [], nodes: [Double] = []
        var perNodeName: [String: [Double]] = [:]
        for _ in 0..<200 {
            let run = try await session.decide()
            var researchSeconds = 0.0, nodeSeconds = 0.0
            for record in run.result.journal {
                perNodeName[record.name, default: []].append(record.end - record.start)
                if record.name == "researcher" { researchSeconds += record.end - record.start }
                else if record.name != "planner" { nodeSeconds += record.end - record.start }
            }
            totals.append(run.result.durationSeconds)
            research.append(researchSeconds)
            nodes.append(nodeSeconds)
            runs = [run]
        }
        let state = runs[0].state
        let nodeRuns = runs[0].result.journal.count - 2
        let total = ReloadBench.median(totals), researchTime = ReloadBench.median(research), nodeTime = ReloadBench.median(nodes)

        // One Lua node run: a node that reads nothing, on the state a real decision leaves.
        let runner = try session.nodeRunner()
        let context = NodeContext(handler: "nodes.noop", step: 1, deadline: .now + .seconds(3600), timeout: .seconds(3600))
        var perNode = Double.infinity
        for _ in 0..<5 {
            let n = 2_000
            let elapsed = try await secondsElapsed {
                for _ in 0..<n { _ = try await runner.run(node: "noop", state: state, context: context) }
            }
            perNode = min(perNode, elapsed / Double(n))
        }

        // Memory over many decisions in one process: resident size after the first tenth and at the end.
        var residentEarly = 0.0, samples: [String] = []
        for i in 1...decisions {
            _ = try await session.decide()
            if i == decisions / 10 { residentEarly = residentMegabytes() }
            if i % (decisions / 5) == 0 { samples.append(String(format: "%.1f", residentMegabytes())) }
        }
        let residentLate = residentMegabytes()

        var rows = [
            BenchRow(name: "in process: a whole balanced decision (plan, 6 tasks, \(nodeRuns) node runs), median of 200",
                     value: ReloadBench.ms(total), goal: "≤ 1 ms + the research's compute"),
            BenchRow(name: "… of which the research (6 Lua handler tasks: indicators, patterns, sentiment)", value: ReloadBench.ms(researchTime)),
            BenchRow(name: "… of which the Lua nodes (\(nodeRuns - 1) runs, their own work included)", value: ReloadBench.ms(nodeTime)),
            BenchRow(name: "… of which the planner, the engine and the wiring", value: ReloadBench.ms(total - researchTime - nodeTime)),
            BenchRow(name: "… the Lua nodes, each (median µs per run)",
                     value: perNodeName.filter { !["planner", "researcher"].contains($0.key) }
                        .map { ($0.key, ReloadBench.median($0.value)) }.sorted { $0.1 > $1.1 }
                        .map { String(format: "%@ %.0f", $0.0, $0.1 * 1e6) }.joined(separator: ", ")),
            BenchRow(name: "one Lua node run on a real decision's state (a node that reads nothing)",
                     value: String(format: "%.1f µs", perNode * 1e6), goal: "≤ 40 µs"),
            BenchRow(name: "resident memory after \(decisions / 10) and after \(decisions) decisions in one process",
                     value: String(format: "%.1f MB → %.1f MB", residentEarly, residentLate)
                        + " (each fifth: " + samples.joined(separator: ", ") + " MB)", goal: "flat"),
        ]
        rows += try processRows(repoRoot: repoRoot, project: project)
        return rows
    }

    /// `host run agents/balanced.lua --json` against `host script` on an empty file, side by side; peak RSS.
    static func processRows(repoRoot: String, project: String, iterations: Int = 15) throws -> [BenchRow] {
        let host = repoRoot + "/.build/release/host"
        guard FileManager.default.isExecutableFile(atPath: host) else {
            return [BenchRow(name: "host processes", value: "skipped: \(host) not built (swift build -c release)")]
        }
        try "".write(toFile: project + "/empty.lua", atomically: true, encoding: .utf8)
        var peakKB = 0
        func time(_ arguments: [String]) throws -> Double {
            var samples: [Double] = []
            for _ in 0..<iterations {
                samples.append(try secondsElapsed { peakKB = max(peakKB, try spawnAndWait(host, arguments, in: project)) })
            }
            return ReloadBench.median(samples)
        }
        let script = try time(["script", "empty.lua"])
        peakKB = 0
        let run = try time(["run", "agents/balanced.lua", "--json", "-q", "--no-journal"])   // the decision alone (JournalBench: with it)
        return [
            BenchRow(name: "`host run agents/balanced.lua --json` process against `host script empty.lua`, median of \(iterations)",
                     value: "\(ReloadBench.ms(run)) vs \(ReloadBench.ms(script)): \(String(format: "%.2f", run / script))×", goal: "≤ 1.5×"),
            BenchRow(name: "peak resident memory of a `host run agents/balanced.lua --json` process",
                     value: String(format: "%.1f MB", Double(peakKB) / 1024), goal: "≤ 60 MB"),
        ]
    }

    /// Runs `executable arguments` in `folder` with output discarded; returns the child's peak RSS in KB (wait4).
    static func spawnAndWait(_ executable: String, _ arguments: [String], in folder: String) throws -> Int {
        let pid = try spawn(executable, arguments, in: folder)
        var status: Int32 = 0
        var usage = rusage()
        _ = wait4(pid, &status, 0, &usage)
        return usage.ru_maxrss
    }

    /// Starts `executable arguments` in `folder` with output discarded; returns its pid.
    static func spawn(_ executable: String, _ arguments: [String], in folder: String) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let cwd = FileManager.default.currentDirectoryPath
        _ = FileManager.default.changeCurrentDirectoryPath(folder)
        defer { _ = FileManager.default.changeCurrentDirectoryPath(cwd) }
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        guard posix_spawn(&pid, executable, &actions, nil, argv, environ) == 0 else { throw BenchError("cannot start \(executable)") }
        return pid
    }

    static func residentMegabytes() -> Double {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8),
              let pages = text.split(separator: " ").dropFirst().first.flatMap({ Double($0) }) else { return 0 }
        return pages * Double(sysconf(Int32(_SC_PAGESIZE))) / 1_048_576
    }
}
