-- The directory is Keycloak's: local edits can only take away. An administrator may suspend notifications to a
-- user here (e.g. an account suspected of misuse, before Keycloak is changed); the sync never touches these columns,
-- and a user is notified only while active in Keycloak and not suspended here. Every suspension and lift is an
-- audited event (se.samverkan.access.directory-entry-changed.v1).
ALTER TABLE directory_users
    ADD COLUMN suspended_at timestamptz,
    ADD COLUMN suspended_by text;
