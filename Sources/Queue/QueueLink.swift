import Foundation
import Logging
import PostgresNIO
import Synchronization

/// One connection to the queue, made on first use and made again after it is lost. Used by one task at a
/// time (a worker's lane, the sweep's client); every failure comes out as a `QueueError`.
public final class QueueLink: Sendable {
    public let address: QueueAddress
    private let connection = Mutex<PostgresConnection?>(nil)
    private let migrated = Mutex(false)
    static let logger: Logger = {
        var logger = Logger(label: "moondesk.queue")
        logger.logLevel = .critical
        return logger
    }()
    private static let ids = Atomic<Int>(0)

    public init(_ address: QueueAddress) { self.address = address }

    /// How long one call may wait for the server: a connection the server dropped without the client seeing it
    /// (a restart at the wrong instant) would otherwise hang its query forever, and the sweep with it.
    public static let answerTimeout: Duration = .seconds(30)

    /// Runs `body` on the connection (schema created or migrated on the first one); a lost connection is
    /// closed so the next call reconnects. A call with no answer within `timeout` closes the connection (which
    /// fails its query) and is a transient error, like a lost connection.
    @discardableResult
    public func run<T: Sendable>(timeout: Duration = QueueLink.answerTimeout,
                                 _ body: (PostgresConnection) async throws -> T) async throws -> T {
        let conn: PostgresConnection
        let expired = Atomic(false)
        var watchdog: Task<Void, Never>?
        defer { watchdog?.cancel() }
        do {
            if let open = connection.withLock({ $0 }), !open.isClosed {
                conn = open
            } else {
                let id = Self.ids.add(1, ordering: .relaxed).newValue
                conn = try await PostgresConnection.connect(configuration: address.configuration, id: id, logger: Self.logger)
                connection.withLock { $0 = conn }
                if !migrated.withLock({ $0 }) {
                    try await QueueSchema.migrate(conn)
                    migrated.withLock { $0 = true }
                }
            }
            watchdog = Task {
                guard (try? await Task.sleep(for: timeout)) != nil else { return }
                expired.store(true, ordering: .relaxed)
                try? await conn.close()
            }
            return try await body(conn)
        } catch {
            if expired.load(ordering: .relaxed) {
                drop()
                throw QueueError("no answer from \(address.display) within \(timeout.components.seconds) s: connecting again", transient: true)
            }
            let problem = QueueError.from(error, address: address)
            if problem.transient { drop() }
            throw problem
        }
    }

    /// Runs `body` in one transaction.
    public func transaction<T: Sendable>(timeout: Duration = QueueLink.answerTimeout,
                                         _ body: @escaping @Sendable (PostgresConnection) async throws -> T) async throws -> T {
        try await run(timeout: timeout) { conn in
            try await conn.query("BEGIN", logger: Self.logger)
            do {
                let value = try await body(conn)
                try await conn.query("COMMIT", logger: Self.logger)
                return value
            } catch {
                _ = try? await conn.query("ROLLBACK", logger: Self.logger)
                throw error
            }
        }
    }

    /// Runs one SQL statement and returns its rows, every column as text (cast non-text columns with `::text`):
    /// for inspecting a queue by hand and for tests. `migrate` false: on a database that is not a queue (to
    /// create one).
    @discardableResult
    public func execute(_ sql: String, migrate: Bool = true) async throws -> [[String?]] {
        if !migrate { migrated.withLock { $0 = true } }
        return try await run { conn in
            var rows: [[String?]] = []
            for try await row in try await conn.query(PostgresQuery(unsafeSQL: sql), logger: Self.logger) {
                rows.append(try row.makeRandomAccess().map { try $0.decode(String?.self) })
            }
            return rows
        }
    }

    public func close() async {
        let open = connection.withLock { c in defer { c = nil }; return c }
        try? await open?.close()
    }

    private func drop() {
        let open = connection.withLock { c in defer { c = nil }; return c }
        if let open { Task { try? await open.close() } }
    }
}
