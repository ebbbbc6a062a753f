-- Run once as a PostgreSQL superuser (the local-stack launcher does this) before audit-service starts.
-- audit_owner owns the database and runs Flyway; audit_service is the runtime role and only ever gets
-- SELECT and INSERT (granted by the migrations), so even a compromised service cannot rewrite history.
-- Passwords are the local-stack defaults; production sets its own via SPRING_FLYWAY_PASSWORD / SPRING_DATASOURCE_PASSWORD.
CREATE ROLE audit_owner LOGIN PASSWORD 'audit_owner';
CREATE ROLE audit_service LOGIN PASSWORD 'audit_service' NOSUPERUSER NOCREATEDB NOCREATEROLE;
CREATE DATABASE audit_service OWNER audit_owner;
-- If the database already exists (owned by another role), use instead:
--   ALTER DATABASE audit_service OWNER TO audit_owner;
