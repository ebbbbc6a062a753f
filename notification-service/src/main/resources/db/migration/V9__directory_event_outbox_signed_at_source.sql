-- Directory events are signed by notification-service when it writes them (DirectoryEventOutbox.record), and the relay
-- sends directory_event_outbox.cloud_event byte for byte after verifying it against the service's own keys (platform
-- OutboxTable.SignedAtSource, as case-service's access outbox since its V34). Before, rows were unsigned and the relay
-- signed whatever a row said at send time: anyone with the runtime role's credentials (${runtime_role} must INSERT
-- here) could write "administrator X suspended user Y", notification-service itself signed it, and the audit log
-- recorded an administrative act nobody made.
--
-- Rows the previous version wrote unsigned and had not sent yet must still go out: their positions are recorded here,
-- once, at the upgrade, and only those are signed at send time. Every other unsigned row is set aside as forged.
-- The table belongs to the migrating owner; the runtime role may only read it (the relay's claim joins it).
CREATE TABLE directory_event_outbox_legacy_unsigned (
    position bigint NOT NULL PRIMARY KEY
);
INSERT INTO directory_event_outbox_legacy_unsigned (position)
SELECT position FROM directory_event_outbox WHERE published_at IS NULL AND dead_lettered_at IS NULL;

GRANT SELECT ON directory_event_outbox_legacy_unsigned TO ${runtime_role};

-- The last row written before signing at the source: an unsigned row after this line is no edit that was made, however
-- it is marked (the runtime role may set published_at and dead_lettered_at, as the relay must). For whoever reads the
-- outbox itself later (an operator, an investigation); nothing in the service reads it, so the runtime role gets nothing.
CREATE TABLE directory_event_outbox_signing_line (
    last_unsigned_position bigint NOT NULL
);
INSERT INTO directory_event_outbox_signing_line (last_unsigned_position)
SELECT coalesce(max(position), 0) FROM directory_event_outbox;

-- The runtime role's INSERT stays as V8 granted it (event_id, cloud_event, traceparent): no position of its choosing,
-- no row born published or set aside. What it writes there is now sent only if the service's key signed it.
