-- Stored events and snapshots carry a MAC of the service (storedevents.StoredEventMacs, config.AuthenticEventStorageEngine):
-- HMAC-SHA256 under a key the service process has and this database does not, over every column that gives the row
-- its meaning. ${runtime_role} must INSERT here (the service appends events and snapshots), so before this anyone with
-- its credentials could add an event (a copy of a genuine ConsentRecorded after its withdrawal) or a snapshot, and the
-- case, the read models and the integration relay (signing with the service's own key) took it as the service's.
-- The key id is stored with each MAC, so a later key verifies alongside the old ones.
ALTER TABLE domain_event_entry ADD COLUMN mac_key_id varchar(32), ADD COLUMN mac bytea;
ALTER TABLE snapshot_event_entry ADD COLUMN mac_key_id varchar(32), ADD COLUMN mac bytea;

-- The events stored before MACs existed end here: a row without a MAC is accepted only at or below this global index.
-- Recorded once, by the owner; the runtime role may only read it. (Snapshots need no line: one without a MAC is never
-- used, the case is folded from its events and snapshotted again; how many there were is kept for the operator.)
CREATE TABLE event_store_mac_boundary (
    last_global_index_without_mac bigint      NOT NULL,
    snapshots_without_mac         bigint      NOT NULL,
    recorded_at                   timestamptz NOT NULL DEFAULT now(),
    one_row                       boolean     NOT NULL DEFAULT true PRIMARY KEY CHECK (one_row)
);
INSERT INTO event_store_mac_boundary (last_global_index_without_mac, snapshots_without_mac)
SELECT (SELECT coalesce(max(global_index), 0) FROM domain_event_entry), (SELECT count(*) FROM snapshot_event_entry);
GRANT SELECT ON event_store_mac_boundary TO ${runtime_role};

-- The global index has gaps (rolled-back commands), and a row placed in one at or below the line would pass as an
-- event from before MACs: no new row may go there, for any role, whatever its MAC; and every new row carries a MAC (the
-- service always writes one, so a row without is not the service's; refused here rather than set aside later).
-- The sequence is past the line, so the service's own inserts (global_index by its default) are never refused.
CREATE FUNCTION domain_event_entry_after_mac_boundary() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.global_index <= (SELECT last_global_index_without_mac FROM event_store_mac_boundary) THEN
        RAISE EXCEPTION 'domain_event_entry: no event may be added at or below global index % (the events stored before MACs)',
            (SELECT last_global_index_without_mac FROM event_store_mac_boundary) USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF NEW.mac IS NULL OR NEW.mac_key_id IS NULL THEN
        RAISE EXCEPTION 'domain_event_entry: an event without a MAC is refused' USING ERRCODE = 'insufficient_privilege';
    END IF;
    -- the publication manifests read the time of the event after a hole in SQL: a text that is no time would stop them
    PERFORM NEW.time_stamp::timestamptz;
    RETURN NEW;
END
$$;
CREATE TRIGGER domain_event_entry_mac_boundary BEFORE INSERT ON domain_event_entry
    FOR EACH ROW EXECUTE FUNCTION domain_event_entry_after_mac_boundary();

-- A forged event is set aside in publish_dead_letter (ForgedAtSource) and the eventStoreIntegrity health stays DOWN
-- until an operator resolves it. The runtime role may add a dead letter (PublishDeadLetters), but no longer one already
-- resolved or dated: otherwise a row written ahead for the forged event's id, marked resolved, would have silenced it.
REVOKE INSERT ON publish_dead_letter FROM ${runtime_role};
GRANT INSERT (stream, event_id, event_type, case_id, size_bytes, error_class) ON publish_dead_letter TO ${runtime_role};
