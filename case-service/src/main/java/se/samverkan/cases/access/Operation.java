package se.samverkan.cases.access;

import se.samverkan.contracts.AccessAction;

/** Everything one can do with case data; each endpoint names the one it performs. */
public enum Operation {
    OPEN_CASE(AccessAction.WRITE),
    LIST_CASES(AccessAction.READ),
    READ_CASE(AccessAction.READ),
    WRITE_CASE(AccessAction.WRITE),
    ASSIGN_TEAM(AccessAction.WRITE),
    SHARE_CASE(AccessAction.WRITE),
    RECORD_CONSENT(AccessAction.WRITE),
    WITHDRAW_CONSENT(AccessAction.WRITE),
    CREATE_REFERRAL(AccessAction.WRITE),
    APPROVE_REFERRAL(AccessAction.WRITE),
    MANAGE_REFERRAL(AccessAction.WRITE),
    POLICE_LIST_REFERRALS(AccessAction.READ),
    POLICE_READ_REFERRAL(AccessAction.READ),
    POLICE_ANSWER_REFERRAL(AccessAction.WRITE),
    SEND_POLICE_REPORT(AccessAction.WRITE),
    UNIT_REPORT(AccessAction.READ),
    MANAGE_LEGAL_HOLD(AccessAction.WRITE),
    CHANGE_PROTECTION(AccessAction.WRITE),
    RETENTION_REPORT(AccessAction.READ),
    /** Registerutdrag: everything held about one subject, decrypted, for the subject. */
    SUBJECT_ACCESS_EXPORT(AccessAction.READ),
    /** The written reason behind one break-glass read: for oversight (compliance) and the owning unit's supervisor. */
    READ_BREAK_GLASS_REASON(AccessAction.READ);

    private final AccessAction action;

    Operation(AccessAction action) {
        this.action = action;
    }

    public AccessAction action() {
        return action;
    }
}
