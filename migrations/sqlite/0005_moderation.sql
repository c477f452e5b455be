-- Moderation: the reason a moderator gave the employer, and the append-only
-- audit log of who did what, when and why.

ALTER TABLE jobs ADD COLUMN moderation_note TEXT;

CREATE TABLE audit_log (
    id         INTEGER PRIMARY KEY,
    -- The moderator's e-mail address, or "command line".
    actor      TEXT    NOT NULL,
    action     TEXT    NOT NULL,
    job_id     INTEGER,
    company_id INTEGER,
    reason     TEXT    NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX audit_log_by_job ON audit_log (job_id);
