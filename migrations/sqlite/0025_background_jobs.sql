-- One queue for the work done after a request: each row is a job of a
-- kind with its data (JSON), when it may run, and the lease of the server
-- running it. A job that succeeds is deleted; one that runs out of tries
-- keeps its row, marked failed, until pruning. `key` makes a job unique
-- within its kind (a file is deleted once), and lets a later change call
-- it off. File deletions, webhook deliveries and e-mail waiting move here.
CREATE TABLE background_jobs (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    kind         TEXT    NOT NULL,
    key          TEXT,
    data         TEXT    NOT NULL,
    attempts     INTEGER NOT NULL DEFAULT 0,
    run_at       INTEGER NOT NULL,
    leased_by    TEXT,
    leased_until INTEGER,
    last_error   TEXT,
    failed_at    INTEGER,
    created_at   INTEGER NOT NULL
);
CREATE INDEX background_jobs_due ON background_jobs (kind, run_at, id) WHERE failed_at IS NULL;
CREATE UNIQUE INDEX background_jobs_keyed ON background_jobs (kind, key) WHERE key IS NOT NULL AND failed_at IS NULL;

INSERT INTO background_jobs (kind, key, data, run_at, created_at)
SELECT 'delete-file', key, json_object('key', key), created_at + 3600, created_at FROM file_deletions;
DROP TABLE file_deletions;

INSERT INTO background_jobs (kind, data, attempts, run_at, last_error, created_at)
SELECT 'deliver-webhook',
       json_object('job_id', job_id, 'kind', kind, 'hook', hook, 'payload', payload),
       attempts, next_attempt_at, last_error, created_at
FROM webhook_outbox WHERE sent_at IS NULL AND failed_at IS NULL;
DROP TABLE webhook_outbox;

-- The outbox keeps the messages (and what became of each); sending them is
-- a job of the queue now.
INSERT INTO background_jobs (kind, data, attempts, run_at, last_error, created_at)
SELECT 'send-mail', '{"id":' || id || '}', attempts, next_attempt_at, last_error, created_at
FROM outbox WHERE sent_at IS NULL AND failed_at IS NULL;
DROP INDEX outbox_due;
ALTER TABLE outbox DROP COLUMN claimed_by;
ALTER TABLE outbox DROP COLUMN claimed_until;
ALTER TABLE outbox DROP COLUMN next_attempt_at;
