-- Dedup keys of messages seen with a blocked participant. One copy of a message can
-- reveal a blocked party the other copies do not (only the sender's copy has Bcc),
-- so the key is remembered to keep every copy out, whatever order they arrive in.
-- Only the key is kept: nothing of the message itself.
CREATE TABLE blocked_messages (
    site_id INTEGER NOT NULL,
    dedup_key TEXT NOT NULL,
    PRIMARY KEY (site_id, dedup_key)
) WITHOUT ROWID;
