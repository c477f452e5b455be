-- The operator's webhooks (Slack, Discord or plain JSON) hear of every newly
-- published posting. A posting is announced once (`announced_at`); each
-- delivery waits in its own outbox and is retried with growing pauses until
-- the receiver takes it or the tries run out. Postings public before this
-- migration count as announced.

ALTER TABLE jobs ADD COLUMN announced_at INTEGER;
UPDATE jobs SET announced_at = COALESCE(published_at, created_at) WHERE published_at IS NOT NULL;

CREATE TABLE webhook_outbox (
    id              INTEGER PRIMARY KEY,
    job_id          INTEGER NOT NULL,
    kind            TEXT NOT NULL,
    url             TEXT NOT NULL,
    payload         TEXT NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    sent_at         INTEGER,
    failed_at       INTEGER,
    last_error      TEXT,
    created_at      INTEGER NOT NULL
);
CREATE INDEX webhook_outbox_due ON webhook_outbox (sent_at, failed_at, next_attempt_at);
CREATE INDEX jobs_unannounced ON jobs (status, announced_at);
