package se.samverkan.cases.access;

import se.samverkan.cases.domain.Consent;
import se.samverkan.cases.domain.Referral;
import se.samverkan.cases.domain.ReferralStatus;

import java.time.LocalDate;
import java.util.UUID;

/**
 * A referral as the policy sees it: to whom, in what state, and whether its legal basis still holds today
 * ({@link se.samverkan.cases.domain.ConsentLapse}). {@code legalBasis} is a code of the municipality's legal-basis
 * catalogue; whatever the code, a referral resting on a consent holds only while the consent does.
 */
public record ReferralFacts(UUID referralId, String policeUnit, ReferralStatus status, String legalBasis,
                            BasisState basis) {

    public enum BasisState {
        HOLDS,
        CONSENT_WITHDRAWN,
        CONSENT_EXPIRED,
        CONSENT_NOT_YET_VALID,
        /** The referral names a consent the case does not hold (any more): nothing proves the basis, so it fails. */
        CONSENT_MISSING
    }

    /**
     * {@code consent}: the case's consent the referral names, null when the case has none by that id. A referral that
     * rests on a consent fails closed without it: a basis nobody can show is no basis to give the police access on.
     */
    public static ReferralFacts of(Referral referral, Consent consent, LocalDate today) {
        BasisState basis = referral.consentId() == null ? BasisState.HOLDS
                : consent == null ? BasisState.CONSENT_MISSING
                : consent.lapseOn(today).map(lapse -> switch (lapse) {
                    case WITHDRAWN -> BasisState.CONSENT_WITHDRAWN;
                    case EXPIRED -> BasisState.CONSENT_EXPIRED;
                    case NOT_YET_VALID -> BasisState.CONSENT_NOT_YET_VALID;
                }).orElse(BasisState.HOLDS);
        return new ReferralFacts(referral.referralId().value(), referral.policeUnit(), referral.status(),
                referral.legalBasis(), basis);
    }
}
