-- The integrity pass re-derives every entry's search columns from its signed bytes, which means parsing each entry on
-- every pass: on a log of millions that parse was most of the service's CPU and made the ingest wait. Once a pass has
-- checked an entry in full, it records here a keyed MAC over the entry's leaf index, stored leaf hash and search
-- columns; later passes recompute the MAC from the columns instead of parsing the bytes again.
--
-- This table is a cache of checks already made, not evidence, so it is not append-only: a pass writes a new seal when
-- the key changes. The key derives from the checkpoint signing key, which the database never holds: a superuser who
-- changes a search column cannot write a seal that matches it. A seal that is missing, of another key or that does
-- not match sends the entry back to the full check, which finds the change; deleting or forging seals only slows
-- the check. Leaf indexes and MACs only: no personal data.
CREATE TABLE audit_search_seals (
    leaf_index bigint PRIMARY KEY CHECK (leaf_index >= 0),
    seal       bytea  NOT NULL CHECK (octet_length(seal) = 36)
);

GRANT SELECT, INSERT, UPDATE ON audit_search_seals TO ${runtime_role};
