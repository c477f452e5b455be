-- Rendered public pages kept compressed where every app server reads them:
-- a job page or a company page, rendered once by any server, is read back
-- rather than rendered again, after a restart too. A copy is deleted here,
-- by triggers, when what it shows is written: its posting (every change the
-- search log notes, and a confirmation), its company, its company's
-- applications (the response rate). What else moves (the postings it
-- shows, also a change committed while it was rendered; the guides; the
-- build; the clock) is checked when it is read.

CREATE TABLE page_copies (
    path       TEXT    PRIMARY KEY,
    -- The posting a job page shows; NULL for a company page.
    job_id     INTEGER,
    company_id INTEGER NOT NULL,
    -- Of the build and address that rendered it, and of the guides and
    -- company profiles then.
    build      INTEGER NOT NULL,
    topics     INTEGER NOT NULL,
    -- The postings it shows as it was rendered: a job page's own and its
    -- similar ones, each as id:fingerprint; a company page's open ones, as
    -- how many:last change.
    shown      TEXT    NOT NULL,
    stored_at  INTEGER NOT NULL,
    -- When the clock first changes what it shows.
    holds_until INTEGER NOT NULL,
    -- The response's headers, a line each.
    headers    TEXT    NOT NULL,
    brotli     BLOB    NOT NULL
);
CREATE INDEX page_copies_by_job ON page_copies (job_id);
CREATE INDEX page_copies_by_company ON page_copies (company_id);

CREATE TRIGGER page_copies_posting_changed AFTER INSERT ON search_changes
BEGIN
    DELETE FROM page_copies WHERE job_id IS NULL AND company_id IN (
        SELECT company_id FROM jobs WHERE id = NEW.job_id
        UNION SELECT company_id FROM page_copies WHERE job_id = NEW.job_id);
    DELETE FROM page_copies WHERE job_id = NEW.job_id;
END;

CREATE TRIGGER page_copies_posting_confirmed AFTER UPDATE OF confirmed_at ON jobs
BEGIN
    DELETE FROM page_copies WHERE job_id = NEW.id OR (job_id IS NULL AND company_id = NEW.company_id);
END;

CREATE TRIGGER page_copies_company_changed AFTER UPDATE ON companies
BEGIN
    DELETE FROM page_copies WHERE company_id = NEW.id;
END;

CREATE TRIGGER page_copies_application_added AFTER INSERT ON applications
BEGIN
    DELETE FROM page_copies WHERE company_id = (SELECT company_id FROM jobs WHERE id = NEW.job_id);
END;

CREATE TRIGGER page_copies_application_answered AFTER UPDATE OF first_response_at ON applications
BEGIN
    DELETE FROM page_copies WHERE company_id = (SELECT company_id FROM jobs WHERE id = NEW.job_id);
END;
