-- Seekers' passkeys (WebAuthn): each credential with the stored passkey
-- (public key and counter, as the relying-party library serialises it),
-- and the ceremonies under way, so any app server finishes what another
-- began. `passkey_user` is the random user handle the authenticators keep.

ALTER TABLE seekers ADD COLUMN passkey_user TEXT;
CREATE UNIQUE INDEX seekers_by_passkey_user ON seekers (passkey_user) WHERE passkey_user IS NOT NULL;

CREATE TABLE seeker_passkeys (
    id            INTEGER PRIMARY KEY,
    seeker_id     INTEGER NOT NULL REFERENCES seekers (id) ON DELETE CASCADE,
    credential_id TEXT    NOT NULL UNIQUE,
    passkey       TEXT    NOT NULL,
    created_at    INTEGER NOT NULL,
    last_used_at  INTEGER
);
CREATE INDEX seeker_passkeys_by_seeker ON seeker_passkeys (seeker_id);

-- One registration or sign-in in progress: the browser holds its token.
CREATE TABLE passkey_ceremonies (
    token_hash TEXT    PRIMARY KEY,
    -- Whose passkey is being added; NULL for a sign-in.
    seeker_id  INTEGER REFERENCES seekers (id) ON DELETE CASCADE,
    state      TEXT    NOT NULL,
    expires_at INTEGER NOT NULL
);
