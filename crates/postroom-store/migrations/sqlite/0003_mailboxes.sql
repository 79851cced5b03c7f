-- Connected mailboxes: one per team member, opt-in. The password is sealed by the
-- sync crate before it gets here; the store never sees it in clear.
CREATE TABLE mailboxes (
    id INTEGER PRIMARY KEY,
    site_id INTEGER NOT NULL REFERENCES sites(id),
    user_id INTEGER NOT NULL REFERENCES users(id),
    email TEXT NOT NULL,
    host TEXT NOT NULL,
    port INTEGER NOT NULL,
    security TEXT NOT NULL CHECK (security IN ('tls', 'starttls', 'none')),
    login TEXT NOT NULL,
    secret BLOB NOT NULL,
    -- active | paused | reconnect (the login failed: the owner must connect again)
    state TEXT NOT NULL DEFAULT 'active' CHECK (state IN ('active', 'paused', 'reconnect')),
    -- What history the mailbox wants: 'now' (going forward), 'all', or 'since'.
    start_kind TEXT NOT NULL CHECK (start_kind IN ('now', 'all', 'since')),
    start_since INTEGER,
    connected_at INTEGER NOT NULL,
    last_sync_at INTEGER,
    last_error TEXT,
    UNIQUE (site_id, user_id)
);

-- Per-folder sync cursor and counters. The cursor columns change only in the
-- transaction that records the messages they cover.
CREATE TABLE mailbox_folders (
    id INTEGER PRIMARY KEY,
    mailbox_id INTEGER NOT NULL REFERENCES mailboxes(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    role TEXT NOT NULL,
    uidvalidity INTEGER,
    last_uid INTEGER,
    highest_modseq INTEGER,
    seen INTEGER NOT NULL DEFAULT 0,
    logged INTEGER NOT NULL DEFAULT 0,
    dismissed INTEGER NOT NULL DEFAULT 0,
    last_sync_at INTEGER,
    last_error TEXT,
    UNIQUE (mailbox_id, name)
);

-- Addresses whose past mail is still to be searched for in a mailbox: queued in the
-- transaction that adds the address to a record, removed once the search is done.
CREATE TABLE history_pending (
    mailbox_id INTEGER NOT NULL REFERENCES mailboxes(id) ON DELETE CASCADE,
    email TEXT NOT NULL,
    queued_at INTEGER NOT NULL,
    PRIMARY KEY (mailbox_id, email)
) WITHOUT ROWID;
