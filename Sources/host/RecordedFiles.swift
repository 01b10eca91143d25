import Foundation
import Journal
import LuaHost
import Moondesk

/// The files a recorded run read, and which of them are not as they were.
enum RecordedFiles {
    /// Every file the run recorded (at its start, and with each result), path → SHA-256.
    static func all(in journal: Journal, run: String) throws -> [String: String] {
        var files: [String: String] = [:]
        do {
            for file in try journal.files(of: run) { files[file.path] = file.sha256 }
            for file in try journal.resultFiles(of: run) { files[file.path] = file.sha256 }
        } catch {
            throw MoondeskError(.badInput, error.message)
        }
        return files.filter { !$0.key.hasPrefix("live:") }   // a provider's answer is not a file (the journal keeps those apart)
    }

    /// The files whose bytes now differ (or that are gone), sorted.
    static func changed(in journal: Journal, run: String) throws -> [String] {
        try all(in: journal, run: run).filter { path, hash in
            FileManager.default.contents(atPath: path).map(ScriptSet.sha256) != hash
        }.keys.sorted()
    }
}
