-- A review item is derived from the log but kept in a table a superuser can edit (move an item to another
-- municipality's queue, change its rule, case or actor). From now on the sequencer writes each item with a seal: a
-- 4-byte key tag and an HMAC-SHA256 over every column, under a key derived from the checkpoint signing key, which the
-- database never holds; audit-service's ReviewQueueIntegrity recomputes them. Items from before carry none.
ALTER TABLE review_items ADD COLUMN seal bytea CHECK (seal IS NULL OR octet_length(seal) = 36);
