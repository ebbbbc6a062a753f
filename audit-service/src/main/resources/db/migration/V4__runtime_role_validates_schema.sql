-- The running service validates the schema as the runtime role and never migrates (migrations run as the owner in
-- a separate step), so the runtime role reads Flyway's history, and nothing else of it.
REVOKE ALL ON flyway_schema_history FROM PUBLIC;
GRANT SELECT ON flyway_schema_history TO ${runtime_role};
