import Foundation
import Testing

/// Runs the hostile catalogue (HostileCatalogue.swift) through the real `host script` and `host run`, one case at
/// a time: the time to stop is measured on the whole process, which cases run side by side on 2 cores would skew.
@Suite(.serialized) struct HostileCatalogueTests {
    /// A project of its own (agents/ and config/ copied, data/ real with the bundled BTC file, links planted
    /// inside agents/ and data/) beside a folder the scripts must not reach.
    struct Project {
        let root: String
        let outside: String

        init() throws {
            let fm = FileManager.default
            root = temporaryFolder()
            outside = root + "-outside"
            try fm.createDirectory(atPath: outside, withIntermediateDirectories: true)
            try fm.copyItem(atPath: HostProcess.packageRoot + "/agents", toPath: root + "/agents")
            try fm.copyItem(atPath: HostProcess.packageRoot + "/config", toPath: root + "/config")
            try fm.createDirectory(atPath: root + "/data/candles", withIntermediateDirectories: true)
            try fm.copyItem(atPath: HostProcess.packageRoot + "/data/candles/btcusd_1d_coinbase.csv",
                            toPath: root + "/data/candles/btcusd_1d_coinbase.csv")
            for folder in ["lexicons", "synthetic"] {
                try fm.createSymbolicLink(atPath: root + "/data/" + folder, withDestinationPath: HostProcess.packageRoot + "/data/" + folder)
            }
            try fm.createDirectory(atPath: root + "/agents/sub", withIntermediateDirectories: true)
            let marker = HostileCatalogue.marker
            write("time,open,high,low,close,volume\n2019-01-01,1,2,1,1,1\n\(marker) line 2\n", to: outside + "/secret.csv")
            write("print(\"\(marker)\")\nreturn { run = function() return \"\(marker)\" end }\n", to: outside + "/secret.lua")
            try fm.createSymbolicLink(atPath: root + "/data/candles/link.csv", withDestinationPath: outside + "/secret.csv")
            try fm.createSymbolicLink(atPath: root + "/agents/evil.lua", withDestinationPath: outside + "/secret.lua")
        }

        func fill(_ source: String) -> String {
            source.replacingOccurrences(of: "{SECRET_CSV}", with: outside + "/secret.csv")
                .replacingOccurrences(of: "{SECRET_LUA}", with: outside + "/secret.lua")
                .replacingOccurrences(of: "{OUTNAME}", with: (outside as NSString).lastPathComponent)
        }
    }

