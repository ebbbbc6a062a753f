package se.samverkan.cases.domain;

import se.samverkan.contracts.ProtectedIdentity;

/**
 * Where a person with a protected identity is now is contact data, like the address: the unit and municipality a
 * report about them was forwarded to (and that it was because they live there now), and the partner municipalities an
 * exit case is shared with, which take part in the relocation and pay for it. For such a case these read as contact
 * data: gone for anyone the decision does not show {@code CONTACT}, kept for the case team. That a report was
 * forwarded, and when, and that a case is shared, stay: they are how the case was handled, not where the person is.
 * The case view and the subject access export both mask through here, so the rule is decided once.
 */
public final class ProtectedLocation {

    private ProtectedLocation() {
    }

    /** True when the location must be left out for a reader who does not see contact data. */
    public static boolean concealed(ProtectedIdentity level, boolean showsContact) {
        return level != null && level != ProtectedIdentity.NONE && !showsContact;
    }

    public static IntakeReport withoutDestination(IntakeReport r) {
        return new IntakeReport(r.reportId(), r.reporter(), r.concernTypes(), r.summary(), r.receivedAt(), r.attached(),
                r.forwardedFromMunicipality(), r.forwardedFromUnit(), r.safetyAssessmentDueOn(), r.assessmentDueOn(),
                r.safetyAssessedOn(), r.immediateProtectionNeeded(), r.assessment(), r.assessedOn(), null, null, null,
                r.forwardedOn(), r.earlierStops());
    }

    public static CaseFile.PartnerNote withoutPartner(CaseFile.PartnerNote n) {
        return new CaseFile.PartnerNote(n.noteId(), n.shareId(), null, n.text(), n.recordedBy(), n.recordedAt());
    }

    public static CaseFile.PartnerMeasure withoutPartner(CaseFile.PartnerMeasure m) {
        return new CaseFile.PartnerMeasure(m.measureId(), m.shareId(), null, m.measureType(), m.startDate(), m.endDate(),
                m.recordedBy(), m.localCode());
    }

    public static CaseFile.CostShare withoutPayer(CaseFile.CostShare c) {
        return new CaseFile.CostShare(c.costShareId(), null, c.costType(), c.percent(), c.fromDate(), c.untilDate(),
                c.recordedBy(), c.recordedAt());
    }
}
