-- What a remote developer asks of every posting, answered by the posting:
-- the core hours a team shares (in UTC, with the hours one must overlap),
-- how the company hires people where they live, the hiring process, and
-- when the team last confirmed that the job is still open.

ALTER TABLE jobs ADD COLUMN core_start BIGINT;
ALTER TABLE jobs ADD COLUMN core_end BIGINT;
ALTER TABLE jobs ADD COLUMN core_need BIGINT;
-- Hire modes and employee countries: slugs, comma-separated ('' = not said).
ALTER TABLE jobs ADD COLUMN hire_modes TEXT NOT NULL DEFAULT '';
ALTER TABLE jobs ADD COLUMN employee_countries TEXT NOT NULL DEFAULT '';
ALTER TABLE jobs ADD COLUMN visa_sponsor BIGINT NOT NULL DEFAULT 0;
ALTER TABLE jobs ADD COLUMN hiring_steps TEXT NOT NULL DEFAULT '';
ALTER TABLE jobs ADD COLUMN decision_days BIGINT;
-- When the team last said "still hiring" (NULL: not since publishing), and
-- when it was last asked (NULL: no question waits for an answer).
ALTER TABLE jobs ADD COLUMN confirmed_at BIGINT;
ALTER TABLE jobs ADD COLUMN confirm_asked_at BIGINT;
-- When the team said the job was filled (which closed it).
ALTER TABLE jobs ADD COLUMN filled_at BIGINT;

CREATE INDEX jobs_confirm_due ON jobs (status, confirm_asked_at);

DROP TRIGGER search_job_updated ON jobs;
CREATE TRIGGER search_job_updated AFTER UPDATE OF
    company_id, title, category, level, employment_type, salary_min, salary_max, salary_currency,
    salary_period, salary_usd_max, stacks, locations, tz_min, tz_max, description, status,
    featured, published_at, expires_at, core_start, core_end, core_need, hire_modes,
    employee_countries, visa_sponsor, hiring_steps, decision_days, confirmed_at ON jobs
    FOR EACH ROW EXECUTE FUNCTION search_job_changed();
