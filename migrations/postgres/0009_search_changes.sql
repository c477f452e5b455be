-- Every change to what the search index holds: each app server's
-- in-process index reads the entries after the last one it saw (and
-- re-reads a few seconds back, since sequence numbers may commit out of
-- order). Triggers write them, so no code path can change a posting unseen.

CREATE TABLE search_changes (
    seq        BIGSERIAL PRIMARY KEY,
    job_id     BIGINT NOT NULL,
    changed_at BIGINT NOT NULL DEFAULT (EXTRACT(EPOCH FROM now())::BIGINT)
);

CREATE FUNCTION search_job_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        INSERT INTO search_changes (job_id) VALUES (OLD.id);
    ELSE
        INSERT INTO search_changes (job_id) VALUES (NEW.id);
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER search_job_inserted AFTER INSERT OR DELETE ON jobs
    FOR EACH ROW EXECUTE FUNCTION search_job_changed();

CREATE TRIGGER search_job_updated AFTER UPDATE OF
    company_id, title, category, level, employment_type, salary_min, salary_max, salary_currency,
    salary_period, salary_usd_max, stacks, locations, tz_min, tz_max, description, status,
    featured, published_at, expires_at ON jobs
    FOR EACH ROW EXECUTE FUNCTION search_job_changed();

CREATE FUNCTION search_company_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO search_changes (job_id) SELECT id FROM jobs WHERE company_id = NEW.id;
    RETURN NULL;
END;
$$;

CREATE TRIGGER search_company_updated AFTER UPDATE OF slug, name, verified_at ON companies
    FOR EACH ROW EXECUTE FUNCTION search_company_changed();
