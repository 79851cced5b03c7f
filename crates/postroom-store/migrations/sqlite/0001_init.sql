-- Every table carries site_id: one database can hold several teams (tenants).
CREATE TABLE sites (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL
);
INSERT INTO sites (id, name, created_at) VALUES (1, 'default', unixepoch());

CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    site_id INTEGER NOT NULL REFERENCES sites(id),
    name TEXT NOT NULL,
    created_at INTEGER NOT NULL
);

CREATE TABLE user_emails (
    site_id INTEGER NOT NULL REFERENCES sites(id),
    email TEXT NOT NULL,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    PRIMARY KEY (site_id, email)
) WITHOUT ROWID;

CREATE TABLE candidates (
    id INTEGER PRIMARY KEY,
    site_id INTEGER NOT NULL REFERENCES sites(id),
    first_name TEXT NOT NULL,
    last_name TEXT NOT NULL,
    primary_email TEXT NOT NULL,
    company TEXT,
    title TEXT,
    phone TEXT,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX candidates_primary ON candidates(site_id, primary_email);

CREATE TABLE contacts (
    id INTEGER PRIMARY KEY,
    site_id INTEGER NOT NULL REFERENCES sites(id),
    first_name TEXT NOT NULL,
    last_name TEXT NOT NULL,
    primary_email TEXT NOT NULL,
    company TEXT,
    title TEXT,
    phone TEXT,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX contacts_primary ON contacts(site_id, primary_email);

-- The matching index: one row per (address, record). Looked up by exact canonical
-- address, so matching costs the same with a thousand records or a million.
CREATE TABLE record_emails (
    site_id INTEGER NOT NULL,
    email TEXT NOT NULL,
    record_type TEXT NOT NULL CHECK (record_type IN ('candidate', 'contact')),
    record_id INTEGER NOT NULL,
    is_primary INTEGER NOT NULL,
    PRIMARY KEY (site_id, email, record_type, record_id)
) WITHOUT ROWID;
CREATE INDEX record_emails_record ON record_emails(site_id, record_type, record_id);

CREATE TABLE blocklist (
    site_id INTEGER NOT NULL,
    entry TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (site_id, entry)
) WITHOUT ROWID;

CREATE TABLE settings (
    site_id INTEGER NOT NULL,
    key TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (site_id, key)
) WITHOUT ROWID;

CREATE TABLE threads (
    id INTEGER PRIMARY KEY,
    site_id INTEGER NOT NULL,
    created_at INTEGER NOT NULL
);

-- Every Message-ID seen in a logged message (its own and its parents') and the thread
-- it belongs to; this is what lets a parent arriving late join its replies.
CREATE TABLE thread_refs (
    site_id INTEGER NOT NULL,
    ref TEXT NOT NULL,
    thread_id INTEGER NOT NULL,
    PRIMARY KEY (site_id, ref)
) WITHOUT ROWID;
CREATE INDEX thread_refs_thread ON thread_refs(thread_id);

CREATE TABLE messages (
    id INTEGER PRIMARY KEY,
    site_id INTEGER NOT NULL,
    dedup_key TEXT NOT NULL,
    message_id TEXT,
    thread_id INTEGER NOT NULL,
    subject TEXT,
    from_email TEXT,
    from_name TEXT,
    participants TEXT NOT NULL,
    direction TEXT NOT NULL,
    occurred_at INTEGER NOT NULL,
    headers TEXT NOT NULL,
    text_body TEXT,
    html_body TEXT,
    raw_hash TEXT NOT NULL,
    raw_size INTEGER NOT NULL,
    owner_user_id INTEGER,
    created_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX messages_dedup ON messages(site_id, dedup_key);
CREATE INDEX messages_thread ON messages(thread_id);

CREATE TABLE attachments (
    id INTEGER PRIMARY KEY,
    site_id INTEGER NOT NULL,
    message_pk INTEGER NOT NULL REFERENCES messages(id),
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size INTEGER NOT NULL,
    hash TEXT NOT NULL
);
CREATE INDEX attachments_message ON attachments(message_pk);

CREATE TABLE activities (
    id INTEGER PRIMARY KEY,
    site_id INTEGER NOT NULL,
    kind TEXT NOT NULL DEFAULT 'email',
    record_type TEXT NOT NULL,
    record_id INTEGER NOT NULL,
    message_pk INTEGER REFERENCES messages(id),
    direction TEXT,
    occurred_at INTEGER NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX activities_once ON activities(site_id, record_type, record_id, message_pk);
CREATE INDEX activities_record ON activities(site_id, record_type, record_id, occurred_at);
CREATE INDEX activities_message ON activities(message_pk);
