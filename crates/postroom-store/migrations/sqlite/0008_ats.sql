-- The rest of an ATS around the people: companies, job orders with their hiring
-- teams, pipelines (a candidate in a job's workflow) with their status history,
-- statuses for contacts, companies and jobs, tags and custom fields.
--
-- Statuses of every kind live in one table: a pipeline status belongs to a
-- workflow, the others to no workflow. `mapping` is the stable meaning a client
-- keys on (titles are the team's to rename).

CREATE TABLE workflows (
    id INTEGER PRIMARY KEY,
    site_id INTEGER NOT NULL REFERENCES sites(id),
    title TEXT NOT NULL,
    is_default INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE statuses (
    id INTEGER PRIMARY KEY,
    site_id INTEGER NOT NULL REFERENCES sites(id),
    kind TEXT NOT NULL CHECK (kind IN ('pipeline', 'job', 'contact', 'company')),
    workflow_id INTEGER REFERENCES workflows(id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    mapping TEXT NOT NULL,
    position INTEGER NOT NULL,
    is_default INTEGER NOT NULL DEFAULT 0,
    CHECK ((kind = 'pipeline') = (workflow_id IS NOT NULL))
);
CREATE INDEX statuses_kind ON statuses(site_id, kind, workflow_id, position);

CREATE TABLE companies (
    id INTEGER PRIMARY KEY,
    site_id INTEGER NOT NULL REFERENCES sites(id),
    name TEXT NOT NULL,
    website TEXT,
    phones TEXT,
    address TEXT,
    key_technologies TEXT,
    notes TEXT,
    owner_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
    is_hot INTEGER NOT NULL DEFAULT 0,
    status_id INTEGER REFERENCES statuses(id),
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX companies_name ON companies(site_id, name);

-- A contact works at a company; the free-text `company` stays for contacts imported
-- without one.
ALTER TABLE contacts ADD COLUMN company_id INTEGER REFERENCES companies(id) ON DELETE SET NULL;
ALTER TABLE contacts ADD COLUMN status_id INTEGER REFERENCES statuses(id);
CREATE INDEX contacts_company ON contacts(company_id);

CREATE TABLE jobs (
    id INTEGER PRIMARY KEY,
    site_id INTEGER NOT NULL REFERENCES sites(id),
    title TEXT NOT NULL,
    company_id INTEGER REFERENCES companies(id) ON DELETE SET NULL,
    contact_id INTEGER REFERENCES contacts(id) ON DELETE SET NULL,
    recruiter_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
    owner_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
    workflow_id INTEGER NOT NULL REFERENCES workflows(id),
    status_id INTEGER NOT NULL REFERENCES statuses(id),
    description TEXT,
    notes TEXT,
    location TEXT,
    -- 'H' hire, 'C' contract, 'C2H' contract to hire, 'FL' freelance.
    type TEXT,
    openings INTEGER,
    salary TEXT,
    max_rate TEXT,
    duration TEXT,
    start_date TEXT,
    is_hot INTEGER NOT NULL DEFAULT 0,
    is_public INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX jobs_company ON jobs(company_id);

-- The team members who hire for a job; a hiring manager sees the candidates in the
-- pipelines of the jobs whose hiring team includes them, and nothing else.
CREATE TABLE hiring_team (
    site_id INTEGER NOT NULL,
    job_id INTEGER NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    PRIMARY KEY (job_id, user_id)
) WITHOUT ROWID;
CREATE INDEX hiring_team_user ON hiring_team(user_id, job_id);

-- A candidate in a job's pipeline, once.
CREATE TABLE pipelines (
    id INTEGER PRIMARY KEY,
    site_id INTEGER NOT NULL REFERENCES sites(id),
    candidate_id INTEGER NOT NULL REFERENCES candidates(id) ON DELETE CASCADE,
    job_id INTEGER NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
    status_id INTEGER NOT NULL REFERENCES statuses(id),
    rating INTEGER NOT NULL DEFAULT 0,
    created_by INTEGER,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    UNIQUE (site_id, candidate_id, job_id)
);
CREATE INDEX pipelines_job ON pipelines(job_id, candidate_id);

-- Every status a pipeline, contact, company or job has been moved to.
CREATE TABLE status_changes (
    id INTEGER PRIMARY KEY,
    site_id INTEGER NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('pipeline', 'job', 'contact', 'company')),
    item_id INTEGER NOT NULL,
    status_id INTEGER NOT NULL REFERENCES statuses(id),
    previous_status_id INTEGER REFERENCES statuses(id),
    changed_by INTEGER,
    created_at INTEGER NOT NULL
);
CREATE INDEX status_changes_item ON status_changes(site_id, kind, item_id, id);

CREATE TABLE tags (
    id INTEGER PRIMARY KEY,
    site_id INTEGER NOT NULL REFERENCES sites(id),
    parent_id INTEGER REFERENCES tags(id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    UNIQUE (site_id, parent_id, title)
);

-- item_type: candidate, contact, company or job.
CREATE TABLE item_tags (
    site_id INTEGER NOT NULL,
    item_type TEXT NOT NULL,
    item_id INTEGER NOT NULL,
    tag_id INTEGER NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
    PRIMARY KEY (site_id, item_type, item_id, tag_id)
) WITHOUT ROWID;
CREATE INDEX item_tags_tag ON item_tags(tag_id);

-- Fields a team adds to its records; `type` says how a value is checked
-- (text, textarea, number, date, checkbox, dropdown, multiselect, url).
CREATE TABLE custom_fields (
    id INTEGER PRIMARY KEY,
    site_id INTEGER NOT NULL REFERENCES sites(id),
    item_type TEXT NOT NULL,
    name TEXT NOT NULL,
    type TEXT NOT NULL,
    -- JSON array of the choices of a dropdown or multiselect.
    options TEXT,
    created_at INTEGER NOT NULL,
    UNIQUE (site_id, item_type, name)
);

-- A value is JSON (a string, number, boolean or array), as clients send it.
CREATE TABLE custom_field_values (
    site_id INTEGER NOT NULL,
    item_type TEXT NOT NULL,
    item_id INTEGER NOT NULL,
    field_id INTEGER NOT NULL REFERENCES custom_fields(id) ON DELETE CASCADE,
    value TEXT NOT NULL,
    PRIMARY KEY (site_id, item_type, item_id, field_id)
) WITHOUT ROWID;

-- The default site's starting workflow and statuses, those of a classic agency
-- ATS. Ids are fixed so clients that cache them keep working.
INSERT INTO workflows (id, site_id, title, is_default) VALUES (1, 1, 'Default', 1);
INSERT INTO statuses (id, site_id, kind, workflow_id, title, mapping, position, is_default) VALUES
    (100, 1, 'pipeline', 1, 'No Contact', 'no_contact', 1, 1),
    (200, 1, 'pipeline', 1, 'Contacted', 'contacted', 2, 0),
    (250, 1, 'pipeline', 1, 'Candidate Responded', 'candidate_responded', 3, 0),
    (300, 1, 'pipeline', 1, 'Qualifying', 'qualifying', 4, 0),
    (400, 1, 'pipeline', 1, 'Submitted', 'submitted', 5, 0),
    (500, 1, 'pipeline', 1, 'Interviewing', 'interviewing', 6, 0),
    (600, 1, 'pipeline', 1, 'Offered', 'offered', 7, 0),
    (650, 1, 'pipeline', 1, 'Not in Consideration', 'not_in_consideration', 8, 0),
    (700, 1, 'pipeline', 1, 'Client Declined', 'client_declined', 9, 0),
    (800, 1, 'pipeline', 1, 'Placed', 'placed', 10, 0),
    (1001, 1, 'job', NULL, 'Active', 'active', 1, 1),
    (1002, 1, 'job', NULL, 'Upcoming', 'upcoming', 2, 0),
    (1003, 1, 'job', NULL, 'Prospective / Lead', 'prospective', 3, 0),
    (1004, 1, 'job', NULL, 'On Hold', 'on_hold', 4, 0),
    (1005, 1, 'job', NULL, 'Full', 'full', 5, 0),
    (1006, 1, 'job', NULL, 'Closed', 'closed', 6, 0),
    (1007, 1, 'job', NULL, 'Canceled', 'canceled', 7, 0),
    (2001, 1, 'contact', NULL, 'Active', 'active', 1, 1),
    (2002, 1, 'contact', NULL, 'Left Company', 'left_company', 2, 0),
    (2003, 1, 'contact', NULL, 'Not a Fit', 'not_a_fit', 3, 0),
    (2004, 1, 'contact', NULL, 'Do Not Contact', 'do_not_contact', 4, 0),
    (3001, 1, 'company', NULL, 'Prospect', 'prospect', 1, 1),
    (3002, 1, 'company', NULL, 'Client', 'client', 2, 0),
    (3003, 1, 'company', NULL, 'Former Client', 'former_client', 3, 0),
    (3004, 1, 'company', NULL, 'Do Not Contact', 'do_not_contact', 4, 0);
