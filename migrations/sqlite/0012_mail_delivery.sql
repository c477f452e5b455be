-- Delivering the outbox for real: a sender claims a message before sending
-- it (another server takes over a claim left past `claimed_until`), retries
-- temporary failures at `next_attempt_at`, and gives up on permanent ones.
-- Digests carry an HTML part and a one-click unsubscribe address.

ALTER TABLE outbox ADD COLUMN html TEXT;
ALTER TABLE outbox ADD COLUMN unsubscribe_url TEXT;
ALTER TABLE outbox ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE outbox ADD COLUMN next_attempt_at INTEGER NOT NULL DEFAULT 0;
ALTER TABLE outbox ADD COLUMN claimed_by TEXT;
ALTER TABLE outbox ADD COLUMN claimed_until INTEGER;
ALTER TABLE outbox ADD COLUMN failed_at INTEGER;
ALTER TABLE outbox ADD COLUMN last_error TEXT;
CREATE INDEX outbox_due ON outbox (next_attempt_at, id) WHERE sent_at IS NULL AND failed_at IS NULL;

-- Addresses a mail server refused for good: alerts to them pause.
CREATE TABLE mail_bounces (
    email      TEXT    PRIMARY KEY,
    reason     TEXT    NOT NULL,
    bounced_at INTEGER NOT NULL
);
