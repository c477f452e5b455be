-- Trust: automatic flags on postings, visitors' reports, company
-- verification requests, and what the freshness task has done to a posting.

CREATE TABLE job_flags (
    id         INTEGER PRIMARY KEY,
    job_id     INTEGER NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    -- duplicate | scam | salary | dead-link
    kind       TEXT    NOT NULL,
    reason     TEXT    NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX job_flags_by_job ON job_flags (job_id);

CREATE TABLE reports (
    id          INTEGER PRIMARY KEY,
    job_id      INTEGER NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    reason      TEXT    NOT NULL,
    note        TEXT    NOT NULL,
    -- A digest of the visitor (see server::stats): one report per visitor and job.
    reporter    TEXT    NOT NULL,
    created_at  INTEGER NOT NULL,
    resolved_at INTEGER,
    UNIQUE (job_id, reporter)
);
CREATE INDEX reports_open ON reports (resolved_at, job_id);

CREATE TABLE verification_requests (
    id           INTEGER PRIMARY KEY,
    company_id   INTEGER NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    email        TEXT    NOT NULL,
    token_hash   TEXT    NOT NULL UNIQUE,
    -- unconfirmed | confirmed | approved | declined
    status       TEXT    NOT NULL,
    note         TEXT,
    created_at   INTEGER NOT NULL,
    confirmed_at INTEGER,
    decided_at   INTEGER
);
CREATE INDEX verification_requests_by_company ON verification_requests (company_id, id);

-- When the employer was told the posting expires in three days, and when
-- its apply link was last checked.
ALTER TABLE jobs ADD COLUMN reminded_at INTEGER;
ALTER TABLE jobs ADD COLUMN link_checked_at INTEGER;
