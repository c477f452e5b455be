-- When a posting last went to review, so the board can tell employers how
-- long a moderator usually takes.
ALTER TABLE jobs ADD COLUMN submitted_at INTEGER;
