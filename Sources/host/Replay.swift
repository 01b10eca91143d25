import Foundation
import Journal
import LiveData
import LuaHost
import Moondesk

/// How `host replay` re-executes a run: its recorded files in a temporary folder, its command run there as a child
/// process recording into a scratch journal, then the two records compared.
enum Replay {
    struct Folder {
        var root: String
        /// Where the run's own folder is recreated (the child's working directory).
        var work: String
        /// Moondesk's own agents and config, when the run used them (the child's MOONDESK_HOME).
        var home: String?
        var journal: String { root + "/replay.sqlite" }
        var tape: String { root + "/responses.json" }
        /// Where each recorded file was written, by the path the run knew it by.
        var moved: [String: String] = [:]
        /// Puts the original places back into a replayed value, so paths compare equal.
        func original(_ value: LuaValue, run: RunEntry) -> LuaValue {
            var pairs = [(root + "/abs/", "/"), (work, URL(fileURLWithPath: run.directory).standardizedFileURL.path)]
            if let home, let original = ProjectPaths.moondeskHome { pairs.insert((home, URL(fileURLWithPath: original).standardizedFileURL.path), at: 0) }
            func map(_ value: LuaValue) -> LuaValue {
                switch value {
                case .string(let s):
                    var out = s
                    for (from, to) in pairs where out.contains(from) { out = out.replacingOccurrences(of: from, with: to) }
                    return .string(out)
                case .array(let items): return .array(items.map(map))
                case .table(let fields): return .table(fields.mapValues(map))
                default: return value
                }
            }
            return map(value)
        }
    }

    /// Writes every recorded file of the run where the run found it, relative to the new folder.
    static func materialize(_ run: RunEntry, from journal: Journal) throws -> Folder {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("moondesk-replay-\(run.id)-\(getpid())").path
        try? FileManager.default.removeItem(atPath: root)
        var folder = Folder(root: root, work: root + "/work", home: nil)
        let home = ProjectPaths.moondeskHome.map { URL(fileURLWithPath: $0).standardizedFileURL.path }
        let directory = URL(fileURLWithPath: run.directory).standardizedFileURL.path
        var moved: [String: String] = [:]
        for (path, hash) in try RecordedFiles.all(in: journal, run: run.id).sorted(by: { $0.key < $1.key }) {
            let target: String
            let absolute = URL(fileURLWithPath: path, relativeTo: URL(fileURLWithPath: directory + "/")).standardizedFileURL.path
            if absolute.hasPrefix(directory + "/") {
                target = folder.work + "/" + absolute.dropFirst(directory.count + 1)
            } else if let home, absolute.hasPrefix(home + "/") {
                folder.home = root + "/home"
                target = root + "/home/" + absolute.dropFirst(home.count + 1)
            } else {
                target = root + "/abs" + absolute   // elsewhere: the argument naming it is rewritten (`moved`)
            }
            let bytes: Data?
            do { bytes = try journal.contents(hash) } catch { throw MoondeskError(.badInput, error.message) }
            guard let bytes else { throw MoondeskError(.badInput, "run \(run.id): the recorded version of \(path) is not in the journal") }
            try FileManager.default.createDirectory(atPath: URL(fileURLWithPath: target).deletingLastPathComponent().path,
                                                    withIntermediateDirectories: true)
            guard FileManager.default.createFile(atPath: target, contents: bytes) else {
                throw MoondeskError(.failure, "cannot write \(target) for the replay")
            }
            if path.hasPrefix("/") { moved[path] = target; moved[absolute] = target }
        }
        try FileManager.default.createDirectory(atPath: folder.work, withIntermediateDirectories: true)
        let answers: [HTTPTape.Exchange]
        do { answers = try journal.responses(of: run.id) } catch { throw MoondeskError(.badInput, error.message) }
        if !answers.isEmpty {
            let encoder = JSONEncoder()
            try encoder.encode(answers).write(to: URL(fileURLWithPath: folder.tape))
        }
        folder.moved = moved
        return folder
    }

    /// The flags about the journal and output that the replay sets itself.
    static let ownFlags: Set<String> = ["--no-journal", "--no-cache", "--json", "--allow-changed", "-q", "--quiet"]
    static let ownOptions: Set<String> = ["--journal", "--report", "--trace", "--trades", "--equity"]

