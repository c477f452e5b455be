-- Hardening against attackers (issue "Every trust promise holds").

-- A session ends after a period without use as well as at its end.
ALTER TABLE sessions ADD COLUMN last_seen_at INTEGER NOT NULL DEFAULT 0;
UPDATE sessions SET last_seen_at = CAST(strftime('%s', 'now') AS INTEGER);

-- A refused form's messages and what was typed, kept briefly on the server
-- and named by a cookie, so none of it travels in a URL.
CREATE TABLE form_returns (
    token_hash TEXT    PRIMARY KEY,
    payload    TEXT    NOT NULL,
    expires_at INTEGER  NOT NULL
);
CREATE INDEX form_returns_by_expiry ON form_returns (expires_at);

-- Keys the server makes once and every app server shares (the digest key
-- for visitors and reporters, when FARCODER_SECRET is not set).
CREATE TABLE server_secrets (
    name       TEXT    PRIMARY KEY,
    value      TEXT    NOT NULL,
    created_at INTEGER  NOT NULL
);

-- E-mail about an application goes with it when it is withdrawn; a sent
-- message keeps only what the dashboard shows (recipient, subject, time).
ALTER TABLE outbox ADD COLUMN application_id INTEGER;
CREATE INDEX outbox_by_application ON outbox (application_id);

-- An edit to a live (or expired, renewable) posting waits here for a
-- moderator; the approved version stays public until the edit is approved.
-- AUTOINCREMENT: an id is never reused, so the edit a moderator decides is
-- the edit they saw.
CREATE TABLE job_revisions (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    job_id     INTEGER NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    author_id  INTEGER NOT NULL,
    draft      TEXT    NOT NULL,
    flags      TEXT    NOT NULL,
    status     TEXT    NOT NULL,
    reason     TEXT    NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    decided_at INTEGER
);
CREATE UNIQUE INDEX job_revisions_one_pending ON job_revisions (job_id) WHERE status = 'pending';
CREATE INDEX job_revisions_by_job ON job_revisions (job_id, id);
