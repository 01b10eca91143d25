import Foundation
import Journal
import Testing

/// The run journal through the real CLI: recording, the cache, `runs`/`show`, `resume` after `kill -9`, `replay`,
/// several processes writing one file, and journals that cannot be used.
@Suite struct JournalCommandTests {
    func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    /// The object without wall-clock timings and the per-run identity (run id, journal): what must not change
    /// between a computed and a recalled run.
    func stable(_ value: Any) -> Any {
        let volatile: Set<String> = ["start", "end", "duration", "duration_seconds", "actual_seconds", "seconds", "journal",
                                     "id", "median_seconds", "p95_seconds", "research_seconds", "node_seconds",
                                     "engine_seconds", "wall_seconds", "offset", "seconds_per_decision"]
        if let object = value as? [String: Any] {
            var out: [String: Any] = [:]
            for (key, item) in object where !volatile.contains(key) { out[key] = stable(item) }
            return out
        }
        if let list = value as? [Any] { return list.map(stable) }
        return value
    }

    /// A `host` process started in the background (output discarded), for killing mid-run.
    func started(_ arguments: [String], in directory: String = HostProcess.packageRoot) throws -> Process {
        try HostProcess.start(arguments, in: directory, capture: false).process
    }

    func canonical(_ value: Any) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: stable(value), options: [.sortedKeys]), as: UTF8.self)
    }

    @Test func aSecondIdenticalRunReusesEveryTaskAndIsIdentical() async throws {
        let journal = temporaryFolder() + "/runs.sqlite"
        let first = try await HostProcess.launch(["run", "agents/balanced.lua", "--journal", journal, "--json"])
        #expect(first.status == 0, "\(first.stderr)")
        let second = try await HostProcess.launch(["run", "agents/balanced.lua", "--journal", journal, "--json"])
        #expect(second.status == 0, "\(second.stderr)")
        let fresh = try await HostProcess.launch(["run", "agents/balanced.lua", "--journal", journal, "--json", "--no-cache"])
        let (a, b, c) = (try json(first.stdout), try json(second.stdout), try json(fresh.stdout))
        let tasks = ((b["plan"] as? [String: Any])?["tasks"] as? [Any])?.count ?? 0
        let reused = try #require(b["journal"] as? [String: Any])
        #expect((reused["reused_tasks"] as? [Any])?.count == tasks && tasks == 6, "every task reused: \(reused)")
        #expect(((reused["reused_nodes"] as? [Any])?.count ?? 0) >= 10, "the Lua nodes reused too: \(reused)")
        #expect(((c["journal"] as? [String: Any])?["reused_tasks"] as? [Any])?.isEmpty == true, "--no-cache reuses nothing")
        #expect(try canonical(a) == canonical(b), "a recalled run prints what a computed one does")
        #expect(try canonical(a) == canonical(c))
        let entries = try Journal.existing(path: journal).runs()
        #expect(entries.count == 3 && entries.allSatisfy { $0.status == "completed" && $0.action == "BUY" })
    }

    /// An edited file invalidates exactly the results that came from it: a node's edit re-runs that node (and those
    /// after it whose input changed), a shared helper's edit every result that required it.
    @Test func anEditedFileReRunsWhatCameFromIt() async throws {
        let project = try projectCopy()
        func reused() async throws -> (tasks: [String], nodes: [String]) {
            let run = try await HostProcess.launch(["run", "agents/balanced.lua", "--json", "-q"], in: project)
            #expect(run.status == 0, "\(run.stderr)")
            let journal = try #require(try json(run.stdout)["journal"] as? [String: Any])
            return (journal["reused_tasks"] as? [String] ?? [], journal["reused_nodes"] as? [String] ?? [])
        }
        func append(_ file: String) throws {
            let path = project + "/" + file
            try (try String(contentsOfFile: path, encoding: .utf8) + "\n-- edited\n").write(toFile: path, atomically: true, encoding: .utf8)
        }
        _ = try await reused()
        let all = try await reused()
        #expect(all.tasks.count == 6 && all.nodes.count >= 10)
        try append("agents/nodes/risk.lua")
        let risk = try await reused()
        #expect(risk.tasks.count == 6 && !risk.nodes.contains("risk") && risk.nodes.count == all.nodes.count - 1,
                "only risk runs again (its output is the same, so the nodes after it are reused): \(risk.nodes)")
        try append("agents/nodes/common.lua")
        let common = try await reused()
        #expect(common.tasks.count == 6 && common.nodes.isEmpty, "every node requires nodes/common.lua: \(common)")
        try append("agents/handlers/technical.lua")
        let technical = try await reused()
        #expect(Set(technical.tasks) == Set(all.tasks).subtracting(["technical"]), "\(technical.tasks)")
    }

    @Test func runsListsAndShowPrintsWhatTheRunPrinted() async throws {
        let journal = temporaryFolder() + "/runs.sqlite"
        let run = try await HostProcess.launch(["run", "agents/conservative.lua", "--journal", journal])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("recorded as run "))
        let show = try await HostProcess.launch(["show", "last", "--journal", journal])
        #expect(show.status == 0, "\(show.stderr)")
        #expect(show.stdout == run.stdout)
        let list = try await HostProcess.launch(["runs", "--journal", journal, "--json"])
        let runs = try #require(try json(list.stdout)["runs"] as? [[String: Any]])
        #expect(runs.count == 1 && runs[0]["agent"] as? String == "agents/conservative.lua" && runs[0]["status"] as? String == "completed")
        let id = try #require(runs[0]["id"] as? String)
        let byPrefix = try await HostProcess.launch(["show", String(id.prefix(5)), "--journal", journal, "--json"])
        #expect(byPrefix.status == 0)
        #expect((try json(byPrefix.stdout)["decision"] as? [String: Any])?["action"] != nil)
        let table = try await HostProcess.launch(["runs", "--journal", journal])
        #expect(table.stdout.contains(id) && table.stdout.contains("conservative.lua"))
        let missing = try await HostProcess.launch(["show", "zzzz", "--journal", journal])
        #expect(missing.status == 2 && missing.stderr.contains("no run zzzz"))
    }

    /// A seeded run of instants across a paced run: each kill -9 is followed by `host resume`, which must give the
    /// uninterrupted decision without running any completed task again.
    @Test(.timeLimit(.minutes(5))) func killNineAtSeededInstantsThenResume() async throws {
        let folder = temporaryFolder()
        let reference = try await HostProcess.launch(["run", "agents/balanced.lua", "--pace", "0.02", "--no-journal", "--json"])
        let decision = try canonical(try json(reference.stdout)["decision"] as Any)
        var random = UInt64(20261201)
        var killed = 0, resumedWithReuse = 0
        for round in 0..<20 {
            random = random &* 6364136223846793005 &+ 1442695040888963407
            let delay = 0.15 + Double(random >> 40) / Double(1 << 24) * 1.1   // 0.15 ... 1.25 s
            let journal = folder + "/kill-\(round).sqlite"
            let process = try started(["run", "agents/balanced.lua", "--pace", "0.02", "--no-cache", "--journal", journal, "--json"])
            try await Task.sleep(for: .seconds(delay))
            if process.isRunning { kill(process.processIdentifier, SIGKILL); killed += 1 }
            process.waitUntilExit()
            guard FileManager.default.fileExists(atPath: journal) else { continue }   // killed before it opened the journal
            // Killed before the run was recorded, or after it finished: nothing to resume.
            guard let entry = try Journal.existing(path: journal).runs().first, entry.shownStatus == "crashed" else { continue }
            let before = try Journal.existing(path: journal).attempts(of: entry.id).filter { $0.status == "completed" }.map(\.task)
            let resumed = try await HostProcess.launch(["resume", entry.id, "--journal", journal, "--json"])
            #expect(resumed.status == 0, "round \(round) at \(delay) s: \(resumed.stderr)")
            let object = try json(resumed.stdout)
            #expect(try canonical(object["decision"] as Any) == decision, "round \(round): the resumed decision is the uninterrupted one")
            let attempts = try Journal.existing(path: journal).attempts(of: entry.id)
            let completed = attempts.filter { $0.status == "completed" }.map(\.task)
            #expect(Set(completed).count == completed.count, "round \(round): a completed task ran again: \(attempts)")
            #expect(Set(completed).count == 6, "round \(round): every task completed once")
            let reused = ((object["journal"] as? [String: Any])?["reused_tasks"] as? [String]) ?? []
            #expect(Set(reused) == Set(before), "round \(round): exactly the tasks completed before the kill are reused")
            if !reused.isEmpty { resumedWithReuse += 1 }
            #expect(try Journal.existing(path: journal).runs().first?.status == "completed")
        }
        print("kill -9 at 20 seeded instants: \(killed) killed mid-run, \(resumedWithReuse) resumes reused completed tasks")
        #expect(killed >= 15, "most instants fall inside the run")
        #expect(resumedWithReuse >= 5, "many kills happened after some tasks completed")
    }

    @Test(.timeLimit(.minutes(3))) func twoThenEightProcessesWriteOneJournal() async throws {
        for count in [2, 8] {
            let journal = temporaryFolder() + "/shared.sqlite"
            let results = try await withThrowingTaskGroup(of: HostProcess.Result.self) { group in
                for _ in 0..<count {
                    group.addTask { try await HostProcess.launch(["run", "agents/balanced.lua", "--journal", journal, "--no-cache", "--json"]) }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            for result in results {
                #expect(result.status == 0, "\(result.stderr)")
                #expect(!result.stderr.contains("locked") && !result.stderr.contains("not recorded"), "\(result.stderr)")
            }
            let opened = try Journal.existing(path: journal)
            let runs = try opened.runs(limit: 100)
            #expect(runs.count == count && runs.allSatisfy { $0.status == "completed" })
            for run in runs {
                #expect(try opened.attempts(of: run.id).filter { $0.status == "completed" }.count == 6)
                #expect(try opened.nodes(of: run.id).count >= 15)
            }
        }
    }

    @Test func journalsThatCannotBeUsedSayWhyAndAnotherStillWorks() async throws {
        let folder = temporaryFolder()
        let good = folder + "/good.sqlite"
        #expect(try await HostProcess.launch(["run", "agents/balanced.lua", "--journal", good, "-q"]).status == 0)
        let data = try Data(contentsOf: URL(fileURLWithPath: good))
        try data.prefix(3000).write(to: URL(fileURLWithPath: folder + "/truncated.sqlite"))
        try "these are not the runs you are looking for\n".write(toFile: folder + "/text.sqlite", atomically: true, encoding: .utf8)
        try FileManager.default.copyItem(atPath: good, toPath: folder + "/future.sqlite")
        _ = try HostProcess.run(["future.sqlite", "INSERT INTO grdb_migrations VALUES ('v99')"], in: folder, executable: "/usr/bin/sqlite3")
        for (name, words) in [("truncated.sqlite", "damaged"), ("text.sqlite", "not a Moondesk journal"), ("future.sqlite", "newer Moondesk")] {
            let path = folder + "/" + name
            let run = try await HostProcess.launch(["run", "agents/balanced.lua", "--journal", path])
            #expect(run.status == 2, "\(name): \(run.stderr)")
            #expect(run.stderr.contains(path) && run.stderr.contains(words), "\(name): \(run.stderr)")
            #expect(run.stderr.split(separator: "\n").count == 1, "one error line: \(run.stderr)")
            let list = try await HostProcess.launch(["runs", "--journal", path])
            #expect(list.status == 2 && list.stderr.contains(path), "\(name): \(list.stderr)")
        }
        let elsewhere = try await HostProcess.launch(["run", "agents/balanced.lua", "--journal", folder + "/other.sqlite", "-q"])
        #expect(elsewhere.status == 0)
    }

    @Test func aJournalTheDiskRefusesCostsNotTheDecision() async throws {
        // /sys is mounted read-only, for root too.
        let run = try await HostProcess.launch(["run", "agents/balanced.lua", "--journal", "/sys/moondesk/runs.sqlite", "--json"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("not recorded"), "\(run.stderr)")
        let object = try json(run.stdout)
        #expect((object["decision"] as? [String: Any])?["action"] as? String == "BUY")
        #expect((object["warnings"] as? [String])?.contains(where: { $0.contains("not recorded") }) == true)
    }

    /// A real full disk: a small tmpfs, filled once the journal exists. Needs the right to mount (root here).
    @Test(.enabled(if: getuid() == 0, "mounting a small tmpfs needs root"))
    func aFullDiskCostsNotTheDecision() async throws {
        let mountPoint = temporaryFolder()
        let mounted = try HostProcess.run(["-t", "tmpfs", "-o", "size=512k", "tmpfs", mountPoint], executable: "/bin/mount")
        try #require(mounted.status == 0, "mount: \(mounted.stderr)")
        defer { _ = try? HostProcess.run([mountPoint], executable: "/bin/umount") }
        let journal = mountPoint + "/runs.sqlite"
        let first = try await HostProcess.launch(["run", "agents/balanced.lua", "--journal", journal, "-q"])
        #expect(first.status == 0 && !first.stderr.contains("not recorded"), "\(first.stderr)")
        // Fill what is left of the disk.
        _ = try HostProcess.run(["if=/dev/zero", "of=\(mountPoint)/filler", "bs=4096"], executable: "/bin/dd")
        let full = try await HostProcess.launch(["run", "agents/balanced.lua", "--journal", journal, "--no-cache", "--json"])
        #expect(full.status == 0, "\(full.stderr)")
        #expect(full.stderr.contains("not") && full.stderr.contains("recorded"), "\(full.stderr)")
        #expect((try json(full.stdout)["decision"] as? [String: Any])?["action"] as? String == "BUY")
        #expect(((try json(full.stdout)["warnings"] as? [String]) ?? []).contains { $0.contains("recorded") })
    }

    @Test func replayIsIdenticalAlsoAfterANodeFileIsEdited() async throws {
        let project = try projectCopy()
        let journal = project + "/.moondesk/runs.sqlite"
        let run = try await HostProcess.launch(["run", "agents/balanced.lua", "--json"], in: project)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(FileManager.default.fileExists(atPath: journal), "the default journal is in the project")
        let replay = try await HostProcess.launch(["replay", "last"], in: project)
        #expect(replay.status == 0, "\(replay.stdout)\(replay.stderr)")
        #expect(replay.stdout.contains("identical"))
        // Edit a node the run used: the replay still runs the recorded version.
        let bull = project + "/agents/nodes/bull.lua"
        let text = try String(contentsOfFile: bull, encoding: .utf8)
        try (text + "\n-- edited after the run\nlocal _ = 1\n").write(toFile: bull, atomically: true, encoding: .utf8)
        let again = try await HostProcess.launch(["replay", "last", "--json"], in: project)
        #expect(again.status == 0, "\(again.stdout)\(again.stderr)")
        let object = try json(again.stdout)
        #expect(object["identical"] as? Bool == true)
        #expect(((object["compared"] as? [String: Any])?["task"] as? Int ?? 0) == 6)
        #expect(((object["compared"] as? [String: Any])?["node"] as? Int ?? 0) >= 10)
    }

    @Test func replayShowsWhereAResultDiffers() async throws {
        let project = try projectCopy()
        #expect(try await HostProcess.launch(["run", "agents/balanced.lua", "-q"], in: project).status == 0)
        // Tamper with a recorded node output: the replay must notice and say which node.
        let journal = project + "/.moondesk/runs.sqlite"
        _ = try HostProcess.run([journal, "UPDATE results SET value = replace(value, '\"BUY\"', '\"SELL\"') WHERE kind = 'node' AND subject = 'decision'"],
                                executable: "/usr/bin/sqlite3")
        let replay = try await HostProcess.launch(["replay", "last"], in: project)
        #expect(replay.status == 1, "\(replay.stdout)\(replay.stderr)")
        #expect(replay.stdout.contains("differs") && replay.stdout.contains("node decision"), "\(replay.stdout)")
    }

    @Test func resumeRefusesAChangedFileUnlessAllowed() async throws {
        let project = try projectCopy()
        var journal = ""
        // Kill once some tasks have completed; a run that finished first (a loaded machine) is tried again slower.
        for pace in ["0.02", "0.05", "0.1"] {
            journal = project + "/j-\(pace).sqlite"
            let process = try started(["run", "agents/balanced.lua", "--pace", pace, "--journal", journal, "--json"], in: project)
            for _ in 0..<400 where process.isRunning {
                try await Task.sleep(for: .milliseconds(10))
                if let opened = try? Journal.existing(path: journal), let run = try? opened.runs().first,
                   (try? opened.attempts(of: run.id).count) ?? 0 >= 2 { break }
            }
            let finished = !process.isRunning
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            if !finished && process.terminationReason == .uncaughtSignal { break }
        }
        // Change the handler of a task that had completed: the run's record names its file.
        let opened = try Journal.existing(path: journal)
        let run = try #require(try opened.runs().first)
        let completed = try opened.attempts(of: run.id).filter { $0.status == "completed" }.map(\.task)
        let recorded = Set(try opened.resultFiles(of: run.id).map(\.path))
        let handlerFile = try #require(completed.map { "agents/handlers/\($0).lua" }.first(where: recorded.contains))
        try (try String(contentsOfFile: project + "/" + handlerFile, encoding: .utf8) + "\n-- changed\n")
            .write(toFile: project + "/" + handlerFile, atomically: true, encoding: .utf8)
        let refused = try await HostProcess.launch(["resume", "last", "--journal", journal], in: project)
        #expect(refused.status == 2, "\(refused.stderr)")
        #expect(refused.stderr.contains("\(handlerFile) changed") && refused.stderr.contains("--allow-changed"), "\(refused.stderr)")
        let allowed = try await HostProcess.launch(["resume", "last", "--journal", journal, "--allow-changed", "--json"], in: project)
        #expect(allowed.status == 0, "\(allowed.stderr)")
        let reused = (try json(allowed.stdout)["journal"] as? [String: Any])?["reused_tasks"] as? [String] ?? []
        #expect(!reused.isEmpty && reused.count < completed.count, "the completed tasks but the changed handler's are reused: \(reused) of \(completed)")
    }

    @Test(.timeLimit(.minutes(3))) func aKilledBacktestResumesAtTheNextUnfinishedBar() async throws {
        let folder = temporaryFolder()
        let arguments = ["backtest", "agents/examples/sma_cross.lua", "--every", "2", "--jobs", "1"]
        let reference = try await HostProcess.launch(arguments + ["--no-journal", "--json"])
        #expect(reference.status == 0, "\(reference.stderr)")
        let journal = folder + "/bt.sqlite"
        let process = try started(arguments + ["--journal", journal, "--json"])
        for _ in 0..<500 where process.isRunning {
            try await Task.sleep(for: .milliseconds(20))
            if let opened = try? Journal.existing(path: journal), let run = try? opened.runs().first,
               (try? opened.results(of: run.id, kind: "bar").count) ?? 0 >= 100 { break }
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        let opened = try Journal.existing(path: journal)
        let run = try #require(try opened.runs().first)
        let done = try opened.results(of: run.id, kind: "bar").count
        #expect(done >= 100 && run.shownStatus == "crashed")
        let resumed = try await HostProcess.launch(["resume", run.id, "--journal", journal, "--json"])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        let (a, b) = (try json(reference.stdout), try json(resumed.stdout))
        #expect(try canonical(a["backtests"] as Any) == canonical(b["backtests"] as Any), "the resumed backtest is the uninterrupted one")
        let bars = try opened.results(of: run.id, kind: "bar")
        #expect(Set(bars.map(\.subject)).count == bars.count, "no bar decided twice")
        // A second backtest over the same bars reuses every one.
        let again = try await HostProcess.launch(arguments + ["--journal", journal])
        #expect(again.stderr.contains("reused \(bars.count) bar decisions"), "\(again.stderr)")
    }
}
