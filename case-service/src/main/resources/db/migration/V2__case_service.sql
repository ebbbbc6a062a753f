-- Read models (rebuilt by replaying the event store) and the outboxes of case-service.

CREATE TABLE case_summary (
    case_id            uuid        NOT NULL PRIMARY KEY,
    program            text        NOT NULL,
    municipality       text        NOT NULL,
    unit               text        NOT NULL,
    subject_id         uuid        NOT NULL,
    protected_identity text        NOT NULL,
    origin             text        NOT NULL,
    phase              text        NOT NULL,
    status             text        NOT NULL,
    team               text[]      NOT NULL,
    shared_with        text[]      NOT NULL DEFAULT '{}',
    opened_at          timestamptz NOT NULL,
    updated_at         timestamptz NOT NULL,
    version            bigint      NOT NULL
);
CREATE INDEX case_summary_unit ON case_summary (municipality, unit, status);
CREATE INDEX case_summary_subject ON case_summary (subject_id);
CREATE INDEX case_summary_team ON case_summary USING gin (team);

CREATE TABLE referral_summary (
    referral_id  uuid        NOT NULL PRIMARY KEY,
    case_id      uuid        NOT NULL,
    police_unit  text        NOT NULL,
    legal_basis  text        NOT NULL,
    status       text        NOT NULL,
    created_at   timestamptz NOT NULL,
    updated_at   timestamptz NOT NULL
);
CREATE INDEX referral_summary_police_unit ON referral_summary (police_unit, status);

-- what the integration publisher needs to put a CaseRef on events that do not repeat the case's facts
CREATE TABLE integration_case_ref (
    case_id            uuid NOT NULL PRIMARY KEY,
    program            text NOT NULL,
    municipality       text NOT NULL,
    unit               text NOT NULL,
    subject_id         uuid NOT NULL,
    protected_identity text NOT NULL
);

-- every access decision waits here until Kafka has it, so none goes unrecorded when the broker is down
CREATE TABLE access_outbox (
    position     bigserial   NOT NULL PRIMARY KEY,
    event_id     uuid        NOT NULL UNIQUE,
    case_id      text        NOT NULL,
    cloud_event  bytea       NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    published_at timestamptz
);
CREATE INDEX access_outbox_unpublished ON access_outbox (position) WHERE published_at IS NULL;

CREATE TABLE idempotency_record (
    actor_id      text        NOT NULL,
    idempotency_key text      NOT NULL,
    request_hash  text        NOT NULL,
    status        integer     NOT NULL,
    location      text,
    etag          text,
    body          text,
    created_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (actor_id, idempotency_key)
);

CREATE TABLE processed_events (
    consumer     text        NOT NULL,
    event_id     uuid        NOT NULL,
    processed_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (consumer, event_id)
);
