-- Rows of relayed_integration_event carry a seal of the service (publishing.RelayedEventSeals, RelayedEvents):
-- HMAC-SHA256 over the row's position, event id and case id, under a key the service process has and this database
-- does not (derived from the subject-pseudonym key with a label of its own, a key id stored with each seal).
-- ${runtime_role} must INSERT here (the relay records what it handled), so before this anyone with its credentials who
-- moved the relay's token past an event (token_entry) could also write the row saying the relay handled it: the event
-- counted as relayed, the publication manifests' check of the store passed over it, nothing set it aside or alerted,
-- and the manifests listed whatever event id and case the row named. A row whose seal fails now counts as none: the
-- event is listed from the store, set aside as NotRelayed and alerted, and the row is reported as forged.
ALTER TABLE relayed_integration_event ADD COLUMN seal_key_id varchar(32), ADD COLUMN seal bytea;

-- The rows written before seals existed cannot be sealed honestly now (whoever held the runtime role's password before
-- the upgrade could have written some of them; sealing them here would vouch for those too): they are taken as they
-- were, and only they. The line is the highest position among them; a row without a seal is accepted only at or below
-- it, and only because the trigger below lets no new one in. In practice the line matters only for the rows not yet
-- listed when the upgrade ran (those past publication_manifest_stream's CASE_EVENTS position: a minute's worth):
-- everything at or below that position is in a manifest already. Recorded once, by the owner; the runtime role may
-- only read it.
CREATE TABLE relayed_integration_event_seal_boundary (
    last_global_index_without_seal bigint      NOT NULL,
    rows_without_seal              bigint      NOT NULL,
    recorded_at                    timestamptz NOT NULL DEFAULT now(),
    one_row                        boolean     NOT NULL DEFAULT true PRIMARY KEY CHECK (one_row)
);
INSERT INTO relayed_integration_event_seal_boundary (last_global_index_without_seal, rows_without_seal)
SELECT coalesce(max(global_index), 0), count(*) FROM relayed_integration_event;
GRANT SELECT ON relayed_integration_event_seal_boundary TO ${runtime_role};

-- Every new row carries a seal, for every role (the relay always writes one, so a row without is not the service's;
-- refused here rather than found later). Unlike the event store (V35) a sealed row may go below the line: the relay
-- writes rows for positions it handles late (a hole filled, a replay from the start), and a seal checks on its own.
-- Whether a seal is the service's the database cannot tell; the service checks it on every read.
CREATE FUNCTION relayed_integration_event_is_sealed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.seal IS NULL OR NEW.seal_key_id IS NULL THEN
        RAISE EXCEPTION 'relayed_integration_event: a row without a seal is refused' USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER relayed_integration_event_sealed BEFORE INSERT ON relayed_integration_event
    FOR EACH ROW EXECUTE FUNCTION relayed_integration_event_is_sealed();
