-- Issue 15: each municipality's legal-basis catalogue and its version of the shared vocabularies, as append-only
-- versions. A row is one whole version of one catalogue of one municipality (the municipality's own part only: the
-- national provisions and codes are code, never data), so a version is read in one row and never changes. Version 0
-- (no row) is the national part alone. Who changed what is in the row and, as an access event, in the audit log;
-- every disclosure records the catalogue version and the rule it was checked against in the event store.
CREATE TABLE catalogue_version (
    catalogue          text        NOT NULL CHECK (catalogue IN ('LEGAL_BASES', 'VOCABULARIES')),
    municipality       text        NOT NULL CHECK (municipality ~ '^[0-9]{4}$'),
    version            integer     NOT NULL CHECK (version > 0),
    document           jsonb       NOT NULL,
    change             text        NOT NULL CHECK (length(change) <= 200),
    decision_reference text        CHECK (length(decision_reference) <= 100),
    changed_by         text        NOT NULL,
    changed_at         timestamptz NOT NULL,
    PRIMARY KEY (catalogue, municipality, version)
);

-- history is not edited: a correction is a new version (a bug or a hand-run statement cannot rewrite one)
CREATE FUNCTION catalogue_version_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'catalogue versions are append-only: add a new version instead of % on catalogue_version', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER catalogue_version_no_update_or_delete BEFORE UPDATE OR DELETE ON catalogue_version
    FOR EACH ROW EXECUTE FUNCTION catalogue_version_is_append_only();
CREATE TRIGGER catalogue_version_no_truncate BEFORE TRUNCATE ON catalogue_version
    FOR EACH STATEMENT EXECUTE FUNCTION catalogue_version_is_append_only();
