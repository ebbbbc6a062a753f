package se.samverkan.cases.domain;

public enum Phase {
    INTAKE,
    PRELIMINARY_ASSESSMENT,
    INVESTIGATION,
    PLANNING,
    CONSENT,
    RISK_ASSESSMENT,
    PROTECTION,
    SUPPORT_PLAN,
    FOLLOW_UP,
    CLOSED
}
