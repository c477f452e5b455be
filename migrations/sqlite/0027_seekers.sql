-- Seekers' accounts: no password, a code or link sent by e-mail signs in.
-- The profile fills the apply form; what was sent is copied into each
-- application, so a later change rewrites none of them. Deleting a seeker
-- deletes everything below with it.

CREATE TABLE seekers (
    id              INTEGER PRIMARY KEY,
    email           TEXT    NOT NULL UNIQUE,
    name            TEXT    NOT NULL DEFAULT '',
    -- An ISO 3166 code from the country list, or empty.
    country         TEXT    NOT NULL DEFAULT '',
    -- An IANA zone name from the list, or empty.
    time_zone       TEXT    NOT NULL DEFAULT '',
    headline        TEXT    NOT NULL DEFAULT '',
    github          TEXT    NOT NULL DEFAULT '',
    linkedin        TEXT    NOT NULL DEFAULT '',
    portfolio       TEXT    NOT NULL DEFAULT '',
    -- A year, in `salary_currency`.
    desired_salary  INTEGER,
    salary_currency TEXT    NOT NULL DEFAULT 'USD',
    -- Country codes, space-separated, where they may be employed.
    authorised_in   TEXT    NOT NULL DEFAULT '',
    needs_visa      INTEGER NOT NULL DEFAULT 0,
    -- The CV in storage, when one was uploaded.
    cv_key          TEXT,
    cv_bytes        INTEGER,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL
);

CREATE TABLE seeker_sessions (
    token_hash   TEXT    PRIMARY KEY,
    seeker_id    INTEGER NOT NULL REFERENCES seekers (id) ON DELETE CASCADE,
    created_at   INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL,
    expires_at   INTEGER NOT NULL
);
CREATE INDEX seeker_sessions_by_seeker ON seeker_sessions (seeker_id);

-- A sign-in (or erase) code sent by e-mail, with the link that carries it;
-- only keyed hashes are kept. The code works only in the browser that
-- asked for it (its cookie's hash is `browser_hash`); the link, from any.
-- The address has no account until a code for it is used, so a stranger's
-- requests create none.
CREATE TABLE seeker_codes (
    id         INTEGER PRIMARY KEY,
    email      TEXT    NOT NULL,
    purpose    TEXT    NOT NULL,
    code_hash  TEXT    NOT NULL,
    link_hash  TEXT    NOT NULL UNIQUE,
    browser_hash TEXT  NOT NULL,
    attempts   INTEGER NOT NULL DEFAULT 0,
    expires_at INTEGER NOT NULL,
    used_at    INTEGER,
    created_at INTEGER NOT NULL
);
CREATE INDEX seeker_codes_by_email ON seeker_codes (email, purpose);
CREATE INDEX seeker_codes_by_browser ON seeker_codes (browser_hash);

CREATE TABLE seeker_saved (
    seeker_id INTEGER NOT NULL REFERENCES seekers (id) ON DELETE CASCADE,
    job_id    INTEGER NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    saved_at  INTEGER NOT NULL,
    PRIMARY KEY (seeker_id, job_id)
);

-- "I applied" on a posting that takes applications elsewhere.
CREATE TABLE seeker_tracked (
    seeker_id  INTEGER NOT NULL REFERENCES seekers (id) ON DELETE CASCADE,
    job_id     INTEGER NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    applied_at INTEGER NOT NULL,
    PRIMARY KEY (seeker_id, job_id)
);

ALTER TABLE applications ADD COLUMN seeker_id INTEGER REFERENCES seekers (id) ON DELETE SET NULL;
CREATE INDEX applications_by_seeker ON applications (seeker_id) WHERE seeker_id IS NOT NULL;
