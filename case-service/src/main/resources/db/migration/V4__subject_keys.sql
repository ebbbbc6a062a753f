-- Subjects' data keys, apart from the events they seal: deleting a subject's rows here (crypto-shredding) makes
-- every stored copy of its personal data unreadable without rewriting the append-only event store.
-- A separate schema so that grants, backups and retention can treat keys differently from events.
CREATE SCHEMA keyvault;

CREATE TABLE keyvault.subject_key (
    key_id        uuid        NOT NULL PRIMARY KEY,
    subject_id    uuid        NOT NULL UNIQUE,
    master_key_id text        NOT NULL,
    wrapped_key   bytea       NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    rewrapped_at  timestamptz
);
CREATE INDEX subject_key_master ON keyvault.subject_key (master_key_id);

-- which subject a case's events belong to, so events that do not name the subject are sealed with its key
CREATE TABLE keyvault.case_subject (
    case_id    uuid NOT NULL PRIMARY KEY,
    subject_id uuid NOT NULL
);
CREATE INDEX case_subject_subject ON keyvault.case_subject (subject_id);
