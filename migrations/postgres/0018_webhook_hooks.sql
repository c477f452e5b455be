-- A webhook's address is a secret (it posts to a channel): a delivery names
-- its webhook by a digest of the address (`hook`) instead of copying it, and
-- the server finds the address in its own settings when it sends.
ALTER TABLE webhook_outbox ADD COLUMN hook TEXT NOT NULL DEFAULT '';
ALTER TABLE webhook_outbox DROP COLUMN url;
