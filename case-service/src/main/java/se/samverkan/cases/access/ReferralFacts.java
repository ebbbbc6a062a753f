package se.samverkan.cases.access;

import se.samverkan.cases.domain.Consent;
import se.samverkan.cases.domain.Referral;
import se.samverkan.cases.domain.ReferralStatus;
import se.samverkan.contracts.LegalBasis;

import java.time.LocalDate;
import java.util.UUID;

/** A referral as the policy sees it: to whom, in what state, and whether its legal basis still holds today. */
public record ReferralFacts(UUID referralId, String policeUnit, ReferralStatus status, LegalBasis legalBasis,
                            BasisState basis) {

    public enum BasisState {
        HOLDS,
        CONSENT_WITHDRAWN,
        CONSENT_EXPIRED,
        CONSENT_NOT_YET_VALID
    }

    public static ReferralFacts of(Referral referral, Consent consent, LocalDate today) {
        BasisState basis = BasisState.HOLDS;
        if (referral.legalBasis() == LegalBasis.CONSENT && consent != null) {
            if (consent.isWithdrawn()) {
                basis = BasisState.CONSENT_WITHDRAWN;
            } else if (consent.isExpiredOn(today)) {
                basis = BasisState.CONSENT_EXPIRED;
            } else if (!consent.isActiveOn(today)) {
                basis = BasisState.CONSENT_NOT_YET_VALID;
            }
        }
        return new ReferralFacts(referral.referralId().value(), referral.policeUnit(), referral.status(),
                referral.legalBasis(), basis);
    }
}
