-- The REST API: team members' access levels, API keys, the record fields ATS
-- clients send, and activities other than email.

ALTER TABLE users ADD COLUMN access_level TEXT NOT NULL DEFAULT 'administrator'
    CHECK (access_level IN ('administrator', 'recruiter', 'hiring_manager'));

-- Keys are stored hashed (BLAKE3 of the whole key); `prefix` names a key in lists
-- without revealing it.
CREATE TABLE api_keys (
    id INTEGER PRIMARY KEY,
    site_id INTEGER NOT NULL REFERENCES sites(id),
    user_id INTEGER NOT NULL REFERENCES users(id),
    name TEXT NOT NULL,
    prefix TEXT NOT NULL,
    hash TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    last_used_at INTEGER,
    revoked_at INTEGER
);

-- Records may have no email at all (an ATS accepts a name alone): primary_email
-- becomes nullable, which SQLite only allows by rebuilding the table.
CREATE TABLE candidates_v2 (
    id INTEGER PRIMARY KEY,
    site_id INTEGER NOT NULL REFERENCES sites(id),
    first_name TEXT NOT NULL,
    last_name TEXT NOT NULL,
    primary_email TEXT,
    company TEXT,
    title TEXT,
    phone TEXT,
    phones TEXT,
    address TEXT,
    source TEXT,
    owner_id INTEGER,
    is_hot INTEGER NOT NULL DEFAULT 0,
    notes TEXT,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
INSERT INTO candidates_v2 (id, site_id, first_name, last_name, primary_email, company, title,
    phone, created_at, updated_at)
    SELECT id, site_id, first_name, last_name, primary_email, company, title, phone,
        created_at, updated_at FROM candidates;
DROP TABLE candidates;
ALTER TABLE candidates_v2 RENAME TO candidates;
CREATE UNIQUE INDEX candidates_primary ON candidates(site_id, primary_email);

CREATE TABLE contacts_v2 (
    id INTEGER PRIMARY KEY,
    site_id INTEGER NOT NULL REFERENCES sites(id),
    first_name TEXT NOT NULL,
    last_name TEXT NOT NULL,
    primary_email TEXT,
    company TEXT,
    title TEXT,
    phone TEXT,
    phones TEXT,
    address TEXT,
    source TEXT,
    owner_id INTEGER,
    is_hot INTEGER NOT NULL DEFAULT 0,
    notes TEXT,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
INSERT INTO contacts_v2 (id, site_id, first_name, last_name, primary_email, company, title,
    phone, created_at, updated_at)
    SELECT id, site_id, first_name, last_name, primary_email, company, title, phone,
        created_at, updated_at FROM contacts;
DROP TABLE contacts;
ALTER TABLE contacts_v2 RENAME TO contacts;
CREATE UNIQUE INDEX contacts_primary ON contacts(site_id, primary_email);

ALTER TABLE activities ADD COLUMN notes TEXT;
ALTER TABLE activities ADD COLUMN regarding_id INTEGER;
ALTER TABLE activities ADD COLUMN entered_by_id INTEGER;
