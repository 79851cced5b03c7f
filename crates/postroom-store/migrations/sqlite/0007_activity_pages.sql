-- A record's activities are listed by id, a page at a time (the API): this index
-- reads a page without touching the record's other activities.
CREATE INDEX activities_record_id ON activities(site_id, record_type, record_id, id);
