package se.samverkan.platform.problem;

/**
 * A request the client can fix or must not repeat; rendered as RFC 9457 problem+json with the given status.
 * Plain Java so domain code can throw it without knowing about HTTP frameworks.
 */
public class ClientProblem extends RuntimeException {

    private final int status;
    private final String title;
    private final String code;
    private final java.util.Map<String, Object> properties;

    public ClientProblem(int status, String code, String title, String detail) {
        this(status, code, title, detail, java.util.Map.of());
    }

    /** {@code properties}: extra members of the problem body a client can act on (never personal data). */
    public ClientProblem(int status, String code, String title, String detail, java.util.Map<String, Object> properties) {
        super(detail);
        this.status = status;
        this.code = code;
        this.title = title;
        this.properties = java.util.Map.copyOf(properties);
    }

    /**
     * A code field holds something that is not a code of its vocabulary. The value is not echoed (it may be a name
     * typed in the wrong field); the detail names the field and every allowed code, so the client can pick one.
     */
    public static ClientProblem unknownCode(String field, java.util.Collection<String> allowed) {
        return new ClientProblem(422, "unknown-code", "Unknown code",
                field + " is not one of the allowed codes: " + String.join(", ", allowed)
                        + ". Free text belongs in a note, never in a code field",
                java.util.Map.of("field", field, "allowed", java.util.List.copyOf(allowed)));
    }

    public static ClientProblem notFound(String what) {
        return new ClientProblem(404, "not-found", "Not found", what + " does not exist or you may not see it");
    }

    public static ClientProblem conflict(String code, String detail) {
        return new ClientProblem(409, code, "Conflict with the current state", detail);
    }

    public static ClientProblem ruleViolation(String code, String detail) {
        return new ClientProblem(422, code, "Business rule violated", detail);
    }

    public static ClientProblem badRequest(String code, String detail) {
        return new ClientProblem(400, code, "Invalid request", detail);
    }

    public static ClientProblem forbidden(String code, String detail) {
        return new ClientProblem(403, code, "Forbidden", detail);
    }

    public static ClientProblem preconditionFailed(String detail) {
        return new ClientProblem(412, "version-mismatch", "Precondition failed", detail);
    }

    public java.util.Map<String, Object> properties() {
        return properties;
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    /** Stable, machine-readable code; the problem type URI ends with it. */
    public String code() {
        return code;
    }
}
