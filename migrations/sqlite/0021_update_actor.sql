-- Who on the company's team moved an application, for the team's own
-- history (the candidate never sees it).
ALTER TABLE application_updates ADD COLUMN actor TEXT;
