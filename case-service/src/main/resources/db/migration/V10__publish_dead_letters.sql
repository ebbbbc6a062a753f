-- Issue 10 item 7: a record Kafka can never take (too large, not serialisable, not matching its contract) is set aside
-- here with an alert, and its relay moves on to the next event instead of retrying it for ever. No payload is copied:
-- a case event stays in the event store (event_id = its Axon event id), an access event in access_outbox, so a fixed
-- record can be re-sent from there.
CREATE TABLE publish_dead_letter (
    id               bigserial   PRIMARY KEY,
    stream           text        NOT NULL CHECK (stream IN ('CASE_EVENTS', 'ACCESS_EVENTS')),
    event_id         uuid        NOT NULL,
    event_type       text        NOT NULL,
    case_id          text,
    size_bytes       integer,
    error_class      text        NOT NULL,
    dead_lettered_at timestamptz NOT NULL DEFAULT now(),
    resolved_at      timestamptz,
    UNIQUE (stream, event_id)
);
CREATE INDEX publish_dead_letter_unresolved ON publish_dead_letter (dead_lettered_at) WHERE resolved_at IS NULL;

ALTER TABLE access_outbox ADD COLUMN dead_lettered_at timestamptz;