    @Test(arguments: HostileCatalogue.scripts.map(\.name))
    func script(name: String) async throws {
        let c = try #require(HostileCatalogue.scripts.first { $0.name == name })
        let project = try Project()
        write(project.fill(c.source), to: project.root + "/agents/\(c.name).lua")
        let file = c.fromSubfolder ? "../\(c.name).lua" : "agents/\(c.name).lua"
        let cwd = c.fromSubfolder ? project.root + "/agents/sub" : project.root
        let r = try await HostProcess.launch(["script", "--timeout", String(c.limit), file], in: cwd)
        let context = "[\(c.kind.rawValue)/\(c.name)] exit \(r.status) after \(r.seconds) s\nstdout: \(r.stdout.prefix(400))\nstderr: \(r.stderr.prefix(800))"
        #expect(r.status == c.exit, "\(context)")
        if let line = c.line {
            let lines = r.stderr.split(separator: "\n")
            #expect(lines.count == 1, "one line: \(context)")
            #expect(r.stderr.hasPrefix("\(file):\(line): "), "\(context)")
            for word in c.says { #expect(r.stderr.contains(word), "says \(word): \(context)") }
        } else {
            for word in c.says { #expect(r.stdout.contains(word), "prints \(word): \(context)") }
        }
        // Stopped within 1.5x the limit, the process's start and end included.
        #expect(r.seconds <= 1.5 * c.limit, "\(context)")
        #expect(!(r.stdout + r.stderr).contains(HostileCatalogue.marker), "read a file outside the project: \(context)")
    }

    func json(_ text: String) -> [String: Any]? {
        (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any]
    }

    @Test(arguments: HostileCatalogue.runs.map(\.name))
    func run(name: String) async throws {
        let c = try #require(HostileCatalogue.runs.first { $0.name == name })
        let root = try projectCopy()
        var plan = c.plan
        if let handler = c.handler {
            write("return { run = function(task, ctx)\n\(handler)\nend }\n", to: root + "/agents/handlers/hostile.lua")
            plan += "\nplan:add{ id = \"hostile\", name = \"Hostile\", priority = \"high\", cost = 0, seconds = 1, retries = 0, handler = \"handlers.hostile\", \(c.task) }"
        }
        let graph = c.graph.map { "graph = function(g, ctx)\n    \($0)\n  end," } ?? ""
        write("""
            local planner = require "planner"
            return desk.agent {
              name = "hostile", profile = "balanced",
              plan = function(plan, ctx)
                planner.base(plan, ctx)
                \(plan)
              end,
              \(graph)
            }
            """, to: root + "/agents/hostile_agent.lua")
        let bundled = try String(contentsOfFile: HostProcess.packageRoot + "/data/candles/btcusd_1d_coinbase.csv", encoding: .utf8)
        for (path, text) in c.files {
            write(text.replacingOccurrences(of: "{ROOT}", with: root).replacingOccurrences(of: "{BUNDLED}", with: bundled), to: root + "/" + path)
        }
        let r = try await HostProcess.launch(["run", "agents/hostile_agent.lua", "--json", "-q"] + c.args, in: root)
        let context = "[\(c.kind.rawValue)/\(c.name)] exit \(r.status) after \(r.seconds) s\nstderr: \(r.stderr.prefix(1500))\nstdout: \(r.stdout.prefix(1500))"
        #expect(r.status == c.exit, "\(context)")
        #expect(r.seconds <= c.within, "\(context)")
        #expect(!(r.stdout + r.stderr).contains(HostileCatalogue.marker), "\(context)")
        guard c.exit == 0 else {
            // One line names the file and line (and the problem): on stderr, or as the JSON's `error` of a run
            // that failed after it started (what it computed is still printed).
            let error = (json(r.stdout)?["error"] as? String).map { [Substring($0)] } ?? []
            let line = (r.stderr.split(separator: "\n") + error).first { l in c.says.allSatisfy { l.contains($0) } }
            #expect(line != nil, "one line saying \(c.says): \(context)")
            return
        }
        let out = try #require(json(r.stdout), "\(context)")
        // The decision is kept, and so is every other task's result.
        #expect(out["decision"] is [String: Any], "decision kept: \(context)")
        let research = try #require(out["research"] as? [String: Any], "\(context)")
        let results = research["results"] as? [String: Any] ?? [:]
        for id in ["sentiment", "onchain", "technical", "macro"] { #expect(results[id] != nil, "result of \(id) kept: \(context)") }
        if let warns = c.warns {
            #expect((out["warnings"] as? [String] ?? []).contains { $0.contains(warns) }, "warns \(warns): \(out["warnings"] ?? "none")")
        }
        guard c.handler != nil else { return }
        let task = try #require((research["tasks"] as? [String: Any])?["hostile"] as? [String: Any], "\(context)")
        if let status = c.status { #expect(task["status"] as? String == status, "\(task) \(context)") }
        let error = "\(task["error"] ?? "") \(task["error_location"] ?? task["location"] ?? "")"
        for word in c.says { #expect(error.contains(word), "task error says \(word): \(task)") }
        if let limit = c.taskLimit {
            let seconds = task["duration"] as? Double ?? .infinity
            #expect(seconds <= 1.5 * limit, "stopped after \(seconds) s: \(task)")
        }
    }

    /// The figures the note to the lead reports: cases per class.
    @Test func everyClassHasSeveralCases() {
        for kind in HostileClass.allCases {
            let n = HostileCatalogue.scripts.filter { $0.kind == kind }.count + HostileCatalogue.runs.filter { $0.kind == kind }.count
            #expect(n >= 3, "\(kind.rawValue): \(n) cases")
        }
    }
}

/// Writes `text` to `path`, making its folder.
func write(_ text: String, to path: String) {
    try? FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
    FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
}
