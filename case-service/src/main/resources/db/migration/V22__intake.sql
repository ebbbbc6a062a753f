-- Issue 15, intake. Two read models, holding ids, codes and dates only (never a summary or a subject's data):
--
-- intake_case: the cases a new report may join and the facts the intake queue's rows are decided on. Kept by the
-- subscribing processor intake-cases in the same transaction as the case's events, so "does this subject have a case
-- open in this unit" is never answered from a model that lags behind. Filled here from case_summary for the cases
-- that already exist (a case case_summary had not caught up with yet is missed: a report about its subject opens a
-- new intake, as before issue 15).
CREATE TABLE intake_case (
    case_id            uuid        PRIMARY KEY,
    program            text        NOT NULL,
    municipality       text        NOT NULL,
    unit               text        NOT NULL,
    subject_id         uuid        NOT NULL,
    team               text[]      NOT NULL,
    protected_identity text        NOT NULL,
    status             text        NOT NULL,
    opened_at          timestamptz NOT NULL
);
CREATE INDEX intake_case_open_subject ON intake_case (municipality, unit, subject_id) WHERE status = 'OPEN';

INSERT INTO intake_case (case_id, program, municipality, unit, subject_id, team, protected_identity, status, opened_at)
SELECT case_id, program, municipality, unit, subject_id, team, protected_identity, status, opened_at FROM case_summary
ON CONFLICT (case_id) DO NOTHING;

-- intake_report: one row per report and case that received it (a forwarded report has a row in each unit), built by
-- the tracking processor intake-reports and rebuilt by resetting it. The unit's intake queue and the reporter's
-- status view read it.
CREATE TABLE intake_report (
    report_id                   uuid        NOT NULL,
    case_id                     uuid        NOT NULL,
    municipality                text        NOT NULL,
    unit                        text        NOT NULL,
    received_at                 timestamptz NOT NULL,
    reporter_agency             text        NOT NULL,
    reporter_role               text        NOT NULL,
    reporter_municipality       text,
    reporter_unit               text        NOT NULL,
    concern_types               text[]      NOT NULL DEFAULT '{}',
    attached                    boolean     NOT NULL,
    forwarded_from_municipality text,
    forwarded_from_unit         text,
    safety_due_on               date,
    safety_assessed_on          date,
    assessment_due_on           date,
    assessment                  text,
    assessed_on                 date,
    forwarded_to_municipality   text,
    forwarded_to_unit           text,
    forwarding_reason           text,
    forwarded_on                date,
    PRIMARY KEY (report_id, case_id)
);
CREATE INDEX intake_report_queue ON intake_report (municipality, unit, received_at DESC, report_id DESC);
CREATE INDEX intake_report_sender ON intake_report (reporter_unit, received_at DESC, report_id DESC);
CREATE INDEX intake_report_forwarded ON intake_report (forwarded_on) WHERE forwarded_on IS NOT NULL;
