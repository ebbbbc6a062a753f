package se.samverkan.cases.domain;

import se.samverkan.contracts.Agency;
import se.samverkan.contracts.ProtectedIdentity;

/**
 * Where a person with a protected identity is now is contact data, like the address: the unit and municipality a
 * report about them was forwarded to (and that it was because they live there now) and the units it came through, the
 * partner municipalities an exit case is shared with, which take part in the relocation and pay for it, the partner's
 * unit a consent names, and the partner's staff who wrote in the case (who they are says where they work). For such a
 * case these read as contact data: gone for anyone the decision does not show {@code CONTACT}, kept for the case team.
 * That a report was forwarded or received, and when, that a case is shared, that a consent was given to social
 * services, and when a partner wrote, stay: they are how the case was handled, not where the person is.
 * The case view and the subject access export both mask through here, so the rule is decided once.
 */
public final class ProtectedLocation {

    private ProtectedLocation() {
    }

    /** True when the location must be left out for a reader who does not see contact data. */
    public static boolean concealed(ProtectedIdentity level, boolean showsContact) {
        return level != null && level != ProtectedIdentity.NONE && !showsContact;
    }

    /** The report without the units it came through and went to: the way it took follows the person. */
    public static IntakeReport withoutWhereabouts(IntakeReport r) {
        return new IntakeReport(r.reportId(), r.reporter(), r.concernTypes(), r.summary(), r.receivedAt(), r.attached(),
                null, null, r.safetyAssessmentDueOn(), r.assessmentDueOn(), r.safetyAssessedOn(),
                r.immediateProtectionNeeded(), r.assessment(), r.assessedOn(), null, null, null, r.forwardedOn(), null);
    }

    public static CaseFile.PartnerNote withoutPartner(CaseFile.PartnerNote n) {
        return new CaseFile.PartnerNote(n.noteId(), n.shareId(), null, n.text(), null, n.recordedAt());
    }

    public static CaseFile.PartnerMeasure withoutPartner(CaseFile.PartnerMeasure m) {
        return new CaseFile.PartnerMeasure(m.measureId(), m.shareId(), null, m.measureType(), m.startDate(), m.endDate(),
                null, m.localCode());
    }

    public static CaseFile.CostShare withoutPayer(CaseFile.CostShare c) {
        return new CaseFile.CostShare(c.costShareId(), null, c.costType(), c.percent(), c.fromDate(), c.untilDate(),
                c.recordedBy(), c.recordedAt());
    }

    /**
     * The consent without the unit it names when that unit is somewhere else in social services or the municipality:
     * a consent to a partner's unit is given for the move there. A police unit stays, since the referrals made on the
     * consent name it to the same readers, and so does the case's own unit.
     */
    public static Consent withoutPartnerUnit(Consent c, String caseUnit) {
        if (c.recipientAgency() == Agency.POLICE || c.recipientUnit() == null || c.recipientUnit().equals(caseUnit)) {
            return c;
        }
        return new Consent(c.consentId(), c.parties(), c.recipientAgency(), null, c.purposes(), c.dataCategories(),
                c.validFrom(), c.validUntil(), c.documentReference(), c.withdrawnOn());
    }
}
