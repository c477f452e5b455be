-- Rendered public pages kept compressed where every app server reads them:
-- a job page or a company page, rendered once by any server, is read back
-- rather than rendered again, after a restart too. A copy is deleted here,
-- by triggers, when what it shows is written: its posting (every change the
-- search log notes, and a confirmation), its company, its company's
-- applications (the response rate). What else moves (the postings it
-- shows, also a change committed while it was rendered; the guides; the
-- build; the clock) is checked when it is read. Below, the topic versions
-- move per row changed, as on SQLite.

CREATE TABLE page_copies (
    path       TEXT    PRIMARY KEY,
    -- The posting a job page shows; NULL for a company page.
    job_id     BIGINT,
    company_id BIGINT  NOT NULL,
    -- Of the build and address that rendered it, and of the guides and
    -- company profiles then.
    build      BIGINT  NOT NULL,
    topics     BIGINT  NOT NULL,
    -- The postings it shows as it was rendered: a job page's own and its
    -- similar ones, each as id:fingerprint; a company page's open ones, as
    -- how many:last change.
    shown      TEXT    NOT NULL,
    stored_at  BIGINT  NOT NULL,
    -- When the clock first changes what it shows.
    holds_until BIGINT NOT NULL,
    -- The response's headers, a line each.
    headers    TEXT    NOT NULL,
    brotli     BYTEA   NOT NULL
);
CREATE INDEX page_copies_by_job ON page_copies (job_id);
CREATE INDEX page_copies_by_company ON page_copies (company_id);

CREATE FUNCTION page_copies_posting_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM page_copies WHERE job_id IS NULL AND company_id IN (
        SELECT company_id FROM jobs WHERE id = NEW.job_id
        UNION SELECT company_id FROM page_copies WHERE job_id = NEW.job_id);
    DELETE FROM page_copies WHERE job_id = NEW.job_id;
    RETURN NULL;
END;
$$;
CREATE TRIGGER page_copies_posting_changed AFTER INSERT ON search_changes
    FOR EACH ROW EXECUTE FUNCTION page_copies_posting_changed();

CREATE FUNCTION page_copies_posting_confirmed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM page_copies WHERE job_id = NEW.id OR (job_id IS NULL AND company_id = NEW.company_id);
    RETURN NULL;
END;
$$;
CREATE TRIGGER page_copies_posting_confirmed AFTER UPDATE OF confirmed_at ON jobs
    FOR EACH ROW EXECUTE FUNCTION page_copies_posting_confirmed();

CREATE FUNCTION page_copies_company_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM page_copies WHERE company_id = NEW.id;
    RETURN NULL;
END;
$$;
CREATE TRIGGER page_copies_company_changed AFTER UPDATE ON companies
    FOR EACH ROW EXECUTE FUNCTION page_copies_company_changed();

CREATE FUNCTION page_copies_application_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM page_copies WHERE company_id = (SELECT company_id FROM jobs WHERE id = NEW.job_id);
    RETURN NULL;
END;
$$;
CREATE TRIGGER page_copies_application_added AFTER INSERT ON applications
    FOR EACH ROW EXECUTE FUNCTION page_copies_application_changed();
CREATE TRIGGER page_copies_application_answered AFTER UPDATE OF first_response_at ON applications
    FOR EACH ROW EXECUTE FUNCTION page_copies_application_changed();

-- The topic versions move once per row changed, as on SQLite: a statement
-- that changes no row (the guides written again at start, unchanged) moves
-- nothing, so a server's start leaves every kept page current.
DROP TRIGGER pages_guide_changed ON guides;
DROP TRIGGER pages_company_changed ON companies;
DROP TRIGGER pages_logo_changed ON company_logos;
CREATE TRIGGER pages_guide_changed AFTER INSERT OR UPDATE OR DELETE ON guides
    FOR EACH ROW EXECUTE FUNCTION pages_topic_changed('guides');
CREATE TRIGGER pages_company_changed AFTER UPDATE OR DELETE ON companies
    FOR EACH ROW EXECUTE FUNCTION pages_topic_changed('companies');
CREATE TRIGGER pages_logo_changed AFTER INSERT OR UPDATE OR DELETE ON company_logos
    FOR EACH ROW EXECUTE FUNCTION pages_topic_changed('companies');
