-- Issue 15, effects for the steering group: the pseudonymous fact store the cohort figures are computed from, built
-- by the effect-facts processor from the event store (rebuilt on reset). No case id, no subject id, no text: cases and
-- people are keyed pseudonyms (HMAC under a key derived for this purpose), facts are days and codes.

-- One row per case. cohort_case_key is null for a cohort case (the person's first case in the program), otherwise
-- the cohort case of the last 12 months it continues (not counted again).
CREATE TABLE effect_case (
    case_key        text PRIMARY KEY,
    person_key      text NOT NULL,
    municipality    text NOT NULL,
    program         text NOT NULL,
    started_on      date NOT NULL,
    cohort_case_key text
);
CREATE INDEX effect_case_person ON effect_case (person_key, municipality, program, started_on);
CREATE INDEX effect_case_municipality ON effect_case (municipality) WHERE cohort_case_key IS NULL;

CREATE TABLE effect_fact (
    fact_id       bigserial PRIMARY KEY,
    case_key      text   NOT NULL REFERENCES effect_case (case_key) ON DELETE CASCADE,
    kind          text   NOT NULL,
    occurred_on   date   NOT NULL,
    code          text,
    concern_types text[] NOT NULL DEFAULT '{}',
    ref_key       text
);
CREATE INDEX effect_fact_case ON effect_fact (case_key);

-- Cleared cases, folded: how many people of a cohort month and concern group had each value of each measure. No
-- pseudonym: nothing here belongs to anyone, and the figures read it exactly as they read the facts it came from.
CREATE TABLE effect_folded (
    municipality  text    NOT NULL,
    program       text    NOT NULL,
    cohort_month  date    NOT NULL CHECK (extract(day FROM cohort_month) = 1),
    concern_group text    NOT NULL,
    measure       text    NOT NULL,
    value         text    NOT NULL,
    people        integer NOT NULL CHECK (people > 0),
    PRIMARY KEY (municipality, program, cohort_month, concern_group, measure, value)
);

-- The monthly publications (se.samverkan.case.effect-figures-published.v1), frozen when made and sent after, so a
-- re-send after a crash repeats the same id and figures.
CREATE TABLE effect_publication (
    municipality   text        NOT NULL,
    month          date        NOT NULL CHECK (extract(day FROM month) = 1),
    publication_id uuid        NOT NULL UNIQUE,
    cloud_event    bytea       NOT NULL,
    issued_at      timestamptz NOT NULL,
    published_at   timestamptz,
    PRIMARY KEY (municipality, month)
);
CREATE INDEX effect_publication_unpublished ON effect_publication (issued_at) WHERE published_at IS NULL;
