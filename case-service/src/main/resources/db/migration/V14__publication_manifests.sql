-- Issue 16: publication manifests, case-service's own account of what it published, numbered without gaps per stream
-- so the audit log can be reconciled with the event store and the access outbox (events present on one side only).

-- Every integration event the relay handled (published, or set aside in publish_dead_letter), at its event-store
-- position. Written in the relay's transaction, which also moves its token: a row exists iff the token passed it.
CREATE TABLE relayed_integration_event (
    global_index bigint PRIMARY KEY,
    event_id     uuid   NOT NULL UNIQUE,
    case_id      uuid
);

-- How far each stream has been listed. Locked FOR UPDATE while a manifest is numbered or sent, so two instances never
-- number the same range twice or send manifests out of order.
CREATE TABLE publication_manifest_stream (
    stream        text   PRIMARY KEY CHECK (stream IN ('CASE_EVENTS', 'ACCESS_EVENTS')),
    last_position bigint NOT NULL,
    last_sequence bigint NOT NULL
);
-- case events stored before this migration were relayed without a row above: the manifests start after them (they are
-- in no manifest); the access outbox keeps every row, so its manifests start at its beginning
INSERT INTO publication_manifest_stream (stream, last_position, last_sequence)
VALUES ('CASE_EVENTS', (SELECT coalesce(max(global_index), 0) FROM domain_event_entry), 0),
       ('ACCESS_EVENTS', 0, 0);

-- The manifests themselves, numbered and frozen before they are sent (the outbox of the manifests): a re-send after a
-- crash repeats the same id and content, never a new number for the same range.
CREATE TABLE publication_manifest (
    stream        text        NOT NULL REFERENCES publication_manifest_stream (stream),
    sequence      bigint      NOT NULL CHECK (sequence >= 1),
    manifest_id   uuid        NOT NULL UNIQUE,
    from_position bigint      NOT NULL,
    to_position   bigint      NOT NULL CHECK (to_position >= from_position),
    item_count    integer     NOT NULL,
    cloud_event   bytea       NOT NULL,
    issued_at     timestamptz NOT NULL,
    published_at  timestamptz,
    PRIMARY KEY (stream, sequence)
);
CREATE INDEX publication_manifest_unpublished ON publication_manifest (stream, sequence) WHERE published_at IS NULL;
