package se.samverkan.cases.domain;

import se.samverkan.contracts.DataCategory;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * An exit case shared with one unit of a partner municipality: the categories, the role the partner plays, the
 * coordinators assigned to it, the consent it rests on (null: a documented provision approved by four eyes) and its period. {@code endedOn}/{@code endReason} once an end
 * event was recorded; {@code riskAssessment} the assessment given with category {@code RISK_ASSESSMENT} (sealed as journal).
 */
public record PartnerShare(String shareId, String partnerMunicipality, String partnerUnit, PartnerRole role,
                           Set<DataCategory> dataCategories, ConsentId consentId, List<String> coordinators,
                           LocalDate validFrom, LocalDate validUntil, LocalDate endedOn, ShareEnd endReason,
                           String riskAssessment) {

    public boolean isEnded() {
        return endReason != null;
    }

    /**
     * Empty when the share counts on {@code day}: not ended, within its period, and its consent (see
     * {@link ConsentLapse}) holds. The one rule for whether a partner may still see the case: the aggregate, the access
     * policy's facts and the case view ask here.
     */
    public Optional<ShareEnd> lapseOn(LocalDate day, Consent consent, CaseStatus caseStatus) {
        if (endReason != null) {
            return Optional.of(endReason);
        }
        if (caseStatus == CaseStatus.CLOSED) {
            return Optional.of(ShareEnd.CASE_CLOSED);
        }
        if (consentId == null) {
            // a share on a documented provision, approved by four eyes: only its period bounds it
            return day.isAfter(validUntil) ? Optional.of(ShareEnd.END_DATE_PASSED) : Optional.empty();
        }
        if (consent == null) {
            return Optional.of(ShareEnd.CONSENT_WITHDRAWN);
        }
        Optional<ShareEnd> consentLapse = ConsentLapse.of(consent, day).map(lapse -> switch (lapse) {
            case WITHDRAWN -> ShareEnd.CONSENT_WITHDRAWN;
            case EXPIRED -> ShareEnd.CONSENT_EXPIRED;
            case NOT_YET_VALID -> ShareEnd.CONSENT_NOT_YET_VALID;
        });
        if (consentLapse.isPresent()) {
            return consentLapse;
        }
        return day.isAfter(validUntil) ? Optional.of(ShareEnd.END_DATE_PASSED) : Optional.empty();
    }

    public boolean isAssigned(String userId) {
        return coordinators.contains(userId);
    }

    PartnerShare ended(LocalDate on, ShareEnd reason) {
        return new PartnerShare(shareId, partnerMunicipality, partnerUnit, role, dataCategories, consentId, coordinators,
                validFrom, validUntil, on, reason, riskAssessment);
    }
}
