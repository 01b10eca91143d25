import Foundation
import PostgresNIO

/// The queue's tables, created and migrated by Moondesk: each migration once, in order, under an advisory
/// lock so many workers starting at once migrate once. A database migrated by a newer Moondesk is refused.
enum QueueSchema {
    /// A number of our own for `pg_advisory_xact_lock` (any fixed 64-bit value no other program uses).
    static let lock: Int64 = 0x6D6F_6F6E_6465_736B

    static let migrations: [String] = [
        // 1: sweeps, their jobs, the results, the files by content hash.
        """
        CREATE TABLE moondesk_blobs (
            hash text PRIMARY KEY,
            bytes bytea NOT NULL,
            size bigint NOT NULL,
            stored_at timestamptz NOT NULL DEFAULT now());
        CREATE TABLE moondesk_sweeps (
            id bigserial PRIMARY KEY,
            key text NOT NULL UNIQUE,
            moondesk_version text NOT NULL,
            definition text NOT NULL,
            files text NOT NULL,
            jobs integer NOT NULL,
            max_attempts integer NOT NULL,
            cancelled boolean NOT NULL DEFAULT false,
            created_at timestamptz NOT NULL DEFAULT now());
        CREATE TABLE moondesk_jobs (
            id bigserial PRIMARY KEY,
            sweep_id bigint NOT NULL REFERENCES moondesk_sweeps(id) ON DELETE CASCADE,
            ordinal integer NOT NULL,
            payload text NOT NULL,
            state text NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'running', 'done', 'parked', 'cancelled')),
            attempts integer NOT NULL DEFAULT 0,
            lease_owner text,
            lease_expires timestamptz,
            last_error text,
            started_at timestamptz,
            finished_at timestamptz,
            UNIQUE (sweep_id, ordinal));
        CREATE INDEX moondesk_jobs_open ON moondesk_jobs (id) WHERE state IN ('queued', 'running');
        CREATE TABLE moondesk_results (
            job_id bigint PRIMARY KEY REFERENCES moondesk_jobs(id) ON DELETE CASCADE,
            sweep_id bigint NOT NULL,
            outcome text NOT NULL,
            worker text NOT NULL,
            seconds double precision NOT NULL,
            completed_at timestamptz NOT NULL DEFAULT now());
        CREATE INDEX moondesk_results_sweep ON moondesk_results (sweep_id);
        """,
    ]

    static func migrate(_ conn: PostgresConnection) async throws {
        let logger = QueueLink.logger
        try await conn.query("BEGIN", logger: logger)
        do {
            try await conn.query("SELECT pg_advisory_xact_lock(\(lock))", logger: logger)
            try await conn.query("CREATE TABLE IF NOT EXISTS moondesk_schema (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())", logger: logger)
            var current = 0
            for try await v in try await conn.query("SELECT coalesce(max(version), 0) FROM moondesk_schema", logger: logger).decode(Int.self) {
                current = v
            }
            if current > migrations.count {
                throw QueueError("the queue's schema is version \(current), newer than this Moondesk knows (\(migrations.count)): run a newer Moondesk", transient: false)
            }
            for (n, sql) in migrations.enumerated() where n + 1 > current {
                for statement in sql.components(separatedBy: ";").map({ $0.trimmingCharacters(in: .whitespacesAndNewlines) }) where !statement.isEmpty {
                    try await conn.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
                try await conn.query("INSERT INTO moondesk_schema (version) VALUES (\(n + 1))", logger: logger)
            }
            try await conn.query("COMMIT", logger: logger)
        } catch {
            _ = try? await conn.query("ROLLBACK", logger: logger)
            throw error
        }
    }
}
