-- Issue 14: audit logs witness each other (C2SP tlog-witness / tlog-cosignature).
--
-- What this log, acting as a witness, cosigned of other logs. The newest row of an origin is the witness's state
-- ("the latest checkpoint I cosigned"); older rows are kept as evidence. Insert-only like every table here, so a
-- superuser who rolls the state back must switch the triggers off first, and the witness's published cosignatures
-- (samverkan.audit.checkpoints) still name what it saw.
CREATE TABLE witnessed_checkpoints (
    origin      text        NOT NULL,
    tree_size   bigint      NOT NULL CHECK (tree_size >= 0),
    root_hash   bytea       NOT NULL CHECK (octet_length(root_hash) = 32),
    -- the log's signed note as fetched, and this witness's cosignature line over its body
    signed_note text        NOT NULL,
    cosignature text        NOT NULL,
    event_id    uuid        NOT NULL UNIQUE,
    cosigned_at timestamptz NOT NULL,
    PRIMARY KEY (origin, tree_size)
);
CREATE INDEX witnessed_checkpoints_cosigned_at ON witnessed_checkpoints (cosigned_at);

-- Cosignatures other witnesses made of this log's own checkpoints, collected from them and verified with their keys
-- before they are kept; served with the checkpoints and carried in exports for the offline verifier's k of n.
CREATE TABLE checkpoint_cosignatures (
    tree_size      bigint      NOT NULL REFERENCES checkpoints (tree_size),
    witness_key    text        NOT NULL,
    signature_line text        NOT NULL,
    received_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tree_size, witness_key)
);
CREATE INDEX checkpoint_cosignatures_witness ON checkpoint_cosignatures (witness_key, tree_size);

CREATE TRIGGER witnessed_checkpoints_no_change BEFORE UPDATE OR DELETE ON witnessed_checkpoints
    FOR EACH ROW EXECUTE FUNCTION reject_change();
CREATE TRIGGER witnessed_checkpoints_no_truncate BEFORE TRUNCATE ON witnessed_checkpoints
    FOR EACH STATEMENT EXECUTE FUNCTION reject_change();
CREATE TRIGGER checkpoint_cosignatures_no_change BEFORE UPDATE OR DELETE ON checkpoint_cosignatures
    FOR EACH ROW EXECUTE FUNCTION reject_change();
CREATE TRIGGER checkpoint_cosignatures_no_truncate BEFORE TRUNCATE ON checkpoint_cosignatures
    FOR EACH STATEMENT EXECUTE FUNCTION reject_change();

GRANT SELECT, INSERT ON witnessed_checkpoints, checkpoint_cosignatures TO ${runtime_role};
