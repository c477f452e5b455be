-- Career guides: long-form articles in Markdown. Loaded from
-- content/guides/ when missing; the database is their home afterwards.

CREATE TABLE guides (
    id           INTEGER PRIMARY KEY,
    slug         TEXT    NOT NULL UNIQUE,
    title        TEXT    NOT NULL,
    summary      TEXT    NOT NULL,
    author       TEXT    NOT NULL,
    -- The category whose jobs the guide lists (a slug), if any.
    category     TEXT,
    body         TEXT    NOT NULL,
    -- Frequently asked questions: a JSON array of [question, answer] pairs.
    faq          TEXT    NOT NULL,
    published_at INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL
);
CREATE INDEX guides_newest ON guides (published_at DESC);
