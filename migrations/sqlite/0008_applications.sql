-- Applications through FarCoder's own form, their status history, and the
-- employer's private notes. CVs live in the storage backend under `cv_key`.

CREATE TABLE applications (
    id                INTEGER PRIMARY KEY,
    job_id            INTEGER NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    -- The candidate's private link, hashed.
    token_hash        TEXT    NOT NULL UNIQUE,
    name              TEXT    NOT NULL,
    email             TEXT    NOT NULL,
    country           TEXT    NOT NULL,
    github            TEXT,
    linkedin          TEXT,
    portfolio         TEXT,
    cover_note        TEXT    NOT NULL,
    cv_key            TEXT    NOT NULL,
    cv_bytes          INTEGER NOT NULL,
    -- new | reviewed | interviewing | offer | hired | rejected
    status            TEXT    NOT NULL,
    notes             TEXT    NOT NULL,
    created_at        INTEGER NOT NULL,
    -- When the status first moved on from "new", for the response rate.
    first_response_at INTEGER,
    updated_at        INTEGER NOT NULL,
    UNIQUE (job_id, email)
);
CREATE INDEX applications_by_job ON applications (job_id, status);

CREATE TABLE application_updates (
    id             INTEGER PRIMARY KEY,
    application_id INTEGER NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    status         TEXT    NOT NULL,
    -- What the employer told the candidate, if anything.
    message        TEXT    NOT NULL,
    created_at     INTEGER NOT NULL
);
CREATE INDEX application_updates_by_application ON application_updates (application_id, id);
