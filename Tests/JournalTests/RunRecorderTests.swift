import Foundation
import Journal
import LuaHost
import Moondesk
import Testing

/// The journal as a library: its schema, what a recorder stores, and which entries a recall may use.
@Suite struct RunRecorderTests {
    func folder() -> String {
        let path = NSTemporaryDirectory() + "moondesk-journal-" + UUID().uuidString
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    func start(_ journal: Journal, recall: RunRecorder.Recall = .any) throws -> RunRecorder {
        try RunRecorder.start(RunStart(command: "run", arguments: ["run", "agents/x.lua"], agent: "agents/x.lua", symbol: "BTC/USDT"),
                              in: journal, recall: recall)
    }

    @Test func aNewJournalIsCreatedAndReopened() throws {
        let path = folder() + "/nested/runs.sqlite"
        let journal = try Journal(path: path)
        let recorder = try start(journal)
        #expect(recorder.finish(RunEnd(status: "completed", exitCode: 0)) == nil)
        let again = try Journal(path: path)
        let runs = try again.runs()
        #expect(runs.count == 1 && runs[0].id == recorder.id && runs[0].status == "completed")
        #expect(try again.run(String(recorder.id.prefix(4))).id == recorder.id)
        #expect(try again.run("last").id == recorder.id)
    }

    @Test func aResultIsRecalledOnlyWhileItsFilesHashTheSame() throws {
        let dir = folder()
        let script = dir + "/handler.lua"
        try "return 1".write(toFile: script, atomically: true, encoding: .utf8)
        let hashes = FileHashes(scripts: DiskScriptSource())
        let journal = try Journal(path: dir + "/runs.sqlite")
        let first = try start(journal)
        let entry = MemoryEntry(value: ["signal": 0.25, "n": .integer(3)], files: [FileHash(path: script, sha256: try #require(hashes.sha256(of: script)))])
        first.remember(.task, subject: "technical", key: "k1", entry: entry)
        first.finish(RunEnd(status: "completed", exitCode: 0))

        let second = try start(journal)
        let recalled = try #require(second.usable(.task, key: "k1", hashes: hashes))
        #expect(recalled.value == entry.value && recalled.run == first.id)
        #expect(second.usable(.task, key: "other", hashes: hashes) == nil)
        // Edit the file: the entry no longer stands for it.
        try "return 2".write(toFile: script, atomically: true, encoding: .utf8)
        #expect(second.usable(.task, key: "k1", hashes: FileHashes(scripts: DiskScriptSource())) == nil)
    }

    @Test func aResumeRecallsOnlyItsOwnRunAndNoCacheNothing() throws {
        let journal = try Journal(path: folder() + "/runs.sqlite")
        let other = try start(journal)
        other.remember(.node, subject: "bull", key: "k", entry: MemoryEntry(value: ["update": .table([:])], files: []))
        other.finish(RunEnd(status: "completed", exitCode: 0))
        let crashed = try start(journal, recall: .none)
        crashed.flush()
        #expect(crashed.recall(.node, key: "k").isEmpty == false, "the store holds it")
        #expect(crashed.recalls == false, "--no-cache: nothing is used")
        let entry = try journal.run(crashed.id)
        let resumed = try RunRecorder.resume(entry, in: journal, cache: false)
        #expect(resumed.pass == 2)
        #expect(resumed.recall(.node, key: "k").isEmpty, "a resume without the cache sees only its own run")
    }

    @Test func aJournalFromANewerMoondeskIsRefusedByName() throws {
        let path = folder() + "/runs.sqlite"
        _ = try Journal(path: path)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        process.arguments = [path, "INSERT INTO grdb_migrations VALUES ('v2-from-the-future')"]
        try process.run()
        process.waitUntilExit()
        #expect(throws: JournalError.self) { try Journal(path: path) }
        do { _ = try Journal(path: path) } catch {
            #expect(error.kind == .unusable && error.message.contains(path) && error.message.contains("newer Moondesk"))
        }
    }
}
