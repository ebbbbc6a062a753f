-- The directory edits' events for the audit log (DirectoryEntryChanged), written in the edit's own transaction and
-- relayed to Kafka by the platform's OutboxRelay: an edit is in the log if and only if it was made. They were sent
-- to Kafka before the edit committed, so an edit whose commit then failed (the database gone, the process killed)
-- was in the log all the same. Rows are kept after they are sent, as case-service keeps its access outbox's.
CREATE TABLE directory_event_outbox (
    position         bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_id         uuid        NOT NULL UNIQUE,
    cloud_event      bytea       NOT NULL,
    traceparent      text,
    created_at       timestamptz NOT NULL DEFAULT now(),
    published_at     timestamptz,
    dead_lettered_at timestamptz
);
CREATE INDEX directory_event_outbox_pending ON directory_event_outbox (position)
    WHERE published_at IS NULL AND dead_lettered_at IS NULL;
