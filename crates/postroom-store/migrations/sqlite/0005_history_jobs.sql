-- "Import email" requests for one record, run in the background by `serve`, with
-- their progress. A job left 'running' by a crash is queued again at start-up.
CREATE TABLE history_jobs (
    id INTEGER PRIMARY KEY,
    site_id INTEGER NOT NULL REFERENCES sites(id),
    record_type TEXT NOT NULL CHECK (record_type IN ('candidate', 'contact')),
    record_id INTEGER NOT NULL,
    state TEXT NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'running', 'done', 'failed')),
    total INTEGER NOT NULL DEFAULT 0,
    done INTEGER NOT NULL DEFAULT 0,
    logged INTEGER NOT NULL DEFAULT 0,
    error TEXT,
    requested_by INTEGER,
    created_at INTEGER NOT NULL,
    started_at INTEGER,
    finished_at INTEGER
);
CREATE INDEX history_jobs_record ON history_jobs(site_id, record_type, record_id, id);
CREATE INDEX history_jobs_state ON history_jobs(state, id);
