-- The runtime role may INSERT into review_item_occurrences, and an occurrence it wrote onto a genuine item inflated the
-- item's occurrenceCount, lastOccurredAt and listed occurrences. From now on the sequencer writes each occurrence with a
-- seal as it writes items (V11): a 4-byte key tag and an HMAC-SHA256 over every column, under a key of its own derived
-- from the checkpoint signing key, which the database never holds. Occurrences from before carry none; audit-service's
-- ReviewQueueIntegrity takes such a row only below the line its log draws for the key, and only as its leaf says.
ALTER TABLE review_item_occurrences ADD COLUMN seal bytea CHECK (seal IS NULL OR octet_length(seal) = 36);

-- A row inserted ahead of a genuine one took its place: an item (or an occurrence) for a rule and a source event that
-- were not in the log yet (an event's id is on Kafka before it is appended, and an occurrence's leaf may be any leaf)
-- made the sequencer's insert of the genuine one conflict, and ON CONFLICT DO NOTHING dropped it. An item is now found
-- by its id alone, which is keyed under the same kind of key (the runtime role cannot compute the id of an item to
-- come), and an occurrence by its item and leaf, a leaf the sequencer writes in the transaction that attaches it.
ALTER TABLE review_items DROP CONSTRAINT review_items_rule_source_event_id_key;
ALTER TABLE review_item_occurrences DROP CONSTRAINT review_item_occurrences_rule_source_event_id_key;
