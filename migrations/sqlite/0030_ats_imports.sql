-- Employers' applicant tracking systems (Greenhouse, Lever, Ashby), read
-- through their public job-board APIs, and each opening brought in from
-- one: the draft made of it (waiting for the employer to complete it, then
-- its posting), what the ATS said of it as last read (a digest, to notice
-- a change), and when the ATS stopped listing it. `synced_at` is a board's
-- last read, whole or failed.
CREATE TABLE ats_sources (
    id         INTEGER PRIMARY KEY,
    company_id INTEGER NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    kind       TEXT    NOT NULL,
    board      TEXT    NOT NULL,
    -- Who connected it: the edits its changes propose are theirs (the
    -- connection goes with them).
    created_by INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    synced_at  INTEGER,
    sync_error TEXT,
    UNIQUE (company_id, kind, board)
);

CREATE TABLE ats_openings (
    id          INTEGER PRIMARY KEY,
    source_id   INTEGER NOT NULL REFERENCES ats_sources (id) ON DELETE CASCADE,
    external_id TEXT    NOT NULL,
    job_id      INTEGER REFERENCES jobs (id) ON DELETE SET NULL,
    draft       TEXT    NOT NULL,
    digest      TEXT    NOT NULL,
    imported_at INTEGER NOT NULL,
    seen_at     INTEGER NOT NULL,
    -- Whole reads in a row that did not list it: it closes at two, so one
    -- odd answer closes nothing.
    missed      INTEGER NOT NULL DEFAULT 0,
    gone_at     INTEGER,
    UNIQUE (source_id, external_id)
);
CREATE UNIQUE INDEX ats_openings_by_job ON ats_openings (job_id) WHERE job_id IS NOT NULL;
