package se.samverkan.cases.domain;

import java.time.LocalDate;
import java.util.Optional;

/**
 * Why a consent does not count on a given day. The one place that decides whether a consent still holds: the
 * aggregate (creating and acting on referrals), the access policy's referral facts and the case view all ask here.
 */
public enum ConsentLapse {
    WITHDRAWN,
    EXPIRED,
    NOT_YET_VALID;

    /** Empty when the consent counts on {@code day}; a withdrawal outweighs the validity period. */
    public static Optional<ConsentLapse> of(Consent consent, LocalDate day) {
        if (consent.withdrawnOn() != null) {
            return Optional.of(WITHDRAWN);
        }
        if (day.isAfter(consent.validUntil())) {
            return Optional.of(EXPIRED);
        }
        if (day.isBefore(consent.validFrom())) {
            return Optional.of(NOT_YET_VALID);
        }
        return Optional.empty();
    }
}
