-- Scheduled backups: one row per window, taken by the one server whose
-- insert made it (the others find it there and do nothing), with where the
-- copy went, so old copies can be pruned.
CREATE TABLE backup_runs (
    window_start BIGINT PRIMARY KEY,
    target       TEXT    NOT NULL,
    started_at   BIGINT NOT NULL,
    finished_at  BIGINT
);
