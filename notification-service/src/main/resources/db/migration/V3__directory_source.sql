-- Where a directory entry comes from. The Keycloak sync deactivates only the entries it owns when their user is gone
-- from the realm; entries made by hand (API, configuration, demo seed) are left to whoever made them.
ALTER TABLE directory_users
    ADD COLUMN source    text        NOT NULL DEFAULT 'manual' CHECK (source IN ('manual', 'keycloak')),
    ADD COLUMN synced_at timestamptz;