    /// Runs the recorded command in the folder; returns the replayed run's id in the scratch journal.
    static func execute(_ run: RunEntry, in folder: Folder, verbose: Bool) throws -> (journal: Journal, run: String) {
        var arguments: [String] = []
        var skip = false
        for argument in run.arguments {
            if skip { skip = false; continue }
            if ownFlags.contains(argument) { continue }
            if ownOptions.contains(argument) { skip = true; continue }
            if ownOptions.contains(where: { argument.hasPrefix($0 + "=") }) { continue }
            arguments.append(folder.moved[argument] ?? argument)   // an absolute path: where its recorded version is now
        }
        arguments += ["--journal", folder.journal, "--no-cache", "--json"] + (verbose ? [] : ["-q"])
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Bundle.main.executablePath ?? CommandLine.arguments[0])
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: folder.work)
        var environment = ProcessInfo.processInfo.environment
        if let home = folder.home { environment["MOONDESK_HOME"] = home }
        if FileManager.default.fileExists(atPath: folder.tape) { environment["MOONDESK_HTTP_REPLAY"] = folder.tape }
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        if !verbose { process.standardError = FileHandle.nullDevice }
        do { try process.run() } catch { throw MoondeskError(.failure, "cannot start the replay: \(error)") }
        process.waitUntilExit()
        let journal: Journal
        do { journal = try Journal.existing(path: folder.journal) } catch {
            throw MoondeskError(.failure, "the replay of run \(run.id) recorded nothing (exit \(process.terminationStatus)); -v shows what it printed")
        }
        guard let replayed = try? journal.runs(limit: 1).first else {
            throw MoondeskError(.failure, "the replay of run \(run.id) recorded no run (exit \(process.terminationStatus)); -v shows what it printed")
        }
        return (journal, replayed.id)
    }

    /// One result compared.
    struct Difference {
        var kind: String, subject: String, detail: String
    }

    struct Comparison {
        var compared: [String: Int] = [:]
        var differences: [Difference] = []
        var decisionIdentical = true
        var identical: Bool { differences.isEmpty && decisionIdentical }

        func text(run: String) -> String {
            let counts = ["task", "node", "bar"].compactMap { kind in compared[kind].map { "\($0) \(kind) result\($0 == 1 ? "" : "s")" } }
                .joined(separator: ", ")
            if identical { return "replay of run \(run): identical (\(counts), and the decision)\n" }
            var out = "replay of run \(run): differs (compared \(counts))\n"
            for d in differences { out += "  \(d.kind) \(d.subject): \(d.detail)\n" }
            if !decisionIdentical { out += "  the decision differs\n" }
            return out
        }

        func json(run: String) -> LuaValue {
            ["run": .string(run), "identical": .boolean(identical), "decision_identical": .boolean(decisionIdentical),
             "compared": .table(compared.mapValues { .integer(Int64($0)) }),
             "differences": .array(differences.map { ["kind": .string($0.kind), "subject": .string($0.subject), "detail": .string($0.detail)] })]
        }
    }

    /// Each result's last recorded value, by kind and subject (a resumed run's passes together).
    static func latest(_ results: [RecordedResult]) -> [String: LuaValue] {
        var out: [String: LuaValue] = [:]
        for result in results { out[result.kind + " " + result.subject] = MemoryKey.withoutTimings(result.value) }
        return out
    }

    static func compare(recorded run: RunEntry, in journal: Journal, replayed: (journal: Journal, run: String), folder: Folder) throws -> Comparison {
        let before: [String: LuaValue], after: [String: LuaValue], decisions: (String?, String?)
        do {
            before = latest(try journal.results(of: run.id))
            after = latest(try replayed.journal.results(of: replayed.run)).mapValues { folder.original($0, run: run) }
            decisions = (try journal.decision(of: run.id), try replayed.journal.decision(of: replayed.run))
        } catch {
            throw MoondeskError(.failure, error.message)
        }
        var comparison = Comparison()
        for key in Set(before.keys).union(after.keys).sorted() {
            let parts = key.split(separator: " ", maxSplits: 1).map(String.init)
            comparison.compared[parts[0], default: 0] += 1
            switch (before[key], after[key]) {
            case (let a?, let b?) where a != b:
                comparison.differences.append(Difference(kind: parts[0], subject: parts[1], detail: firstDifference(a, b, path: "") ?? "differs"))
            case (nil, _?):
                comparison.differences.append(Difference(kind: parts[0], subject: parts[1], detail: "ran in the replay only"))
            case (_?, nil):
                comparison.differences.append(Difference(kind: parts[0], subject: parts[1], detail: "did not run in the replay"))
            default: break
            }
        }
        comparison.decisionIdentical = decisions.0 == decisions.1
        return comparison
    }

    /// Where two values first part: `update.bull_case.confidence: 0.61 -> 0.58`.
    static func firstDifference(_ a: LuaValue, _ b: LuaValue, path: String) -> String? {
        if a == b { return nil }
        switch (a, b) {
        case (.table(let x), .table(let y)):
            for key in Set(x.keys).union(y.keys).sorted() {
                if let d = firstDifference(x[key] ?? .nil, y[key] ?? .nil, path: path.isEmpty ? key : path + "." + key) { return d }
            }
        case (.array(let x), .array(let y)) where x.count == y.count:
            for (i, (p, q)) in zip(x, y).enumerated() {
                if let d = firstDifference(p, q, path: path + "[\(i + 1)]") { return d }
            }
        default: break
        }
        let shown = { (v: LuaValue) in String(v.jsonText().prefix(80)) }
        return (path.isEmpty ? "" : path + ": ") + shown(a) + " -> " + shown(b)
    }
}
