package se.samverkan.contracts;

public enum CaseOrigin {
    SOCIAL_SERVICES,
    POLICE_REPORT,
    /** A concern (orosanmälan) from a reporter the municipality configured: school, field assistants, leisure staff. */
    CONCERN_REPORT
}
