-- The runtime role may INSERT a checkpoint row at any size no checkpoint holds, below the latest one the log signed as
-- well as above it, and the integrity pass names every such row. Whether a row is the log's checkpoint is whether its
-- Ed25519 note verifies, about a millisecond a row with the JDK's Ed25519: every row on every start (a year of
-- checkpoints every 10 s is three million rows) would hold the first pass back for hours. Once a pass has verified a
-- row's note, it records here a keyed MAC over the row's size, root and note; later passes, in this process or the
-- next, recompute the MAC instead.
--
-- A cache of checks made, not evidence, like audit_search_seals (V9): the key derives from the checkpoint signing key,
-- which the database never holds, so a row changed or inserted by anyone cannot be given a seal that matches it; a seal
-- that is missing, of another key or that does not match sends the row back to the note's verification. Deleting or
-- forging seals only slows the check. Tree sizes and MACs only: no personal data.
CREATE TABLE checkpoint_seals (
    tree_size bigint PRIMARY KEY CHECK (tree_size >= 0),
    seal      bytea  NOT NULL CHECK (octet_length(seal) = 36)
);

GRANT SELECT, INSERT, UPDATE ON checkpoint_seals TO ${runtime_role};
