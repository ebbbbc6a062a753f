package se.samverkan.notification.routing;

/** What a notification is about; users choose per kind whether it also comes by e-mail. */
public enum NotificationKind {
    CASE_OPENED("A case was opened"),
    CASE_ASSIGNED("You were added to a case team"),
    CASE_SHARED("A case was shared with you by a partner municipality"),
    CASE_SHARE_ENDED("A case is no longer shared with you"),
    REFERRAL_RECEIVED("A referral was sent to your unit"),
    REFERRAL_AWAITING_APPROVAL("A referral waits for your approval"),
    /**
     * A lower protection level was asked for and waits for a second person, a supervisor. Mailed only as a nudge: a
     * mailbox is forwarded and kept, and that a young person has a protected identity is not for it.
     */
    PROTECTION_LOWERING_REQUESTED("A decision on a case waits for a supervisor", false),
    REFERRAL_ACKNOWLEDGED("The police acknowledged a referral"),
    REFERRAL_ACCEPTED("The police accepted a referral"),
    REFERRAL_DECLINED("The police declined a referral"),
    POLICE_FEEDBACK("The police posted feedback on a referral"),
    REFERRAL_REVOKED("A referral to your unit was revoked"),
    CONSENT_WITHDRAWN("A consent was withdrawn"),
    DEADLINE_APPROACHING("A deadline is approaching"),
    DEADLINE_MISSED("A deadline was missed"),
    POLICE_REPORT_RECEIVED("A police report opened an intake"),
    BREAK_GLASS_ACCESS("Break-glass access to a case"),
    REVIEW_ITEM_RAISED("A new item in the compliance review queue"),
    /** Issue 15: a report or concern opened an intake; its safety assessment is due the same day. */
    REPORT_RECEIVED("A report opened an intake"),
    /** Issue 15: a report about the subject of an open case joined it. */
    REPORT_ATTACHED("A new report joined a case"),
    /** Issue 15: what the reporting unit may learn of a report it sent changed; mailed only as a nudge. */
    REPORT_STATUS_CHANGED("News about a report your unit sent", false),
    // joint action plans (issue 15)
    COMMITMENT_ASSIGNED("You took on a commitment in a joint action plan"),
    COMMITMENT_DUE_SOON("A commitment is due soon"),
    COMMITMENT_OVERDUE("A commitment is overdue"),
    COMMITMENT_REPORTED_DONE("A commitment was reported done"),
    /** Issue 15: the municipality's monthly effect figures are out (for its analysts). */
    EFFECT_FIGURES_PUBLISHED("The monthly effect figures are published");

    private final String title;
    private final boolean mailsTheMessage;

    NotificationKind(String title) {
        this(title, true);
    }

    NotificationKind(String title, boolean mailsTheMessage) {
        this.title = title;
        this.mailsTheMessage = mailsTheMessage;
    }

    /**
     * Whether an e-mail may carry the inbox item's message and link. A kind for people outside social services (a
     * report's sender) is mailed only as a nudge to sign in: a mailbox is forwarded, shared and kept, and even the
     * status of a report about a named young person's case is not for it.
     */
    public boolean mailsTheMessage() {
        return mailsTheMessage;
    }

    /** A headline with no case content, fit for an e-mail subject. */
    public String title() {
        return title;
    }
}
