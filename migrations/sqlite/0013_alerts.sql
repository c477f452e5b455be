-- Job alerts: a saved search (the /jobs query string) mailed to an address,
-- no account needed. Links in the mails are keyed digests of the ids and the
-- subscriber's `link_key`; a new key ends every link mailed before.

CREATE TABLE alert_subscribers (
    id         INTEGER PRIMARY KEY,
    email      TEXT    NOT NULL UNIQUE,
    link_key   TEXT    NOT NULL,
    created_at INTEGER NOT NULL
);

CREATE TABLE alerts (
    id            INTEGER PRIMARY KEY,
    subscriber_id INTEGER NOT NULL REFERENCES alert_subscribers (id) ON DELETE CASCADE,
    query         TEXT    NOT NULL,
    frequency     TEXT    NOT NULL,
    -- Nothing but the confirmation is sent until the link in it is opened.
    confirmed_at  INTEGER,
    paused_at     INTEGER,
    -- Postings published after this are new to the subscriber.
    since         INTEGER NOT NULL,
    -- When the next digest is built.
    due_at        INTEGER NOT NULL,
    created_at    INTEGER NOT NULL,
    UNIQUE (subscriber_id, query)
);
CREATE INDEX alerts_due ON alerts (due_at) WHERE confirmed_at IS NOT NULL AND paused_at IS NULL;
