-- Changes that webhooks may want to hear about, written in the same transaction as
-- the change itself (today: email activities logged by sync and imports). The
-- server turns each into signed deliveries for the webhooks subscribed at that
-- moment, then removes it; a crash in between leaves the event to be fanned out
-- again, never lost.
CREATE TABLE events (
    -- AUTOINCREMENT: an id is never reused, so a late fan-out cannot take a newer
    -- event for the one it read.
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    site_id INTEGER NOT NULL,
    event TEXT NOT NULL,
    kind TEXT NOT NULL,
    item_id INTEGER NOT NULL,
    created_at INTEGER NOT NULL
);
