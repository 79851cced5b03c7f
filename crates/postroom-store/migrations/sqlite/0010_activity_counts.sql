-- How many activities each record has, and a version that moves whenever what a
-- page of them shows can change; both kept by triggers, so every writer (sync,
-- imports, the API, blocking, thread merges, record deletion) keeps them right in
-- its own transaction. A page of a record's activities carries its total, and
-- counting 10,000 index entries per page cost more than reading the page; the
-- version lets the API serve a page it already rendered.
CREATE TABLE activity_counts (
    site_id INTEGER NOT NULL,
    record_type TEXT NOT NULL,
    record_id INTEGER NOT NULL,
    n INTEGER NOT NULL,
    version INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (site_id, record_type, record_id)
) WITHOUT ROWID;

INSERT INTO activity_counts (site_id, record_type, record_id, n)
    SELECT site_id, record_type, record_id, COUNT(*) FROM activities
    GROUP BY site_id, record_type, record_id;

CREATE TRIGGER activities_counted_on_insert AFTER INSERT ON activities BEGIN
    INSERT INTO activity_counts (site_id, record_type, record_id, n, version)
        VALUES (NEW.site_id, NEW.record_type, NEW.record_id, 1, 1)
        ON CONFLICT (site_id, record_type, record_id)
        DO UPDATE SET n = n + 1, version = version + 1;
END;

CREATE TRIGGER activities_counted_on_delete AFTER DELETE ON activities BEGIN
    UPDATE activity_counts SET n = n - 1, version = version + 1
        WHERE site_id = OLD.site_id AND record_type = OLD.record_type
        AND record_id = OLD.record_id;
END;

CREATE TRIGGER activities_counted_on_update AFTER UPDATE ON activities BEGIN
    UPDATE activity_counts SET n = n - 1, version = version + 1
        WHERE site_id = OLD.site_id AND record_type = OLD.record_type
        AND record_id = OLD.record_id;
    INSERT INTO activity_counts (site_id, record_type, record_id, n, version)
        VALUES (NEW.site_id, NEW.record_type, NEW.record_id, 1, 1)
        ON CONFLICT (site_id, record_type, record_id)
        DO UPDATE SET n = n + 1, version = version + 1;
END;

-- An email activity shows its message's subject, sender and thread: a message that
-- changes (a thread merge moves it) changes the pages it is on.
CREATE TRIGGER messages_change_their_activities AFTER UPDATE ON messages BEGIN
    UPDATE activity_counts SET version = version + 1
        WHERE (site_id, record_type, record_id) IN (
            SELECT site_id, record_type, record_id FROM activities WHERE message_pk = NEW.id);
END;
