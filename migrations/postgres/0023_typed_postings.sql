-- What an employer is typing into a posting's form (0: a new one), kept as
-- they type so a closed tab or a lost connection loses nothing; gone once
-- the form is saved or the draft discarded.
CREATE TABLE typed_postings (
    user_id    BIGINT  NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    posting_id BIGINT  NOT NULL,
    draft      TEXT    NOT NULL,
    saved_at   BIGINT  NOT NULL,
    PRIMARY KEY (user_id, posting_id)
);
