import Foundation
import GRDB

/// The run journal: one SQLite file (WAL mode, so several `host` processes write it at once) holding every run,
/// its files by content hash, each task attempt, node run and result as it completes (docs/JOURNAL.md).
public final class Journal: Sendable {
    public let path: String
    let pool: DatabasePool

    /// `.moondesk/runs.sqlite` under the project.
    public static func defaultPath(projectRoot: String) -> String {
        (projectRoot == "." ? "" : projectRoot + "/") + ".moondesk/runs.sqlite"
    }

    /// Opens (or creates) the journal at `path` and brings its schema up to date.
    public init(path: String) throws(JournalError) {
        self.path = path
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        do {
            if !FileManager.default.fileExists(atPath: folder) {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            }
        } catch {
            throw JournalError(.unwritable, "journal \(path): cannot create \(folder) (\(error.localizedDescription))")
        }
        var configuration = Configuration()
        // Many processes share the file: a writer waits for the others instead of failing with "database is locked".
        configuration.busyMode = .timeout(120)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL")   // WAL: a killed process loses nothing committed
            try db.execute(sql: "PRAGMA foreign_keys = ON")
        }
        do {
            pool = try Self.openPool(path, configuration)
            let migrator = JournalSchema.migrator
            let (superseded, current) = try pool.read { db in (try migrator.hasBeenSuperseded(db), try migrator.hasCompletedMigrations(db)) }
            if superseded {
                throw JournalError(.unusable, "journal \(path) was written by a newer Moondesk (its schema has migrations this version does not know): upgrade Moondesk, or pass --journal with another file")
            }
            if !current { try Self.migrate(pool, with: migrator) }   // an up-to-date journal opens without writing
        } catch let error as JournalError {
            throw error
        } catch {
            throw Self.classify(error, path: path)
        }
    }

    /// Opens the file. Processes that create a new journal at the same instant race to switch it to WAL (GRDB writes
    /// to it in a savepoint, a deferred transaction): SQLite then answers the loser "database is locked" at once,
    /// without waiting on the busy timeout, since waiting could not help. A second try finds the file in WAL mode.
    static func openPool(_ path: String, _ configuration: Configuration) throws -> DatabasePool {
        try retryingRace(times: 50, on: [.SQLITE_BUSY, .SQLITE_LOCKED]) { try DatabasePool(path: path, configuration: configuration) }
    }

    /// Brings the schema up to date. Processes that open a new journal at the same instant race to migrate it (the
    /// migrator reads what is applied before its transaction): the loser's migration fails on what the winner
    /// created, and a second look finds it applied.
    static func migrate(_ pool: DatabasePool, with migrator: DatabaseMigrator) throws {
        try retryingRace(times: 20, on: [.SQLITE_ERROR]) { try migrator.migrate(pool) }
    }

    /// `body`, tried again (up to `times` in all, 20–200 ms apart) while it fails with one of `codes`: what a
    /// process that lost a race with another one on the same new file sees.
    static func retryingRace<T>(times: Int, on codes: [ResultCode], _ body: () throws -> T) throws -> T {
        var attempt = 1
        while true {
            do {
                return try body()
            } catch let error as DatabaseError where attempt < times && codes.contains(error.resultCode) {
                Thread.sleep(forTimeInterval: 0.02 * Double(min(attempt, 10)))
                attempt += 1
            }
        }
    }

    /// A journal that exists: `host runs`, `show`, `replay` and `resume` do not create one.
    public static func existing(path: String) throws(JournalError) -> Journal {
        guard FileManager.default.fileExists(atPath: path) else {
            throw JournalError(.notFound, "journal \(path): no such file (runs are recorded there by host run, watch and backtest; --journal names another)")
        }
        return try Journal(path: path)
    }

    /// One message for a SQLite error: what is wrong with the file, and what to do.
    static func classify(_ error: any Error, path: String) -> JournalError {
        guard let error = error as? DatabaseError else {
            return JournalError(.unwritable, "journal \(path): \(error)")
        }
        switch error.resultCode {
        case .SQLITE_NOTADB, .SQLITE_CORRUPT, .SQLITE_FORMAT, .SQLITE_SCHEMA:
            return JournalError(.unusable, "journal \(path) is not a Moondesk journal or is damaged (\(error.message ?? "\(error.resultCode)")): move it away, or pass --journal with another file, or --no-journal")
        case .SQLITE_FULL:
            return JournalError(.unwritable, "journal \(path): the disk is full")
        case .SQLITE_READONLY, .SQLITE_CANTOPEN, .SQLITE_PERM, .SQLITE_IOERR, .SQLITE_AUTH:
            return JournalError(.unwritable, "journal \(path) cannot be written (\(error.message ?? "\(error.resultCode)"))")
        default:
            return JournalError(.unwritable, "journal \(path): \(error.message ?? "\(error)")")
        }
    }

    func read<T>(_ body: (Database) throws -> T) throws(JournalError) -> T {
        do { return try pool.read(body) } catch { throw Self.classify(error, path: path) }
    }

    func write<T>(_ body: (Database) throws -> T) throws(JournalError) -> T {
        do { return try pool.write(body) } catch { throw Self.classify(error, path: path) }
    }
}
