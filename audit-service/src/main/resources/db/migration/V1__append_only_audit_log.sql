-- The audit log is a Merkle tree: audit_entries holds the leaves (the exact record bytes and their RFC 6962 leaf
-- hash), tree_nodes every complete subtree above them. Everything in this schema is insert-only: the runtime role
-- gets INSERT and SELECT, and triggers refuse UPDATE, DELETE and TRUNCATE even to the owner.

CREATE TABLE audit_entries (
    leaf_index   bigint      PRIMARY KEY CHECK (leaf_index >= 0),
    event_id     uuid        NOT NULL UNIQUE,
    source       text        NOT NULL,
    event_type   text        NOT NULL,
    case_id      uuid,
    subject_id   uuid,
    actor_id     text,
    action       text,
    legal_basis  text,
    outcome      text,
    reference_id uuid,
    occurred_at  timestamptz,
    recorded_at  timestamptz NOT NULL DEFAULT now(),
    entry        bytea       NOT NULL,
    leaf_hash    bytea       NOT NULL CHECK (octet_length(leaf_hash) = 32),
    -- for searching only: never hashed, never exported; the hash covers the bytes in entry
    search       jsonb
);
CREATE INDEX audit_entries_case ON audit_entries (case_id, leaf_index) WHERE case_id IS NOT NULL;
CREATE INDEX audit_entries_subject ON audit_entries (subject_id, leaf_index) WHERE subject_id IS NOT NULL;
CREATE INDEX audit_entries_actor ON audit_entries (actor_id, occurred_at) WHERE actor_id IS NOT NULL;
CREATE INDEX audit_entries_type ON audit_entries (event_type, leaf_index);
CREATE INDEX audit_entries_occurred ON audit_entries (occurred_at);
CREATE INDEX audit_entries_reference ON audit_entries (reference_id) WHERE reference_id IS NOT NULL;

CREATE TABLE tree_nodes (
    level      smallint NOT NULL CHECK (level >= 1),
    node_index bigint   NOT NULL CHECK (node_index >= 0),
    hash       bytea    NOT NULL CHECK (octet_length(hash) = 32),
    PRIMARY KEY (level, node_index)
);

CREATE TABLE checkpoints (
    tree_size   bigint      PRIMARY KEY,
    root_hash   bytea       NOT NULL,
    signed_note text        NOT NULL,
    event_id    uuid        NOT NULL UNIQUE,
    issued_at   timestamptz NOT NULL
);

CREATE TABLE review_items (
    id                uuid        PRIMARY KEY,
    rule              text        NOT NULL,
    case_id           uuid,
    owning_unit       text,
    municipality      text,
    actor_id          text,
    source_event_id   uuid        NOT NULL,
    source_leaf_index bigint      NOT NULL REFERENCES audit_entries (leaf_index),
    detail            text        NOT NULL,
    raised_at         timestamptz NOT NULL,
    UNIQUE (rule, source_event_id)
);
CREATE INDEX review_items_actor_rule ON review_items (actor_id, rule, raised_at);

-- Review decisions are audit entries themselves; this only links an item to the entry that decided it.
CREATE TABLE review_decisions (
    review_item_id uuid   PRIMARY KEY REFERENCES review_items (id),
    leaf_index     bigint NOT NULL REFERENCES audit_entries (leaf_index)
);

-- Referrals revoked by a consent withdrawal, to flag access that relies on them afterwards.
CREATE TABLE revoked_referrals (
    referral_id  uuid        PRIMARY KEY,
    case_id      uuid        NOT NULL,
    consent_id   uuid        NOT NULL,
    revoked_at   timestamptz NOT NULL
);

-- Outbox bookkeeping: which checkpoints and review items have reached Kafka.
CREATE TABLE published_events (
    event_id     uuid        PRIMARY KEY,
    published_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE processed_events (
    consumer     text        NOT NULL,
    event_id     uuid        NOT NULL,
    processed_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (consumer, event_id)
);

CREATE FUNCTION reject_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the audit log is append-only: % on % is not allowed', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END;
$$;

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['audit_entries', 'tree_nodes', 'checkpoints', 'review_items', 'review_decisions',
                             'revoked_referrals', 'published_events', 'processed_events'] LOOP
        EXECUTE format('CREATE TRIGGER %I BEFORE UPDATE OR DELETE ON %I FOR EACH ROW EXECUTE FUNCTION reject_change()',
                       t || '_no_change', t);
        EXECUTE format('CREATE TRIGGER %I BEFORE TRUNCATE ON %I FOR EACH STATEMENT EXECUTE FUNCTION reject_change()',
                       t || '_no_truncate', t);
    END LOOP;
END;
$$;

REVOKE ALL ON ALL TABLES IN SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO ${runtime_role};
GRANT SELECT, INSERT ON audit_entries, tree_nodes, checkpoints, review_items, review_decisions, revoked_referrals,
    published_events, processed_events TO ${runtime_role};
