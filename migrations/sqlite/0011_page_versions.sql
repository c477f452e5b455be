-- What public pages show besides postings, as a version per topic that
-- triggers bump: each app server's page cache reads these (a few rows) and
-- drops only the pages of a topic that moved. Postings have their own,
-- finer log (`search_changes`).

CREATE TABLE page_versions (
    topic   TEXT    PRIMARY KEY,
    version INTEGER NOT NULL DEFAULT 0
);
INSERT INTO page_versions (topic) VALUES ('guides'), ('companies');

CREATE TRIGGER pages_guide_inserted AFTER INSERT ON guides
BEGIN
    UPDATE page_versions SET version = version + 1 WHERE topic = 'guides';
END;
CREATE TRIGGER pages_guide_updated AFTER UPDATE ON guides
BEGIN
    UPDATE page_versions SET version = version + 1 WHERE topic = 'guides';
END;
CREATE TRIGGER pages_guide_deleted AFTER DELETE ON guides
BEGIN
    UPDATE page_versions SET version = version + 1 WHERE topic = 'guides';
END;

CREATE TRIGGER pages_company_updated AFTER UPDATE ON companies
BEGIN
    UPDATE page_versions SET version = version + 1 WHERE topic = 'companies';
END;
CREATE TRIGGER pages_company_deleted AFTER DELETE ON companies
BEGIN
    UPDATE page_versions SET version = version + 1 WHERE topic = 'companies';
END;
CREATE TRIGGER pages_logo_inserted AFTER INSERT ON company_logos
BEGIN
    UPDATE page_versions SET version = version + 1 WHERE topic = 'companies';
END;
CREATE TRIGGER pages_logo_updated AFTER UPDATE ON company_logos
BEGIN
    UPDATE page_versions SET version = version + 1 WHERE topic = 'companies';
END;
CREATE TRIGGER pages_logo_deleted AFTER DELETE ON company_logos
BEGIN
    UPDATE page_versions SET version = version + 1 WHERE topic = 'companies';
END;
