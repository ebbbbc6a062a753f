-- One database and login role per service; no service can connect to another's database.
-- Run once by a PostgreSQL superuser on a fresh cluster (docker-compose mounts this folder into
-- /docker-entrypoint-initdb.d). The local-stack launcher does the same idempotently in LocalPostgres.java.
-- Passwords equal the role names: local and compose only. Anywhere else, set real secrets
-- (SPRING_DATASOURCE_PASSWORD, SPRING_FLYWAY_PASSWORD) and ALTER ROLE ... PASSWORD accordingly.

-- case-service: owns its schema (Flyway) and runs as the same role.
CREATE ROLE case_service LOGIN PASSWORD 'case_service';
CREATE DATABASE case_service OWNER case_service;
REVOKE CONNECT, TEMPORARY ON DATABASE case_service FROM PUBLIC;

-- notification-service: same shape.
CREATE ROLE notification_service LOGIN PASSWORD 'notification_service';
CREATE DATABASE notification_service OWNER notification_service;
REVOKE CONNECT, TEMPORARY ON DATABASE notification_service FROM PUBLIC;

-- audit-service (mirrors audit-service/src/main/resources/db/roles.sql): audit_owner owns the database and runs
-- Flyway; audit_service is the runtime role and gets only SELECT and INSERT from the migrations, so even a
-- compromised service cannot rewrite history.
CREATE ROLE audit_owner LOGIN PASSWORD 'audit_owner';
CREATE ROLE audit_service LOGIN PASSWORD 'audit_service' NOSUPERUSER NOCREATEDB NOCREATEROLE;
CREATE DATABASE audit_service OWNER audit_owner;
REVOKE CONNECT, TEMPORARY ON DATABASE audit_service FROM PUBLIC;
GRANT CONNECT ON DATABASE audit_service TO audit_service;
