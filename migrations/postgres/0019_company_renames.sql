-- A public company's new name waits for a moderator (`pending_name`, asked
-- at `pending_name_at`); the board shows the name it had until then.
ALTER TABLE companies ADD COLUMN pending_name TEXT;
ALTER TABLE companies ADD COLUMN pending_name_at BIGINT;
