-- One data key per subject and document type, so a document type can be cleared (its key shredded) before the rest
-- of a subject's data. Keys from before have no type: they keep opening what they sealed and go with the full shred.
ALTER TABLE keyvault.subject_key ADD COLUMN document_type text;
ALTER TABLE keyvault.subject_key DROP CONSTRAINT subject_key_subject_id_key;
CREATE UNIQUE INDEX subject_key_subject_document_type ON keyvault.subject_key (subject_id, document_type) NULLS NOT DISTINCT;
CREATE INDEX subject_key_subject ON keyvault.subject_key (subject_id);

-- The document types a case no longer retains, so the delete of a type's key can check that no case still needs it.
CREATE TABLE keyvault.case_document_cleared (
    case_id       uuid        NOT NULL REFERENCES keyvault.case_subject (case_id),
    document_type text        NOT NULL,
    cleared_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (case_id, document_type)
);
