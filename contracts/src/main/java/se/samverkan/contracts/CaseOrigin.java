package se.samverkan.contracts;

public enum CaseOrigin {
    SOCIAL_SERVICES,
    POLICE_REPORT
}
