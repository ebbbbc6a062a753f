package se.samverkan.cases.domain;

public enum ReferralStatus {
    AWAITING_APPROVAL,
    SENT,
    ACKNOWLEDGED,
    ACCEPTED,
    DECLINED,
    COMPLETED,
    REVOKED;

    public boolean isOpen() {
        return this == SENT || this == ACKNOWLEDGED || this == ACCEPTED;
    }
}
