-- Stored files whose record is gone, to be deleted from storage. The record
-- and this row change in one transaction; the file goes after the commit,
-- and a file storage could not delete then is tried again by the freshness
-- task, so none is left behind for good.

CREATE TABLE file_deletions (
    key        TEXT   PRIMARY KEY,
    created_at INTEGER NOT NULL
);
