-- Deadlines as the watch and the supervisor report see them (a read model: rebuilt by replay like the others).
CREATE TABLE case_deadline (
    deadline_id uuid NOT NULL PRIMARY KEY,
    case_id     uuid NOT NULL REFERENCES case_summary (case_id) ON DELETE CASCADE,
    kind        text NOT NULL,
    due_on      date NOT NULL,
    state       text NOT NULL
);
CREATE INDEX case_deadline_pending ON case_deadline (due_on) WHERE state IN ('OPEN', 'APPROACHING');

ALTER TABLE case_summary ADD COLUMN first_family_contact_on date;
ALTER TABLE case_summary ADD COLUMN first_joint_meeting_on date;
