package se.samverkan.cases.domain;

import se.samverkan.contracts.DataCategory;
import se.samverkan.contracts.ProtectedIdentity;

import java.util.Set;

/**
 * Whether a subject's address may leave with a referral, decided by the protection in force at the moment it would
 * leave: when the referral is created, when a supervisor approves it, and every time the police read it. An address
 * leaves an unprotected subject's case whenever the referral names {@code CONTACT}; a protected one only when the
 * referral explicitly released it ({@code includeProtectedContact}) under the very level in force now. Raising,
 * changing or adding a protection after the release withdraws the address from what the police can still read.
 */
public final class ProtectedContactPolicy {

    private ProtectedContactPolicy() {
    }

    /** The level an explicit release was decided under, kept with the referral; null when nothing was released. */
    public static ProtectedIdentity releasedUnder(boolean includeProtectedContact, ProtectedIdentity levelNow) {
        return includeProtectedContact ? levelNow : null;
    }

    public static boolean mayShareAddress(Set<DataCategory> categories, ProtectedIdentity levelNow, ProtectedIdentity releasedUnder) {
        if (categories == null || !categories.contains(DataCategory.CONTACT)) {
            return false;
        }
        return levelNow == null || levelNow == ProtectedIdentity.NONE || levelNow == releasedUnder;
    }

    /**
     * A protected address leaving the case is never one person's decision, whatever the legal basis: the referral that
     * releases it waits for a second supervisor's approval, as a secrecy-breaking one does. One person's mistaken
     * flag would otherwise send where a person in hiding lives to the police at once, with nobody to stop it.
     */
    public static boolean needsFourEyes(Set<DataCategory> categories, ProtectedIdentity levelNow, ProtectedIdentity releasedUnder) {
        return levelNow != null && levelNow != ProtectedIdentity.NONE && mayShareAddress(categories, levelNow, releasedUnder);
    }

    /** The snapshot as the police may read it now: without the address once the protection in force no longer lets it out. */
    public static ReferralSnapshot readableNow(ReferralSnapshot snapshot, ProtectedIdentity levelNow, ProtectedIdentity releasedUnder) {
        if (snapshot == null || snapshot.contact() == null
                || mayShareAddress(snapshot.categories(), levelNow, releasedUnder)) {
            return snapshot;
        }
        return snapshot.withoutContact();
    }
}
