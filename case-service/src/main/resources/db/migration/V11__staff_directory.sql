-- case-service's own copy of the staff directory, synced from Keycloak by the platform's directory sync (or loaded
-- from configuration in tests): only what team membership needs. No name, no e-mail address.
CREATE TABLE staff_directory (
    user_id      text        PRIMARY KEY,
    agency       text        NOT NULL,
    municipality text        NOT NULL,
    unit         text        NOT NULL,
    case_roles   text[]      NOT NULL DEFAULT '{}',
    -- enabled in Keycloak and present in the latest sync
    active       boolean     NOT NULL,
    source       text        NOT NULL CHECK (source IN ('configured', 'keycloak')),
    synced_at    timestamptz,
    updated_at   timestamptz NOT NULL DEFAULT now()
);
