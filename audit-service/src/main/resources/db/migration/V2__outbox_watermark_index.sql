-- The outbox publisher reads review items from a watermark on the leaf that raised them.
CREATE INDEX review_items_source_leaf ON review_items (source_leaf_index);
