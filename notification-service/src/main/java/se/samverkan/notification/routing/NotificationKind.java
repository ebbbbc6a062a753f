package se.samverkan.notification.routing;

/** What a notification is about; users choose per kind whether it also comes by e-mail. */
public enum NotificationKind {
    CASE_OPENED("A case was opened"),
    CASE_ASSIGNED("You were added to a case team"),
    CASE_SHARED("A case was shared with you by a partner municipality"),
    CASE_SHARE_ENDED("A case is no longer shared with you"),
    REFERRAL_RECEIVED("A referral was sent to your unit"),
    REFERRAL_AWAITING_APPROVAL("A referral waits for your approval"),
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
    /** Issue 15: the municipality's monthly effect figures are out (for its analysts). */
    EFFECT_FIGURES_PUBLISHED("The monthly effect figures are published");

    private final String title;

    NotificationKind(String title) {
        this.title = title;
    }

    /** A headline with no case content, fit for an e-mail subject. */
    public String title() {
        return title;
    }
}
