import GRDB

/// The journal's tables, created and migrated with GRDB's migrator (docs/JOURNAL.md describes each column). A new
/// version of Moondesk adds migrations; it never edits one that has shipped.
enum JournalSchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: """
                CREATE TABLE runs (
                    id TEXT PRIMARY KEY,
                    command TEXT NOT NULL,
                    arguments TEXT NOT NULL,
                    directory TEXT NOT NULL,
                    agent TEXT NOT NULL,
                    symbol TEXT NOT NULL,
                    profile TEXT,
                    requested_as_of INTEGER,
                    effective_as_of INTEGER,
                    config TEXT,
                    seed INTEGER,
                    moondesk_version TEXT NOT NULL,
                    host TEXT NOT NULL,
                    pid INTEGER NOT NULL,
                    status TEXT NOT NULL,
                    started_at REAL NOT NULL,
                    finished_at REAL,
                    duration_seconds REAL,
                    passes INTEGER NOT NULL DEFAULT 1,
                    action TEXT,
                    decision TEXT,
                    plan TEXT,
                    warnings TEXT,
                    exit_code INTEGER,
                    reused_tasks INTEGER NOT NULL DEFAULT 0,
                    reused_nodes INTEGER NOT NULL DEFAULT 0,
                    output_text TEXT,
                    output_json TEXT
                );
                CREATE INDEX runs_started ON runs(started_at);
                CREATE TABLE contents (
                    sha256 TEXT PRIMARY KEY,
                    bytes BLOB NOT NULL
                );
                CREATE TABLE run_files (
                    run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
                    path TEXT NOT NULL,
                    role TEXT NOT NULL,
                    sha256 TEXT NOT NULL,
                    PRIMARY KEY (run_id, path)
                );
                CREATE TABLE task_attempts (
                    run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
                    pass INTEGER NOT NULL,
                    round INTEGER NOT NULL,
                    task_id TEXT NOT NULL,
                    attempt INTEGER NOT NULL,
                    status TEXT NOT NULL,
                    start_seconds REAL,
                    end_seconds REAL NOT NULL,
                    error TEXT,
                    location TEXT,
                    PRIMARY KEY (run_id, pass, round, task_id, attempt)
                );
                CREATE TABLE node_runs (
                    run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
                    pass INTEGER NOT NULL,
                    step INTEGER NOT NULL,
                    node TEXT NOT NULL,
                    status TEXT NOT NULL,
                    start_seconds REAL NOT NULL,
                    end_seconds REAL NOT NULL,
                    summary TEXT,
                    error TEXT,
                    location TEXT,
                    input_digest TEXT,
                    reused INTEGER NOT NULL DEFAULT 0,
                    PRIMARY KEY (run_id, pass, step, node)
                );
                CREATE TABLE results (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
                    pass INTEGER NOT NULL,
                    kind TEXT NOT NULL,
                    subject TEXT NOT NULL,
                    key TEXT,
                    value TEXT NOT NULL,
                    reads TEXT NOT NULL,
                    files TEXT NOT NULL,
                    reused_from TEXT
                );
                CREATE INDEX results_key ON results(kind, key);
                CREATE INDEX results_run ON results(run_id, kind, subject);
                CREATE TABLE events (
                    run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
                    pass INTEGER NOT NULL,
                    seq INTEGER NOT NULL,
                    offset_seconds REAL NOT NULL,
                    kind TEXT NOT NULL,
                    subject TEXT NOT NULL,
                    detail TEXT,
                    PRIMARY KEY (run_id, pass, seq)
                );
                CREATE TABLE http_responses (
                    run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
                    seq INTEGER NOT NULL,
                    url TEXT NOT NULL,
                    body BLOB,
                    problem TEXT,
                    PRIMARY KEY (run_id, seq)
                );
                """)
        }
        return migrator
    }
}
