-- Idempotency ledger shared by all Samverkan consumers (platform ProcessedEvents).
CREATE TABLE processed_events (
    consumer     text        NOT NULL,
    event_id     uuid        NOT NULL,
    processed_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (consumer, event_id)
);

-- Who works where: routes "the police unit", "the unit's supervisors", "compliance of the municipality" to people.
-- Staff data only (no case subjects); synced from Keycloak in a real deployment (see README).
CREATE TABLE directory_users (
    user_id      text        PRIMARY KEY,
    username     text        NOT NULL,
    email        text,
    agency       text        NOT NULL CHECK (agency IN ('SOCIAL_SERVICES', 'POLICE', 'MUNICIPALITY')),
    municipality text        NOT NULL,
    unit         text        NOT NULL,
    roles        text[]      NOT NULL DEFAULT '{}',
    active       boolean     NOT NULL DEFAULT true,
    updated_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX directory_users_unit ON directory_users (municipality, unit) WHERE active;
CREATE INDEX directory_users_roles ON directory_users USING gin (roles);

-- Projection of case routing data; later integration events carry only the case ref, not the team.
CREATE TABLE case_routes (
    case_id            uuid        PRIMARY KEY,
    program            text        NOT NULL,
    municipality       text        NOT NULL,
    unit               text        NOT NULL,
    protected_identity text        NOT NULL,
    owner_user_id      text,
    team               text[]      NOT NULL DEFAULT '{}',
    updated_at         timestamptz NOT NULL DEFAULT now()
);

-- Which police unit a referral went to, so a consent withdrawal can reach the units of the referrals it revoked.
CREATE TABLE referral_routes (
    referral_id uuid PRIMARY KEY,
    case_id     uuid NOT NULL,
    police_unit text NOT NULL
);
CREATE INDEX referral_routes_case ON referral_routes (case_id);

CREATE TABLE notifications (
    id                uuid        PRIMARY KEY,
    recipient_user_id text        NOT NULL,
    kind              text        NOT NULL,
    case_id           uuid,
    referral_id       uuid,
    message           text        NOT NULL,
    link              text,
    source_event_id   uuid        NOT NULL,
    created_at        timestamptz NOT NULL DEFAULT now(),
    read_at           timestamptz,
    UNIQUE (source_event_id, recipient_user_id, kind)
);
CREATE INDEX notifications_inbox ON notifications (recipient_user_id, created_at DESC, id);
CREATE INDEX notifications_unread ON notifications (recipient_user_id) WHERE read_at IS NULL;

CREATE TABLE notification_preferences (
    user_id    text        PRIMARY KEY,
    mail_kinds text[]      NOT NULL,
    delivery   text        NOT NULL CHECK (delivery IN ('IMMEDIATE', 'DAILY_DIGEST')),
    updated_at timestamptz NOT NULL DEFAULT now()
);

-- Transactional outbox for e-mail: written with the notification, drained by the dispatcher with back-off.
CREATE TABLE mail_deliveries (
    id                uuid        PRIMARY KEY,
    notification_id   uuid        NOT NULL UNIQUE REFERENCES notifications (id),
    recipient_user_id text        NOT NULL,
    recipient_email   text        NOT NULL,
    delivery          text        NOT NULL CHECK (delivery IN ('IMMEDIATE', 'DAILY_DIGEST')),
    status            text        NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING', 'SENT', 'FAILED')),
    attempts          integer     NOT NULL DEFAULT 0,
    next_attempt_at   timestamptz NOT NULL,
    last_error        text,
    sent_at           timestamptz,
    created_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX mail_deliveries_due ON mail_deliveries (next_attempt_at) WHERE status = 'PENDING';
