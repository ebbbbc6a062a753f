-- One database and login role per service; no service can connect to another's database.
-- Run once by a PostgreSQL superuser on a fresh cluster (docker-compose mounts this folder into
-- /docker-entrypoint-initdb.d). The local-stack launcher does the same idempotently in LocalPostgres.java.
-- Passwords equal the role names: local and compose only. Anywhere else, set real secrets
-- (SPRING_DATASOURCE_PASSWORD, SPRING_FLYWAY_PASSWORD) and ALTER ROLE ... PASSWORD accordingly.

-- case-service: case_owner owns the database and runs Flyway in a step of its own (`java -jar case-service.jar
-- migrate`); case_service is the runtime role, owns nothing and gets from the migrations (V33 onwards) only the
-- privileges the service uses, so its credentials cannot add or disable a trigger, rewrite a stored event or an access
-- event (triggers refuse UPDATE/DELETE/TRUNCATE on domain_event_entry for every role).
CREATE ROLE case_owner LOGIN PASSWORD 'case_owner';
CREATE ROLE case_service LOGIN PASSWORD 'case_service' NOSUPERUSER NOCREATEDB NOCREATEROLE;
CREATE DATABASE case_service OWNER case_owner;
REVOKE CONNECT, TEMPORARY ON DATABASE case_service FROM PUBLIC;
GRANT CONNECT ON DATABASE case_service TO case_service;
-- An existing installation, where case_service created and owns everything: once, as a superuser, before the first
-- `migrate` as case_owner (the local-stack launcher does this itself on every start, idempotently):
--   CREATE ROLE case_owner LOGIN PASSWORD '...';
--   ALTER DATABASE case_service OWNER TO case_owner;
--   GRANT CONNECT ON DATABASE case_service TO case_service;
--   \c case_service
--   REASSIGN OWNED BY case_service TO case_owner;   -- tables, sequences, the keyvault schema, Flyway's history

-- notification-service: the same split. notification_owner owns the database and runs Flyway in a step of its own
-- (`java -jar notification-service.jar migrate`); notification_service is the runtime role, owns nothing and gets from
-- the migrations (V8 onwards) only the privileges the service uses, so its credentials cannot add or disable a trigger,
-- rewrite a directory event before the audit log has it, empty the idempotency ledger or rewrite a sent mail's record.
CREATE ROLE notification_owner LOGIN PASSWORD 'notification_owner';
CREATE ROLE notification_service LOGIN PASSWORD 'notification_service' NOSUPERUSER NOCREATEDB NOCREATEROLE;
CREATE DATABASE notification_service OWNER notification_owner;
REVOKE CONNECT, TEMPORARY ON DATABASE notification_service FROM PUBLIC;
GRANT CONNECT ON DATABASE notification_service TO notification_service;
-- An existing installation, where notification_service created and owns everything: once, as a superuser, before the
-- first `migrate` as notification_owner (the local-stack launcher does this itself on every start, idempotently):
--   CREATE ROLE notification_owner LOGIN PASSWORD '...';
--   ALTER DATABASE notification_service OWNER TO notification_owner;
--   GRANT CONNECT ON DATABASE notification_service TO notification_service;
--   \c notification_service
--   REASSIGN OWNED BY notification_service TO notification_owner;   -- tables, sequences, Flyway's history

-- audit-service (mirrors audit-service/src/main/resources/db/roles.sql): audit_owner owns the database and runs
-- Flyway; audit_service is the runtime role and gets only SELECT and INSERT from the migrations, so even a
-- compromised service cannot rewrite history.
CREATE ROLE audit_owner LOGIN PASSWORD 'audit_owner';
CREATE ROLE audit_service LOGIN PASSWORD 'audit_service' NOSUPERUSER NOCREATEDB NOCREATEROLE;
CREATE DATABASE audit_service OWNER audit_owner;
REVOKE CONNECT, TEMPORARY ON DATABASE audit_service FROM PUBLIC;
GRANT CONNECT ON DATABASE audit_service TO audit_service;
