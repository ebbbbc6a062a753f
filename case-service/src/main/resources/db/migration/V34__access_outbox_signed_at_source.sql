-- Access events are signed by case-service when it writes them (AccessLog), and the relay sends access_outbox.cloud_event
-- byte for byte after verifying it against the service's own keys (AccessOutbox, platform OutboxTable.SignedAtSource).
-- Before, rows were unsigned and the relay signed whatever a row said at send time: anyone with the runtime role's
-- credentials (${runtime_role} must INSERT here) could write "anna read case X under break-glass" and case-service
-- itself signed it.
--
-- Rows the previous version wrote unsigned and had not sent yet must still go out: their positions are recorded here,
-- once, at the upgrade, and only those are signed at send time. Every other unsigned row is set aside as forged.
-- The table belongs to the migrating owner; the runtime role may only read it.
CREATE TABLE access_outbox_legacy_unsigned (
    position bigint NOT NULL PRIMARY KEY
);
INSERT INTO access_outbox_legacy_unsigned (position)
SELECT position FROM access_outbox WHERE published_at IS NULL AND dead_lettered_at IS NULL;

GRANT SELECT ON access_outbox_legacy_unsigned TO ${runtime_role};

-- The last row written before signing at the source: the subject access export (PoliceReads) reads the outbox itself,
-- and an unsigned row after this line is no access that happened, however it was marked (the runtime role may set
-- published_at, as the relay must).
CREATE TABLE access_outbox_signing_line (
    last_unsigned_position bigint NOT NULL
);
INSERT INTO access_outbox_signing_line (last_unsigned_position) SELECT coalesce(max(position), 0) FROM access_outbox;
GRANT SELECT ON access_outbox_signing_line TO ${runtime_role};

-- what AccessLog writes and nothing else: no position of its choosing, no row already marked published or set aside
REVOKE INSERT ON access_outbox FROM ${runtime_role};
GRANT INSERT (event_id, case_id, cloud_event, traceparent) ON access_outbox TO ${runtime_role};
