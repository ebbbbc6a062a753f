-- A subject access request (registerutdrag) is a recorded, reasoned, four-eyes act: a supervisor registers it with
-- the authority's reference (diarienummer) and a reason code, a second person approves or rejects it, and only then
-- may the requester produce the export, once, within a short window after the approval.
-- The personnummer is never stored: subject_id is the keyed pseudonym (SubjectPseudonyms) of municipality and
-- personnummer, which is all the export needs. The optional free text is sealed with the subject's data key
-- (document type OTHER), so shredding the subject erases it while the act itself (who, when, why) stays.
CREATE TABLE subject_access_request (
    request_id       uuid PRIMARY KEY,
    municipality     text        NOT NULL,
    subject_id       uuid        NOT NULL,
    reference        text        NOT NULL CHECK (length(reference) <= 40),
    reason_code      text        NOT NULL CHECK (length(reason_code) <= 40),
    sealed_text      text,
    status           text        NOT NULL CHECK (status IN ('PENDING_APPROVAL', 'APPROVED', 'REJECTED', 'EXPORTED')),
    requested_by     text        NOT NULL,
    requester_unit   text        NOT NULL,
    requested_at     timestamptz NOT NULL,
    decided_by       text,
    decided_as       text,
    decided_at       timestamptz,
    rejection_code   text,
    valid_until      timestamptz,
    exported_at      timestamptz,
    cases_exported   integer,
    -- four eyes, also against a bug or a hand-edited row: nobody decides their own request
    CHECK (decided_by IS NULL OR decided_by <> requested_by),
    CHECK (status = 'PENDING_APPROVAL' OR decided_by IS NOT NULL),
    CHECK (status <> 'EXPORTED' OR (exported_at IS NOT NULL AND valid_until IS NOT NULL))
);
CREATE INDEX subject_access_request_municipality ON subject_access_request (municipality, requested_at DESC);
CREATE INDEX subject_access_request_subject ON subject_access_request (subject_id);
