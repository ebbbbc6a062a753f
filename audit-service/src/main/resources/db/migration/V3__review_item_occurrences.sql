-- A review item stands for one meaningful occurrence (an actor's evening, a day outside a case team, a burst of
-- reads); every access that falls into it is attached here, so the queue stays short and nothing is hidden.
-- The group key names the occurrence (rule specific); items of one event per rule have none.
ALTER TABLE review_items ADD COLUMN group_key text;
CREATE INDEX review_items_group ON review_items (rule, group_key, source_leaf_index) WHERE group_key IS NOT NULL;

CREATE TABLE review_item_occurrences (
    review_item_id    uuid        NOT NULL REFERENCES review_items (id),
    rule              text        NOT NULL,
    source_event_id   uuid        NOT NULL,
    source_leaf_index bigint      NOT NULL REFERENCES audit_entries (leaf_index),
    occurred_at       timestamptz NOT NULL,
    PRIMARY KEY (review_item_id, source_leaf_index),
    UNIQUE (rule, source_event_id)
);
CREATE INDEX review_item_occurrences_event ON review_item_occurrences (source_event_id);

INSERT INTO review_item_occurrences (review_item_id, rule, source_event_id, source_leaf_index, occurred_at)
SELECT id, rule, source_event_id, source_leaf_index, raised_at FROM review_items;

CREATE TRIGGER review_item_occurrences_no_change BEFORE UPDATE OR DELETE ON review_item_occurrences
    FOR EACH ROW EXECUTE FUNCTION reject_change();
CREATE TRIGGER review_item_occurrences_no_truncate BEFORE TRUNCATE ON review_item_occurrences
    FOR EACH STATEMENT EXECUTE FUNCTION reject_change();

REVOKE ALL ON review_item_occurrences FROM PUBLIC;
GRANT SELECT, INSERT ON review_item_occurrences TO ${runtime_role};
