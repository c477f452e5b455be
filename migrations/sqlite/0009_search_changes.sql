-- Every change to what the search index holds, in commit order: each app
-- server's in-process index reads the entries after the last one it saw.
-- Triggers write them, so no code path can change a posting unseen.

CREATE TABLE search_changes (
    seq        INTEGER PRIMARY KEY AUTOINCREMENT,
    job_id     INTEGER NOT NULL,
    changed_at INTEGER NOT NULL DEFAULT (CAST(strftime('%s', 'now') AS INTEGER))
);

CREATE TRIGGER search_job_inserted AFTER INSERT ON jobs
BEGIN
    INSERT INTO search_changes (job_id) VALUES (NEW.id);
END;

CREATE TRIGGER search_job_updated AFTER UPDATE OF
    company_id, title, category, level, employment_type, salary_min, salary_max, salary_currency,
    salary_period, salary_usd_max, stacks, locations, tz_min, tz_max, description, status,
    featured, published_at, expires_at ON jobs
BEGIN
    INSERT INTO search_changes (job_id) VALUES (NEW.id);
END;

CREATE TRIGGER search_job_deleted AFTER DELETE ON jobs
BEGIN
    INSERT INTO search_changes (job_id) VALUES (OLD.id);
END;

CREATE TRIGGER search_company_updated AFTER UPDATE OF slug, name, verified_at ON companies
BEGIN
    INSERT INTO search_changes (job_id) SELECT id FROM jobs WHERE company_id = NEW.id;
END;
