-- The schema owner (notification_owner, the role this migration runs as: `java -jar notification-service.jar migrate`)
-- is no longer the role the service runs as. ${runtime_role} (notification_service) owns nothing: it cannot CREATE,
-- ALTER or DROP a table, create a trigger, disable one, or set session_replication_role, and it gets here exactly the
-- privileges the service's code uses (derived from every SELECT, INSERT, UPDATE, DELETE, ON CONFLICT and FOR UPDATE in
-- src/main/java and in the platform classes it runs: ProcessedEvents, OutboxTable, the Keycloak directory sync).
-- INSERT and UPDATE are granted on the columns the code writes; a column the code never writes (a created_at, an
-- identity, an item's content) keeps the value it was written with.
--
-- No ALTER DEFAULT PRIVILEGES: a migration that adds a table grants the runtime role what it needs on it, explicitly,
-- in the same migration. A table nobody granted is one the service cannot use, which a test finds at once; a default
-- grant would hand every future table to the runtime role unseen.
--
-- Existing installations: the tables were created by notification_service. A superuser makes notification_owner their
-- owner once, before this migration runs as notification_owner (infra/postgres/01-service-databases.sql,
-- infra/k8s/README.md "Upgrading notification-db"; the local stack does it itself):
--   CREATE ROLE notification_owner LOGIN PASSWORD '...';
--   ALTER DATABASE notification_service OWNER TO notification_owner;
--   GRANT CONNECT ON DATABASE notification_service TO notification_service;
--   \c notification_service
--   REASSIGN OWNED BY notification_service TO notification_owner;   -- tables, sequences, Flyway's history

REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO ${runtime_role};

-- the running service validates the schema (Flyway validate) and never migrates
REVOKE ALL ON flyway_schema_history FROM PUBLIC;
GRANT SELECT ON flyway_schema_history TO ${runtime_role};

-- The consumers' idempotency ledger (platform ProcessedEvents): one INSERT ... ON CONFLICT DO NOTHING per event, in the
-- transaction that applies it. Nothing in the service reads, changes or deletes a row: no SELECT, no UPDATE, no DELETE.
GRANT INSERT (consumer, event_id) ON processed_events TO ${runtime_role};

-- Who works where (UnitDirectory): entries are upserted from Keycloak or the configuration, deactivated when gone from
-- the realm, suspended and lifted by an administrator (an audited event); never deleted, and an entry's id never changes.
GRANT SELECT ON directory_users TO ${runtime_role};
GRANT INSERT (user_id, username, email, agency, municipality, unit, roles, active, source, synced_at)
    ON directory_users TO ${runtime_role};
GRANT UPDATE (username, email, agency, municipality, unit, roles, active, source, synced_at, updated_at,
    suspended_at, suspended_by) ON directory_users TO ${runtime_role};

-- The routing projection (CaseRoutes): upserted and refreshed from case events, deleted when a case's data is cleared.
GRANT SELECT, DELETE ON case_routes, referral_routes TO ${runtime_role};
GRANT INSERT (case_id, program, municipality, unit, protected_identity, owner_user_id, team) ON case_routes TO ${runtime_role};
GRANT UPDATE (program, municipality, unit, protected_identity, owner_user_id, team, updated_at) ON case_routes TO ${runtime_role};
GRANT INSERT (referral_id, case_id, police_unit) ON referral_routes TO ${runtime_role};
GRANT UPDATE (police_unit) ON referral_routes TO ${runtime_role};

-- The inboxes (Inbox, UnitInbox): an item is written once; a person marks theirs read, a unit member claims and
-- releases the unit's; the retention job deletes old items. What an item says, to whom and when is never updated.
GRANT SELECT, DELETE ON notifications, unit_notifications TO ${runtime_role};
GRANT INSERT (id, recipient_user_id, kind, case_id, referral_id, message, link, source_event_id) ON notifications TO ${runtime_role};
GRANT UPDATE (read_at) ON notifications TO ${runtime_role};
GRANT INSERT (id, audience, kind, case_id, referral_id, message, link, source_event_id) ON unit_notifications TO ${runtime_role};
GRANT UPDATE (claimed_by, claimed_at) ON unit_notifications TO ${runtime_role};

-- Mail preferences (PreferencesRepository): upserted by their owner, never deleted.
GRANT SELECT ON notification_preferences TO ${runtime_role};
GRANT INSERT (user_id, mail_kinds, delivery) ON notification_preferences TO ${runtime_role};
GRANT UPDATE (mail_kinds, delivery, updated_at) ON notification_preferences TO ${runtime_role};

-- The mail outbox (MailOutbox, MailDispatcher, the operators' requeue): enqueued with the item, locked FOR UPDATE SKIP
-- LOCKED, claimed for a lease, retargeted to the recipient's current address, marked sent, retried, failed or
-- cancelled; deleted with its item by the retention job once it is no longer pending.
GRANT SELECT, DELETE ON mail_deliveries TO ${runtime_role};
GRANT INSERT (id, notification_id, recipient_user_id, recipient_email, delivery, next_attempt_at) ON mail_deliveries TO ${runtime_role};
GRANT UPDATE (status, attempts, next_attempt_at, last_error, sent_at, recipient_email) ON mail_deliveries TO ${runtime_role};

-- The directory edits' events for the audit log (DirectoryEventOutbox, platform OutboxTable): written once in the edit's
-- transaction, then only their publish bookkeeping changes (published_at, and dead_lettered_at for one Kafka can never
-- take; FOR UPDATE SKIP LOCKED needs an UPDATE grant on some column). Never deleted.
GRANT SELECT ON directory_event_outbox TO ${runtime_role};
GRANT INSERT (event_id, cloud_event, traceparent) ON directory_event_outbox TO ${runtime_role};
GRANT UPDATE (published_at, dead_lettered_at) ON directory_event_outbox TO ${runtime_role};

-- The idempotency ledger is append-only for every role, the owner included: with a row deleted or rewritten, a
-- redelivered or replayed event is applied a second time (an older CaseTeamChanged sets a case's team back, a routing
-- change is undone), and nothing in the service ever changes a row.
CREATE FUNCTION processed_events_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'processed_events is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER processed_events_no_update_or_delete BEFORE UPDATE OR DELETE ON processed_events
    FOR EACH ROW EXECUTE FUNCTION processed_events_is_append_only();
CREATE TRIGGER processed_events_no_truncate BEFORE TRUNCATE ON processed_events
    FOR EACH STATEMENT EXECUTE FUNCTION processed_events_is_append_only();

-- A directory event's content is as written, for every role: only its publish bookkeeping may change (the grants above
-- already keep the runtime role to those two columns), and no event is ever deleted or truncated away before or after
-- the audit log has it: not who suspended whom, not the event's id, not the trace it belongs to.
CREATE FUNCTION directory_event_outbox_keeps_its_events() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND NEW.position = OLD.position AND NEW.event_id = OLD.event_id
            AND NEW.cloud_event = OLD.cloud_event AND NEW.created_at = OLD.created_at
            AND NEW.traceparent IS NOT DISTINCT FROM OLD.traceparent THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'directory_event_outbox keeps its events as written: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER directory_event_outbox_content_unchanged BEFORE UPDATE OR DELETE ON directory_event_outbox
    FOR EACH ROW EXECUTE FUNCTION directory_event_outbox_keeps_its_events();
CREATE TRIGGER directory_event_outbox_no_truncate BEFORE TRUNCATE ON directory_event_outbox
    FOR EACH STATEMENT EXECUTE FUNCTION directory_event_outbox_keeps_its_events();

-- A delivery's identity (which item, to whom, how, since when) is as written, and a mail that went out stays recorded as
-- it went (the address, the time, the attempts), for every role: SENT is final in the dispatcher, nothing updates a
-- sent delivery, so a changed row could only hide or forge where a notice about a case was mailed. The retention job
-- deletes old deliveries that are no longer pending (DELETE is granted); no one truncates the table.
CREATE FUNCTION mail_deliveries_keep_what_was_sent() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND OLD.status <> 'SENT' AND NEW.id = OLD.id AND NEW.notification_id = OLD.notification_id
            AND NEW.recipient_user_id = OLD.recipient_user_id AND NEW.delivery = OLD.delivery
            AND NEW.created_at = OLD.created_at THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'mail_deliveries keeps a delivery''s identity and a sent mail''s record as written: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER mail_deliveries_sent_unchanged BEFORE UPDATE ON mail_deliveries
    FOR EACH ROW EXECUTE FUNCTION mail_deliveries_keep_what_was_sent();
CREATE TRIGGER mail_deliveries_no_truncate BEFORE TRUNCATE ON mail_deliveries
    FOR EACH STATEMENT EXECUTE FUNCTION mail_deliveries_keep_what_was_sent();
