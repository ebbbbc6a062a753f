package se.samverkan.cases.domain;

import se.samverkan.contracts.Agency;
import se.samverkan.contracts.ProtectedIdentity;

/**
 * Where a person with a protected identity is now is contact data, like the address: the unit that reported them (a
 * school, a youth centre, a police area), the unit and municipality a report about them was forwarded to (and that it
 * was because they live there now) and the units it came through, the
 * partner municipalities an exit case is shared with, which take part in the relocation and pay for it, the partner's
 * unit a consent names, the partner's staff who wrote in the case (who they are says where they work), the outside
 * organisations (a school, a youth centre, a partner's unit, a police area) that took part in a joint meeting or took
 * on a commitment and their staff, and the other units holding a case of the person. For such a case these read as
 * contact data: gone for anyone the decision does not show {@code CONTACT}, kept for the case team. That a report was
 * forwarded or received, and when, that a case is shared, that a consent was given to social services, when a partner
 * wrote, and who took part in a meeting and undertook what by when (role and agency), stay: they are how the case was
 * handled, not where the person is.
 * The case view and the subject access export both mask through here, so the rule is decided once.
 */
public final class ProtectedLocation {

    private ProtectedLocation() {
    }

    /** True when the location must be left out for a reader who does not see contact data. */
    public static boolean concealed(ProtectedIdentity level, boolean showsContact) {
        return level != null && level != ProtectedIdentity.NONE && !showsContact;
    }

    /**
     * The report without the unit that sent it and the units it came through and went to: the way it took follows
     * the person. Who sent it (agency and role) stays.
     */
    public static IntakeReport withoutWhereabouts(IntakeReport r) {
        return new IntakeReport(r.reportId(), r.reporter().withoutWhereabouts(), r.concernTypes(), r.summary(), r.receivedAt(), r.attached(),
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

    /**
     * The meeting without where its participants from outside the case's unit work: their organisation, its
     * municipality and their account (who they are says where they work); their role and agency stay. A school or
     * youth centre the young person goes to is where they live. Unlike a consent's, a police participant's unit goes
     * too: no referral need name the police area at the meeting. The case's own unit stays, and so do the guardians and
     * the youth, who have no organisation.
     */
    public static CoordinationMeeting withoutOutsideOrganisations(CoordinationMeeting m, String caseUnit) {
        return new CoordinationMeeting(m.meetingId(), m.heldOn(),
                m.participants().stream().map(p -> outside(p.organisation(), caseUnit)
                        ? new MeetingParticipant(p.participantId(), p.role(), p.agency(), null, null, null) : p).toList(),
                m.agreedText(), m.actionPlanAgreed(), m.recordedBy(), m.recordedAt());
    }

    /**
     * The commitment without its owner's organisation, municipality and account when the owner works outside the
     * case's unit, and without who reported it done (only the owner does); what, by when, how it went and the team's
     * own part stay.
     */
    public static Commitment withoutOutsideOwner(Commitment c, String caseUnit) {
        if (!outside(c.ownerOrganisation(), caseUnit)) {
            return c;
        }
        return new Commitment(c.commitmentId(), c.meetingId(), c.participantId(), c.participantRole(), c.ownerAgency(),
                null, null, null, c.commitmentType(), c.text(), c.dueOn(), c.madeBy(), c.madeAt(), c.reminder(),
                c.reportedDoneOn(), null, c.reportText(), c.outcome(), c.followedUpOn(), c.followedUpBy());
    }

    private static boolean outside(String organisation, String caseUnit) {
        return organisation != null && !organisation.equals(caseUnit);
    }
}
