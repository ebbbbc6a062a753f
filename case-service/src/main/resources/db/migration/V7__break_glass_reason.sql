-- The written reason behind a break-glass read is free text that may name people, so it never travels in the access
-- event (that carries the code BREAK_GLASS); it stays here, keyed by the access event id, sealed with the subject's
-- data key: shredding the key erases the reason together with the rest of the subject's personal data.
CREATE TABLE break_glass_reason (
    access_event_id uuid PRIMARY KEY,
    case_id         uuid        NOT NULL,
    subject_id      uuid        NOT NULL,
    user_id         text        NOT NULL,
    sealed_reason   text        NOT NULL,
    recorded_at     timestamptz NOT NULL
);
CREATE INDEX break_glass_reason_case ON break_glass_reason (case_id);
