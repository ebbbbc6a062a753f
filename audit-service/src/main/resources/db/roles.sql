-- Run once as a PostgreSQL superuser before audit-service starts (the local-stack launcher does the equivalent in
-- LocalPostgres.createServiceDatabases). audit_owner owns the database and runs the migrations (`java -jar
-- audit-service.jar migrate`, a step of its own); audit_service is the runtime
-- role and is granted only SELECT and INSERT by the migrations, so even a compromised service cannot rewrite history
-- (and triggers refuse UPDATE, DELETE and TRUNCATE for every role, the owner included).
-- Passwords are the local-stack defaults; real deployments set SPRING_FLYWAY_PASSWORD / SPRING_DATASOURCE_PASSWORD.
CREATE ROLE audit_owner LOGIN PASSWORD 'audit_owner';
CREATE ROLE audit_service LOGIN PASSWORD 'audit_service' NOSUPERUSER NOCREATEDB NOCREATEROLE;
CREATE DATABASE audit_service OWNER audit_owner;
REVOKE CONNECT, TEMPORARY ON DATABASE audit_service FROM PUBLIC;
GRANT CONNECT ON DATABASE audit_service TO audit_service;
-- If the database already exists under another owner: ALTER DATABASE audit_service OWNER TO audit_owner;
-- (PostgreSQL 15+: the public schema belongs to pg_database_owner, so the new owner may create tables in it.)
