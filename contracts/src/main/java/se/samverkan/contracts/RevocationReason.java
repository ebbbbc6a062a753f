package se.samverkan.contracts;

public enum RevocationReason {
    CONSENT_WITHDRAWN,
    CONSENT_EXPIRED,
    WITHDRAWN_BY_SOCIAL_SERVICES
}
