-- Issue 12: a checkpoint or review item Kafka can never take (too large, not serialisable) is set aside here with an
-- alert, and the outbox relay goes on with the next record instead of retrying it for ever. No payload is copied: the
-- record stays in checkpoints / review_items (event_id is its CloudEvent id), so a fixed one can be re-sent from there.
CREATE TABLE publish_dead_letter (
    event_id         uuid        PRIMARY KEY,
    event_type       text        NOT NULL,
    size_bytes       integer,
    error_class      text        NOT NULL,
    dead_lettered_at timestamptz NOT NULL DEFAULT now()
);

GRANT SELECT, INSERT ON publish_dead_letter TO ${runtime_role};
