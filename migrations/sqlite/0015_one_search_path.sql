-- Every search, feed, API list, alert digest and guide's related jobs goes
-- through the in-process search engine (`server::search`), which reads the
-- jobs table itself. The database's own full-text table and the stack and
-- location side tables were written with each posting and read by nothing:
-- they go. (`jobs.stacks` and `jobs.locations` keep what the side tables
-- repeated.)

DROP TABLE jobs_fts;
DROP TABLE job_stacks;
DROP TABLE job_locations;
