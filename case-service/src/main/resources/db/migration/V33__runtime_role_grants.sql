-- The schema owner (case_owner, the role this migration runs as: `java -jar case-service.jar migrate`) is no longer
-- the role the service runs as. ${runtime_role} (case_service) owns nothing: it cannot CREATE, ALTER or DROP a table,
-- create a trigger, disable one, or set session_replication_role, and it gets here exactly the privileges the service's
-- code uses (derived from every INSERT, UPDATE, DELETE, ON CONFLICT and FOR UPDATE in src/main/java, Axon's JDBC event
-- storage engine and its JDBC token store).
--
-- No ALTER DEFAULT PRIVILEGES: a migration that adds a table grants the runtime role what it needs on it, explicitly,
-- in the same migration. A table nobody granted is one the service cannot use, which a test
-- finds at once; a default grant would hand every future table to the runtime role unseen.
--
-- Existing installations: the tables were created by case_service. A superuser makes case_owner their owner once,
-- before this migration runs as case_owner (infra/postgres/01-service-databases.sql; the local stack does it itself):
--   CREATE ROLE case_owner LOGIN PASSWORD '...';
--   ALTER DATABASE case_service OWNER TO case_owner;
--   \c case_service
--   REASSIGN OWNED BY case_service TO case_owner;

REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO ${runtime_role};
GRANT USAGE ON SCHEMA keyvault TO ${runtime_role};

-- the running service validates the schema (Flyway validate) and never migrates
GRANT SELECT ON flyway_schema_history TO ${runtime_role};

-- Axon's event store: events are appended and read, never changed (triggers below, for every role). Snapshots are a
-- cache the engine replaces (it deletes the older ones when it stores one, LateSnapshots deletes unusable ones).
-- Processors' tokens are claimed, moved and released by the token store.
GRANT SELECT, INSERT ON domain_event_entry TO ${runtime_role};
GRANT USAGE ON SEQUENCE domain_event_entry_seq TO ${runtime_role};
GRANT SELECT, INSERT, DELETE ON snapshot_event_entry TO ${runtime_role};
GRANT SELECT, INSERT, UPDATE, DELETE ON token_entry TO ${runtime_role};

-- Access events: written once, then only their publish bookkeeping changes (platform OutboxTable: published_at, and
-- dead_lettered_at for one Kafka can never take; FOR UPDATE SKIP LOCKED needs an UPDATE grant on some column). The
-- signed bytes (cloud_event), their identity and case are never updated, and no row is ever deleted.
GRANT SELECT, INSERT ON access_outbox TO ${runtime_role};
GRANT UPDATE (published_at, dead_lettered_at) ON access_outbox TO ${runtime_role};
GRANT USAGE ON SEQUENCE access_outbox_position_seq TO ${runtime_role};
GRANT SELECT, INSERT ON break_glass_reason TO ${runtime_role};

-- Integration publishing (IntegrationEventRelay, PublicationManifests, PublishDeadLetters)
GRANT SELECT, INSERT ON relayed_integration_event TO ${runtime_role};
GRANT SELECT, INSERT, UPDATE, DELETE ON integration_case_ref TO ${runtime_role};
GRANT SELECT, INSERT ON publication_manifest TO ${runtime_role};
GRANT UPDATE (published_at) ON publication_manifest TO ${runtime_role};
GRANT SELECT ON publication_manifest_stream TO ${runtime_role};
GRANT UPDATE (last_position, last_sequence) ON publication_manifest_stream TO ${runtime_role};
GRANT SELECT, INSERT ON publish_dead_letter TO ${runtime_role};
GRANT USAGE ON SEQUENCE publish_dead_letter_id_seq TO ${runtime_role};

-- Catalogues: versions are appended (and refused UPDATE/DELETE by their own triggers, V23); the baselines are the
-- migrations' (V26, sealed by V32): the service only reads them, so it can no longer raise one.
GRANT SELECT, INSERT ON catalogue_version TO ${runtime_role};
GRANT SELECT ON catalogue_seal_baseline TO ${runtime_role};

-- Read models the projections build, rewrite and reset on replay
GRANT SELECT, INSERT, UPDATE, DELETE ON case_summary, case_deadline, case_commitment, case_partner_share,
    referral_summary, intake_case, intake_report TO ${runtime_role};

-- Effect figures (EffectFacts folds and resets its pseudonymous facts; a publication is frozen, then marked sent)
GRANT SELECT, INSERT, UPDATE, DELETE ON effect_case, effect_fact, effect_folded TO ${runtime_role};
GRANT USAGE ON SEQUENCE effect_fact_fact_id_seq TO ${runtime_role};
GRANT SELECT, INSERT ON effect_publication TO ${runtime_role};
GRANT UPDATE (published_at) ON effect_publication TO ${runtime_role};

-- Requests and registers the service keeps
GRANT SELECT, INSERT, UPDATE, DELETE ON idempotency_record TO ${runtime_role};
GRANT SELECT, INSERT, UPDATE ON staff_directory TO ${runtime_role};
GRANT SELECT, INSERT, UPDATE ON subject_access_request TO ${runtime_role};
GRANT SELECT, INSERT ON reporter_feedback_withholding TO ${runtime_role};
GRANT UPDATE (lifted_by, lifted_at) ON reporter_feedback_withholding TO ${runtime_role};

-- The key vault: data keys are made, re-wrapped under a new master key and deleted when a subject is shredded
GRANT SELECT, INSERT, UPDATE, DELETE ON keyvault.subject_key TO ${runtime_role};
GRANT SELECT, INSERT ON keyvault.case_subject TO ${runtime_role};
GRANT UPDATE (cleared_at) ON keyvault.case_subject TO ${runtime_role};
GRANT SELECT, INSERT ON keyvault.case_document_cleared TO ${runtime_role};

-- (processed_events, from V2, is read and written by nothing in the service: no grant.)

-- The event store is append-only for every role, the owner included: a stored event is never updated or deleted
-- (crypto-shredding deletes the subject's key in keyvault, not the events), and the table is never truncated.
CREATE FUNCTION domain_event_entry_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'domain_event_entry is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER domain_event_entry_no_update_or_delete BEFORE UPDATE OR DELETE ON domain_event_entry
    FOR EACH ROW EXECUTE FUNCTION domain_event_entry_is_append_only();
CREATE TRIGGER domain_event_entry_no_truncate BEFORE TRUNCATE ON domain_event_entry
    FOR EACH STATEMENT EXECUTE FUNCTION domain_event_entry_is_append_only();

-- An access event's content is as written, for every role: only its publish bookkeeping may change (the grants above
-- already keep the runtime role to those two columns), and no access event is ever deleted or truncated away.
CREATE FUNCTION access_outbox_keeps_its_events() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND NEW.position = OLD.position AND NEW.event_id = OLD.event_id AND NEW.case_id = OLD.case_id
            AND NEW.cloud_event = OLD.cloud_event AND NEW.created_at = OLD.created_at
            AND NEW.traceparent IS NOT DISTINCT FROM OLD.traceparent THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'access_outbox keeps its access events as written: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER access_outbox_content_unchanged BEFORE UPDATE OR DELETE ON access_outbox
    FOR EACH ROW EXECUTE FUNCTION access_outbox_keeps_its_events();
CREATE TRIGGER access_outbox_no_truncate BEFORE TRUNCATE ON access_outbox
    FOR EACH STATEMENT EXECUTE FUNCTION access_outbox_keeps_its_events();
