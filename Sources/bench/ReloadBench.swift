import Foundation
import Moondesk
import Research

/// The research loop's latency, measured through the real `host` binary side by side:
/// - full restart: `host run AGENT --json` as a new process, until its decision line;
/// - hot reload: `host watch AGENT --json` already running, from saving a node (or handler) file until the new
///   decision line appears on its stdout.
/// Runs in a copy of the project (agents/, config/, data/ linked) so the repository's files are never edited.
enum ReloadBench {
    static func run(repoRoot: String, iterations: Int = 15) async throws -> [BenchRow] {
        let host = repoRoot + "/.build/release/host"
        guard FileManager.default.isExecutableFile(atPath: host) else {
            return [BenchRow(name: "reload latency", value: "skipped: \(host) not built (swift build -c release)")]
        }
        let project = try copyProject(repoRoot)
        defer { try? FileManager.default.removeItem(atPath: project) }

        var restart: [Double] = []
        for _ in 0..<iterations {
            restart.append(try secondsElapsed {
                let p = Process()
                p.executableURL = URL(fileURLWithPath: host)
                p.arguments = ["run", "agents/balanced.lua", "--json", "-q", "--no-journal"]
                p.currentDirectoryURL = URL(fileURLWithPath: project)
                p.standardOutput = FileHandle.nullDevice
                p.standardError = FileHandle.nullDevice
                try p.run()
                p.waitUntilExit()
            })
        }

        let watch = try WatchedHost(host: host, project: project)
        defer { watch.stop() }
        _ = try watch.nextLine(timeout: 60)
        let nodeReload = try edits(of: project + "/agents/nodes/decision.lua", watch: watch, iterations: iterations)
        let handlerReload = try edits(of: project + "/agents/handlers/patterns.lua", watch: watch, iterations: iterations)

        let full = median(restart), node = median(nodeReload), handler = median(handlerReload)
        let inProcess = try await inProcessRows(project: project, iterations: iterations)
        return inProcess + [
            BenchRow(name: "full restart: `host run agents/balanced.lua --json` (new process), median of \(iterations)",
                     value: ms(full) + " (p90 \(ms(percentile(restart, 0.9))))"),
            BenchRow(name: "hot reload: save agents/nodes/decision.lua → new decision line from `host watch`",
                     value: ms(node) + " (p90 \(ms(percentile(nodeReload, 0.9)))); \(ratio(full, node)) faster than a restart",
                     goal: "≤ 100 ms"),
            BenchRow(name: "hot reload: save agents/handlers/patterns.lua → new decision (re-runs patterns, then every node after research)",
                     value: ms(handler) + " (p90 \(ms(percentile(handlerReload, 0.9)))); \(ratio(full, handler)) faster than a restart"),
        ]
    }

    /// The same work without processes or file watching: a whole decision against the partial re-runs a reload does.
    static func inProcessRows(project: String, iterations: Int) async throws -> [BenchRow] {
        let cwd = FileManager.default.currentDirectoryPath
        FileManager.default.changeCurrentDirectoryPath(project)
        defer { FileManager.default.changeCurrentDirectoryPath(cwd) }
        let session = try Session(SessionOptions(agentPath: "agents/balanced.lua"), print: { _ in })
        var full: [Double] = [], fromDecision: [Double] = [], fromBull: [Double] = [], task: [Double] = []
        var previous = try await session.decide()
        for _ in 0..<iterations {
            full.append(try await secondsElapsed { previous = try await session.decide() })
            fromDecision.append(try await secondsElapsed {
                _ = try await session.decide(reuse: Reuse(previous: previous, scope: .nodes(from: "decision")))
            })
            fromBull.append(try await secondsElapsed {
                _ = try await session.decide(reuse: Reuse(previous: previous, scope: .nodes(from: "bull")))
            })
            task.append(try await secondsElapsed {
                _ = try await session.decide(reuse: Reuse(previous: previous, scope: .research(forced: ["patterns"])))
            })
        }
        let f = median(full)
        return [
            BenchRow(name: "in process: a whole decision (plan, 6 tasks, 19 node runs)", value: ms(f)),
            BenchRow(name: "in process: re-run from the decision node", value: ms(median(fromDecision)) + "; " + ratio(f, median(fromDecision)) + " less"),
            BenchRow(name: "in process: re-run from bull and bear (debate, analyzer ... decision)", value: ms(median(fromBull)) + "; " + ratio(f, median(fromBull)) + " less"),
            BenchRow(name: "in process: re-plan, re-run the patterns task, every node after research", value: ms(median(task)) + "; " + ratio(f, median(task)) + " less"),
        ]
    }

