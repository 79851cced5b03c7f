-- Dedup keys of messages seen with a blocked participant. One copy of a message can
-- reveal a blocked party the other copies do not (only the sender's copy has Bcc),
-- so the key is remembered to keep every copy out, whatever order they arrive in.
-- Only the key and the entry that caught it are kept: nothing of the message. When
-- the entry is removed from the blocked list, its rows go too.
CREATE TABLE blocked_messages (
    site_id INTEGER NOT NULL,
    dedup_key TEXT NOT NULL,
    entry TEXT NOT NULL,
    PRIMARY KEY (site_id, dedup_key)
) WITHOUT ROWID;
CREATE INDEX blocked_messages_entry ON blocked_messages(site_id, entry);
CREATE INDEX messages_raw_hash ON messages(raw_hash);
CREATE INDEX attachments_hash ON attachments(hash);
