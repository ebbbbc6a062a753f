package se.samverkan.localstack.postgres;

/** Each service's database, the role that owns it (runs Flyway) and the role the running service logs in as. */
public enum ServiceDatabase {
    /** case_owner owns the schema and migrates; the service runs as case_service, which owns nothing (V33's grants). */
    CASE_SERVICE("case_service", "case_owner", "case_service"),
    AUDIT_SERVICE("audit_service", "audit_owner", "audit_service"),
    /** Issue 14: the demo partner's (Botkyrka's) audit log, a second audit-service with a database of its own. */
    PARTNER_AUDIT_SERVICE("audit_service_botkyrka", "audit_owner", "audit_service"),
    /** notification_owner owns the schema and migrates; the service runs as notification_service (V8's grants). */
    NOTIFICATION_SERVICE("notification_service", "notification_owner", "notification_service");

    private final String databaseName;
    private final String owner;
    private final String applicationRole;

    ServiceDatabase(String databaseName, String owner, String applicationRole) {
        this.databaseName = databaseName;
        this.owner = owner;
        this.applicationRole = applicationRole;
    }

    public String databaseName() {
        return databaseName;
    }

    public String owner() {
        return owner;
    }

    public String applicationRole() {
        return applicationRole;
    }

    /** Local only: every role's password is its name, as the services' application.yml defaults expect. */
    public static String passwordOf(String role) {
        return role;
    }
}
