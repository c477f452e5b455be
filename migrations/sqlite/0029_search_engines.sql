-- What search engines were last told of each posting that was ever public:
-- whether it was live, at which path, as of which edit. A posting whose
-- state differs from this is told again (published, edited, closed,
-- filled, expired), and its row is brought up to date in the transaction
-- that queues the notices.
CREATE TABLE search_pings (
    job_id     INTEGER PRIMARY KEY REFERENCES jobs (id) ON DELETE CASCADE,
    live       INTEGER NOT NULL,
    path       TEXT    NOT NULL,
    updated_at INTEGER NOT NULL,
    told_at    INTEGER NOT NULL
);

-- Google's Indexing API: one row per request sent, so the requests of the
-- last 24 hours stay under the daily quota on every server together.
CREATE TABLE google_indexing_sends (
    id      INTEGER PRIMARY KEY,
    sent_at INTEGER NOT NULL
);
CREATE INDEX google_indexing_sends_by_time ON google_indexing_sends (sent_at);