    /// Saves `file` with a changed comment `iterations` times; the seconds from each save to the decision line.
    static func edits(of file: String, watch: WatchedHost, iterations: Int) throws -> [Double] {
        let original = try String(contentsOfFile: file, encoding: .utf8)
        defer { try? original.write(toFile: file, atomically: false, encoding: .utf8) }
        var out: [Double] = []
        for i in 0..<iterations {
            let start = ContinuousClock.now
            try (original + "\n-- edit \(i)\n").write(toFile: file, atomically: false, encoding: .utf8)
            let line = try watch.nextLine(timeout: 30)
            guard line.contains("\"decision\"") else { throw BenchError("unexpected line from host watch: \(line.prefix(200))") }
            out.append((ContinuousClock.now - start).seconds)
        }
        return out
    }

    static func copyProject(_ repoRoot: String) throws -> String {
        let fm = FileManager.default
        let root = NSTemporaryDirectory() + "moondesk-bench-" + UUID().uuidString
        try fm.createDirectory(atPath: root, withIntermediateDirectories: true)
        try fm.copyItem(atPath: repoRoot + "/agents", toPath: root + "/agents")
        try fm.copyItem(atPath: repoRoot + "/config", toPath: root + "/config")
        try fm.createSymbolicLink(atPath: root + "/data", withDestinationPath: repoRoot + "/data")
        return root
    }

    static func median(_ xs: [Double]) -> Double { percentile(xs, 0.5) }
    static func percentile(_ xs: [Double], _ p: Double) -> Double {
        let sorted = xs.sorted()
        return sorted[min(sorted.count - 1, Int((Double(sorted.count - 1) * p).rounded()))]
    }
    static func ms(_ s: Double) -> String { String(format: "%.1f ms", s * 1000) }
    static func ratio(_ a: Double, _ b: Double) -> String { String(format: "%.1f×", a / b) }
}

/// `host watch --json` running in the background, its stdout read line by line.
final class WatchedHost: @unchecked Sendable {
    let process = Process()
    private let lines = LineQueue()

    init(host: String, project: String) throws {
        process.executableURL = URL(fileURLWithPath: host)
        process.arguments = ["watch", "agents/balanced.lua", "--json", "-q", "--no-journal"]
        process.currentDirectoryURL = URL(fileURLWithPath: project)
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        let queue = lines
        out.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            if data.isEmpty { handle.readabilityHandler = nil; queue.close(); return }
            queue.append(data)
        }
        try process.run()
    }

    func nextLine(timeout: Double) throws -> String {
        guard let line = lines.next(timeout: timeout) else { throw BenchError("host watch printed nothing for \(timeout) s") }
        return line
    }

    func stop() {
        if process.isRunning { process.interrupt() }
        process.waitUntilExit()
    }
}

/// Bytes in, complete lines out, with a blocking wait.
final class LineQueue: @unchecked Sendable {
    private let condition = NSCondition()
    private var buffer = Data()
    private var ready: [String] = []
    private var closed = false

    func append(_ data: Data) {
        condition.lock()
        buffer.append(data)
        while let newline = buffer.firstIndex(of: 0x0A) {
            ready.append(String(decoding: buffer[buffer.startIndex..<newline], as: UTF8.self))
            buffer.removeSubrange(buffer.startIndex...newline)
        }
        condition.broadcast()
        condition.unlock()
    }

    func close() {
        condition.lock()
        closed = true
        condition.broadcast()
        condition.unlock()
    }

    func next(timeout: Double) -> String? {
        let deadline = Date().addingTimeInterval(timeout)
        condition.lock()
        defer { condition.unlock() }
        while ready.isEmpty && !closed {
            if !condition.wait(until: deadline) { return nil }
        }
        return ready.isEmpty ? nil : ready.removeFirst()
    }
}

struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
