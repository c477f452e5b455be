-- Companies, their postings, and the indexes the public search needs.
-- Times are unix seconds (INTEGER), so SQLite and PostgreSQL store them alike.

CREATE TABLE companies (
    id          INTEGER PRIMARY KEY,
    slug        TEXT    NOT NULL UNIQUE,
    name        TEXT    NOT NULL,
    website     TEXT,
    about       TEXT    NOT NULL DEFAULT '',
    verified_at INTEGER,
    created_at  INTEGER NOT NULL
);

CREATE TABLE jobs (
    id              INTEGER PRIMARY KEY,
    company_id      INTEGER NOT NULL REFERENCES companies (id),
    title           TEXT    NOT NULL,
    category        TEXT    NOT NULL,
    level           TEXT    NOT NULL,
    employment_type TEXT    NOT NULL,
    salary_min      INTEGER NOT NULL,
    salary_max      INTEGER NOT NULL,
    salary_currency TEXT    NOT NULL,
    salary_period   TEXT    NOT NULL,
    -- The range in US dollars a year, for the salary filter and sort.
    salary_usd_min  INTEGER NOT NULL,
    salary_usd_max  INTEGER NOT NULL,
    -- Stack and location slugs, comma-separated, for display; the tables
    -- below index them for filtering.
    stacks          TEXT    NOT NULL,
    locations       TEXT    NOT NULL,
    tz_min          INTEGER,
    tz_max          INTEGER,
    description     TEXT    NOT NULL,
    apply_url       TEXT,
    status          TEXT    NOT NULL,
    featured        INTEGER NOT NULL DEFAULT 0,
    published_at    INTEGER,
    expires_at      INTEGER,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL
);

CREATE INDEX jobs_public_newest ON jobs (status, published_at DESC);
CREATE INDEX jobs_public_salary ON jobs (status, salary_usd_max DESC);
CREATE INDEX jobs_company ON jobs (company_id, status);
CREATE INDEX jobs_category ON jobs (category, status);

CREATE TABLE job_stacks (
    job_id INTEGER NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    stack  TEXT    NOT NULL,
    PRIMARY KEY (job_id, stack)
);
CREATE INDEX job_stacks_by_stack ON job_stacks (stack, job_id);

CREATE TABLE job_locations (
    job_id   INTEGER NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    location TEXT    NOT NULL,
    PRIMARY KEY (job_id, location)
);
CREATE INDEX job_locations_by_location ON job_locations (location, job_id);

-- Full-text search v1. The rowid is the job's id; the application writes it
-- with the job, since company names and stacks live in other tables.
CREATE VIRTUAL TABLE jobs_fts USING fts5 (
    title, company, stacks, description,
    tokenize = 'unicode61 remove_diacritics 2'
);
