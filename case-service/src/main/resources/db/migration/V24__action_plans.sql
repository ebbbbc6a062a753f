-- Issue 15, joint action plans: the commitments of coordination meetings as a read model (built from the event store
-- by the case-summaries processor, rebuilt on reset). The commitment watch finds here what is due soon or overdue, and
-- "my commitments" finds here which cases to read for a participant; whether anyone may see a commitment is never
-- decided from this table, always from the case's own events (its consents). Ids, dates and states only.
CREATE TABLE case_commitment (
    commitment_id uuid PRIMARY KEY,
    case_id       uuid NOT NULL,
    owner_user_id text,
    due_on        date NOT NULL,
    state         text NOT NULL CHECK (state IN ('OPEN', 'DUE_SOON', 'OVERDUE', 'REPORTED_DONE', 'FOLLOWED_UP'))
);
CREATE INDEX case_commitment_owner ON case_commitment (owner_user_id, due_on) WHERE owner_user_id IS NOT NULL;
CREATE INDEX case_commitment_pending ON case_commitment (due_on) WHERE state IN ('OPEN', 'DUE_SOON');
