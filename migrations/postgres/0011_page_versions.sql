-- What public pages show besides postings, as a version per topic that
-- triggers bump: each app server's page cache reads these (a few rows) and
-- drops only the pages of a topic that moved. Postings have their own,
-- finer log (`search_changes`).

CREATE TABLE page_versions (
    topic   TEXT   PRIMARY KEY,
    version BIGINT NOT NULL DEFAULT 0
);
INSERT INTO page_versions (topic) VALUES ('guides'), ('companies');

CREATE FUNCTION pages_topic_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE page_versions SET version = version + 1 WHERE topic = TG_ARGV[0];
    RETURN NULL;
END;
$$;

CREATE TRIGGER pages_guide_changed AFTER INSERT OR UPDATE OR DELETE ON guides
    FOR EACH STATEMENT EXECUTE FUNCTION pages_topic_changed('guides');
CREATE TRIGGER pages_company_changed AFTER UPDATE OR DELETE ON companies
    FOR EACH STATEMENT EXECUTE FUNCTION pages_topic_changed('companies');
CREATE TRIGGER pages_logo_changed AFTER INSERT OR UPDATE OR DELETE ON company_logos
    FOR EACH STATEMENT EXECUTE FUNCTION pages_topic_changed('companies');
