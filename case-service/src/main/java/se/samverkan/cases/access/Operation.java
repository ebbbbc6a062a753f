package se.samverkan.cases.access;

import se.samverkan.contracts.AccessAction;

/** Everything one can do with case data; each endpoint names the one it performs. */
public enum Operation {
    OPEN_CASE(AccessAction.WRITE),
    LIST_CASES(AccessAction.READ),
    READ_CASE(AccessAction.READ),
    WRITE_CASE(AccessAction.WRITE),
    ASSIGN_TEAM(AccessAction.WRITE),
    /** Share with a partner unit, end a share, record cost sharing: the owning municipality only. */
    SHARE_CASE(AccessAction.WRITE),
    /** A partner's coordinator records a note or measure in the partner section of a case shared with them. */
    PARTNER_WRITE(AccessAction.WRITE),
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
    /** Registerutdrag, step 1: a supervisor registers a subject's request (reference, reason code). */
    SUBJECT_ACCESS_REQUEST(AccessAction.WRITE, Purposes.SUBJECT_ACCESS),
    /** Step 2, four eyes: another supervisor or the data-protection role approves or rejects the request. */
    SUBJECT_ACCESS_APPROVAL(AccessAction.WRITE, Purposes.SUBJECT_ACCESS),
    /** Step 2, the other way: the same second person rejects the request with a reason code. */
    SUBJECT_ACCESS_REJECTION(AccessAction.WRITE, Purposes.SUBJECT_ACCESS),
    /** Step 3: everything held about one subject, decrypted, for the subject; only on an approved request. */
    SUBJECT_ACCESS_EXPORT(AccessAction.READ, Purposes.SUBJECT_ACCESS),
    /** The status of subject access requests (metadata, never the export). */
    READ_SUBJECT_ACCESS_REQUEST(AccessAction.READ, Purposes.SUBJECT_ACCESS),
    /** The written reason behind one break-glass read: for oversight (compliance) and the owning unit's supervisor. */
    READ_BREAK_GLASS_REASON(AccessAction.READ),
    /** A report or concern into the intake: the police, and the reporters the municipality configured (issue 15). */
    SUBMIT_REPORT(AccessAction.WRITE),
    /** The status of the reports the caller's own unit sent, with no case content (SoL 14 kap. 1 b §). */
    READ_REPORT_STATUS(AccessAction.READ),
    /** A unit's intake queue: the reports it received, which joined an open case and which opened one, how far each came. */
    READ_INTAKE_QUEUE(AccessAction.READ),
    /** A report on a case: its safety assessment, its assessment's conclusion, forwarding it to the responsible unit. */
    HANDLE_INTAKE(AccessAction.WRITE),
    /** Issue 15: add, change or retire an entry of the own municipality's legal-basis catalogue (data-protection role). */
    MAINTAIN_LEGAL_BASES(AccessAction.WRITE),
    /** Issue 15: add, relabel or retire a code of the own municipality's vocabularies (its administrator). */
    MAINTAIN_VOCABULARIES(AccessAction.WRITE),
    /**
     * A participant's "my commitments" (issue 15): the list as a whole, and each commitment shown in it; only the
     * owner's own commitments within a consent naming their organisation for joint planning.
     */
    LIST_OWN_COMMITMENTS(AccessAction.READ, Purposes.JOINT_PLANNING),
    /** One commitment as its owner reads it: the commitment, and what else the consent covers. */
    READ_COMMITMENT(AccessAction.READ, Purposes.JOINT_PLANNING),
    /** The owner reports their commitment done. */
    REPORT_COMMITMENT(AccessAction.WRITE, Purposes.JOINT_PLANNING),
    /** The municipality's effect figures for its steering group (issue 15): aggregates only, for its analysts. */
    READ_EFFECT_FIGURES(AccessAction.READ),
    /**
     * Issue 15 leftovers: the case's team decides that feedback to a report's sender is not appropriate in this case
     * (SoL 14 kap. 1 b §), or lifts that decision, or reads it.
     */
    WITHHOLD_REPORTER_FEEDBACK(AccessAction.WRITE),
    /** Issue 14: the second person approves or refuses a share with a partner that waits for four eyes (owning unit's supervisor). */
    APPROVE_SHARE(AccessAction.WRITE);

    private final AccessAction action;
    private final String purpose;

    Operation(AccessAction action) {
        this(action, null);
    }

    Operation(AccessAction action, String purpose) {
        this.action = action;
        this.purpose = purpose;
    }

    public AccessAction action() {
        return action;
    }

    /** The purpose code an access event of this operation carries; the operation's own name unless it serves a wider one. */
    public String purpose() {
        return purpose == null ? name() : purpose;
    }

    private static final class Purposes {
        static final String SUBJECT_ACCESS = "SUBJECT_ACCESS_REQUEST";
        /** The consent purpose a participant's access rests on (vocabulary {@code ConsentPurpose}). */
        static final String JOINT_PLANNING = "JOINT_PLANNING";
    }
}
