-- Company logos, team invitations and posting statistics.

-- The logo as FarCoder re-encoded it (a fixed-size PNG), never as uploaded.
-- It lives in the database so every app server can serve it.
CREATE TABLE company_logos (
    company_id INTEGER PRIMARY KEY REFERENCES companies (id) ON DELETE CASCADE,
    png        BLOB    NOT NULL,
    updated_at INTEGER NOT NULL
);

-- An owner's invitation to join the company; the e-mailed link carries a
-- random token of which only the SHA-256 is stored. Single use, expiring.
CREATE TABLE invites (
    token_hash  TEXT    PRIMARY KEY,
    company_id  INTEGER NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    email       TEXT    NOT NULL,
    invited_by  INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    expires_at  INTEGER NOT NULL,
    accepted_at INTEGER,
    created_at  INTEGER NOT NULL
);
CREATE INDEX invites_by_company ON invites (company_id, created_at);

-- Views and apply clicks: at most one row per job, kind, UTC day and
-- visitor (a digest of address and browser, never the address itself).
CREATE TABLE job_events (
    job_id  INTEGER NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    kind    TEXT    NOT NULL,
    day     INTEGER NOT NULL,
    visitor TEXT    NOT NULL,
    PRIMARY KEY (job_id, kind, day, visitor)
);
