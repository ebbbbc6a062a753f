-- Shared queue of a unit (a police liaison unit, a social-services unit): things the unit as a whole must act on.
-- One claim per item rather than read state per person: the point of a duty rota is that exactly one person picks an
-- item up and everyone else can see that it is taken.
CREATE TABLE unit_notifications (
    id              uuid        PRIMARY KEY,
    audience        text        NOT NULL,
    kind            text        NOT NULL,
    case_id         uuid,
    referral_id     uuid,
    message         text        NOT NULL,
    link            text,
    source_event_id uuid        NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    claimed_by      text,
    claimed_at      timestamptz,
    UNIQUE (source_event_id, audience, kind),
    CHECK ((claimed_by IS NULL) = (claimed_at IS NULL))
);
CREATE INDEX unit_notifications_queue ON unit_notifications (audience, created_at DESC, id);
CREATE INDEX unit_notifications_open ON unit_notifications (audience) WHERE claimed_by IS NULL;
