package se.samverkan.cases.domain;

import org.axonframework.serialization.Revision;
import se.samverkan.contracts.Agency;
import se.samverkan.contracts.CaseOrigin;
import se.samverkan.contracts.DataCategory;
import se.samverkan.contracts.Program;
import se.samverkan.contracts.ProtectedIdentity;
import se.samverkan.contracts.RevocationReason;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;

/**
 * What happened to a case; the event store keeps these forever, under the names in
 * {@code storedevents.StoredEventNames} (not the class names). A changed stored shape needs a new {@code @Revision},
 * an upcaster from the old one and a frozen example ({@code StoredEventShapesTest}). Events that carry personal data
 * or free text print only their case id, so a log line can never leak them.
 */
public sealed interface CaseEvent {

    CaseId caseId();

    /** Null when the system acted. */
    ActedBy by();

    Instant at();

    @Revision("2")
    record CaseOpened(CaseId caseId, Program program, String municipality, String unit, SubjectId subjectId,
                      Subject subject, List<String> team, CaseOrigin origin, Phase phase, ActedBy by, Instant at)
            implements CaseEvent {
        @Override
        public String toString() {
            return "CaseOpened[" + caseId + "]";
        }
    }

    @Revision("2")
    record PoliceReportReceived(CaseId caseId, String reportId, String fromPoliceUnit, String summary, ActedBy by,
                                Instant at) implements CaseEvent {
        @Override
        public String toString() {
            return "PoliceReportReceived[" + caseId + "]";
        }
    }

    @Revision("2")
    record CaseTeamAssigned(CaseId caseId, List<String> team, ActedBy by, Instant at) implements CaseEvent {
    }

    @Revision("2")
    record NoteRecorded(CaseId caseId, String noteId, String text, String correctsNoteId, ActedBy by, Instant at)
            implements CaseEvent {
        @Override
        public String toString() {
            return "NoteRecorded[" + caseId + "]";
        }
    }

    @Revision("2")
    /** {@code localCode} (issue 15, null before it and for a national code): the municipality's own code under {@code measureType}. */
    record MeasureRecorded(CaseId caseId, String measureId, String measureType, LocalDate startDate, LocalDate endDate,
                           ActedBy by, Instant at, String localCode) implements CaseEvent {
    }

    @Revision("2")
    record PhaseChanged(CaseId caseId, Phase fromPhase, Phase toPhase, ActedBy by, Instant at) implements CaseEvent {
    }

    @Revision("2")
    /** {@code localCode} (issue 15): the municipality's own code under {@code outcome}, or null. */
    record CaseClosed(CaseId caseId, Phase fromPhase, String outcome, ActedBy by, Instant at, String localCode) implements CaseEvent {
    }

    @Revision("2")
    record CaseReopened(CaseId caseId, Phase phase, String reason, ActedBy by, Instant at) implements CaseEvent {
        @Override
        public String toString() {
            return "CaseReopened[" + caseId + "]";
        }
    }

    @Revision("2")
    record CaseShared(CaseId caseId, String partnerMunicipality, ActedBy by, Instant at) implements CaseEvent {
    }

    /**
     * An exit case shared with one unit of a partner municipality, resting on the subject's consent: only the
     * {@code coordinators} assigned see it, and only the {@code dataCategories}, until {@code validUntil} at the latest.
     */
    @Revision("2")
    record CaseSharedWithPartner(CaseId caseId, String shareId, String partnerMunicipality, String partnerUnit,
                                 PartnerRole role, Set<DataCategory> dataCategories, ConsentId consentId,
                                 List<String> coordinators, LocalDate validFrom, LocalDate validUntil, ActedBy by,
                                 Instant at, String legalBasis, String approvedBy, LegalBasisApplied legalBasisApplied,
                                 String riskAssessment)
            implements CaseEvent {

        public CaseSharedWithPartner(CaseId caseId, String shareId, String partnerMunicipality, String partnerUnit,
                                     PartnerRole role, Set<DataCategory> dataCategories, ConsentId consentId,
                                     List<String> coordinators, LocalDate validFrom, LocalDate validUntil, ActedBy by,
                                     Instant at, String legalBasis, String approvedBy, LegalBasisApplied legalBasisApplied) {
            this(caseId, shareId, partnerMunicipality, partnerUnit, role, dataCategories, consentId, coordinators,
                    validFrom, validUntil, by, at, legalBasis, approvedBy, legalBasisApplied, null);
        }

        @Override
        public String toString() {
            return "CaseSharedWithPartner[" + caseId + ", " + shareId + "]";
        }

        /**
         * {@code legalBasis}, {@code approvedBy}, {@code legalBasisApplied}: the catalogue code, the second person and
         * the rule the share left under (null on a plain consent share and before the four-eyes path existed);
         * {@code riskAssessment}: the assessment text given to the partner with category {@code RISK_ASSESSMENT} (sealed).
         */
        public CaseSharedWithPartner(CaseId caseId, String shareId, String partnerMunicipality, String partnerUnit,
                                     PartnerRole role, Set<DataCategory> dataCategories, ConsentId consentId,
                                     List<String> coordinators, LocalDate validFrom, LocalDate validUntil, ActedBy by,
                                     Instant at) {
            this(caseId, shareId, partnerMunicipality, partnerUnit, role, dataCategories, consentId, coordinators,
                    validFrom, validUntil, by, at, null, null, null, null);
        }
    }

    /** A partner share ended: unshared by the owner, its consent withdrawn or expired, its end date passed, the case closed. */
    @Revision("2")
    record PartnerShareEnded(CaseId caseId, String shareId, String partnerMunicipality, String partnerUnit,
                             ShareEnd reason, LocalDate endedOn, List<String> coordinators, ActedBy by, Instant at)
            implements CaseEvent {
    }

    /** A note the partner recorded under its own authority, in the partner section (sealed as the journal). */
    @Revision("2")
    record PartnerNoteRecorded(CaseId caseId, String shareId, String partnerMunicipality, String noteId, String text,
                               ActedBy by, Instant at) implements CaseEvent {
        @Override
        public String toString() {
            return "PartnerNoteRecorded[" + caseId + "]";
        }
    }

    @Revision("2")
    /** {@code localCode} (issue 15): the partner municipality's own code under {@code measureType}, or null. */
    record PartnerMeasureRecorded(CaseId caseId, String shareId, String partnerMunicipality, String measureId,
                                  String measureType, LocalDate startDate, LocalDate endDate, ActedBy by, Instant at,
                                  String localCode) implements CaseEvent {
    }

    /** The owner marked one of its notes as one a partner with the {@code CASE_SUMMARY} category may read. */
    @Revision("2")
    record NoteMarkedShareable(CaseId caseId, String noteId, ActedBy by, Instant at) implements CaseEvent {
    }

    /** Who pays which share of what for which period between the municipalities of a shared exit case. */
    @Revision("2")
    record CostShareRecorded(CaseId caseId, String costShareId, String payerMunicipality, CostType costType, int percent,
                             LocalDate fromDate, LocalDate untilDate, ActedBy by, Instant at) implements CaseEvent {
    }

    @Revision("2")
    record ConsentRecorded(CaseId caseId, ConsentId consentId, List<Consent.ConsentParty> parties, Agency recipientAgency,
                           String recipientUnit, List<String> purposes, Set<DataCategory> dataCategories,
                           LocalDate validFrom, LocalDate validUntil, String documentReference, ActedBy by, Instant at)
            implements CaseEvent {
        @Override
        public String toString() {
            return "ConsentRecorded[" + caseId + "]";
        }
    }

    @Revision("2")
    record ConsentWithdrawn(CaseId caseId, ConsentId consentId, Consent.PartyRole withdrawnBy, LocalDate withdrawnOn,
                            List<ReferralId> revokedReferrals, ActedBy by, Instant at) implements CaseEvent {
    }

    /**
     * {@code contactReleasedUnder}: the protection level an explicit release of a protected address was decided under,
     * or null. {@code legalBasis} is a code of the municipality's legal-basis catalogue (stored events hold the
     * national codes, which keep their meaning); {@code purpose} and {@code consentId} (issue 15, null before it)
     * what the disclosure would be for and, for a basis resting on consent that also needs four eyes, the consent.
     */
    @Revision("2")
    record ReferralAwaitingApproval(CaseId caseId, ReferralId referralId, String policeUnit, String legalBasis,
                                    Set<DataCategory> dataCategories, String caseSummary, String riskAssessment,
                                    String weighingOfInterests, ActedBy by, Instant at,
                                    ProtectedIdentity contactReleasedUnder, String purpose, ConsentId consentId)
            implements CaseEvent {
        @Override
        public String toString() {
            return "ReferralAwaitingApproval[" + caseId + "]";
        }
    }

    /**
     * {@code legalBasis}: a code of the municipality's legal-basis catalogue; {@code legalBasisApplied} (issue 15, null
     * before it) the catalogue version, provision and conditions the disclosure was checked against when it left;
     * {@code purpose} what it is for.
     */
    @Revision("2")
    record ReferralSent(CaseId caseId, ReferralId referralId, String policeUnit, String legalBasis,
                        ConsentId consentId, Set<DataCategory> dataCategories, ReferralSnapshot snapshot,
                        String approvedBy, ActedBy by, Instant at, ProtectedIdentity contactReleasedUnder,
                        String purpose, LegalBasisApplied legalBasisApplied) implements CaseEvent {
        @Override
        public String toString() {
            return "ReferralSent[" + caseId + "]";
        }
    }

    @Revision("2")
    record ReferralAcknowledged(CaseId caseId, ReferralId referralId, String policeUnit, ActedBy by, Instant at)
            implements CaseEvent {
    }

    @Revision("2")
    record ReferralAccepted(CaseId caseId, ReferralId referralId, String policeUnit, ActedBy by, Instant at)
            implements CaseEvent {
    }

    @Revision("2")
    /** {@code localCode} (issue 15): the municipality's own code under {@code reasonCode}, or null. */
    record ReferralDeclined(CaseId caseId, ReferralId referralId, String policeUnit, String reasonCode, ActedBy by,
                            Instant at, String localCode) implements CaseEvent {
    }

    @Revision("2")
    record PoliceFeedbackPosted(CaseId caseId, ReferralId referralId, String policeUnit, String feedbackId, String text,
                                ActedBy by, Instant at) implements CaseEvent {
        @Override
        public String toString() {
            return "PoliceFeedbackPosted[" + caseId + "]";
        }
    }

    @Revision("2")
    /** {@code localCode} (issue 15): the municipality's own code under {@code outcomeCode}, or null. */
    record ReferralCompleted(CaseId caseId, ReferralId referralId, String policeUnit, String outcomeCode, ActedBy by,
                             Instant at, String localCode) implements CaseEvent {
    }

    @Revision("2")
    record ReferralRevoked(CaseId caseId, ReferralId referralId, String policeUnit, RevocationReason reason, ActedBy by,
                           Instant at) implements CaseEvent {
    }

    @Revision("2")
    record FamilyContactRecorded(CaseId caseId, LocalDate on, ActedBy by, Instant at) implements CaseEvent {
    }

    @Revision("2")
    record JointPoliceMeetingRecorded(CaseId caseId, LocalDate on, ActedBy by, Instant at) implements CaseEvent {
    }

    @Revision("2")
    record DeadlineScheduled(CaseId caseId, String deadlineId, se.samverkan.contracts.DeadlineKind kind, LocalDate dueOn,
                             ActedBy by, Instant at) implements CaseEvent {
    }

    @Revision("2")
    record DeadlineApproaching(CaseId caseId, String deadlineId, se.samverkan.contracts.DeadlineKind kind, LocalDate dueOn,
                               ActedBy by, Instant at) implements CaseEvent {
    }

    @Revision("2")
    record DeadlineMissed(CaseId caseId, String deadlineId, se.samverkan.contracts.DeadlineKind kind, LocalDate dueOn,
                          ActedBy by, Instant at) implements CaseEvent {
    }

    @Revision("2")
    record DeadlineMet(CaseId caseId, String deadlineId, se.samverkan.contracts.DeadlineKind kind, LocalDate dueOn,
                       LocalDate metOn, ActedBy by, Instant at) implements CaseEvent {
    }

    /**
     * Document types of a closed case were cleared (gallring): they read as gone from then on, and the subject's key
     * for a type goes once no case of the subject retains that type. Internal; the last type also records
     * {@link CaseDataCleared}.
     */
    @Revision("2")
    record DocumentsCleared(CaseId caseId, Set<DocumentType> documentTypes, LocalDate clearedOn, ActedBy by, Instant at)
            implements CaseEvent {
    }

    /** All personal data of a closed case was cleared (gallring); the subject's keys go once no case retains them. */
    @Revision("2")
    record CaseDataCleared(CaseId caseId, java.time.LocalDate clearedOn, ActedBy by, Instant at) implements CaseEvent {
    }

    @Revision("2")
    record LegalHoldPlaced(CaseId caseId, String holdId, LegalHoldKind kind, String reason, ActedBy by, Instant at)
            implements CaseEvent {
        @Override
        public String toString() {
            return "LegalHoldPlaced[" + caseId + ", " + kind + "]";
        }
    }

    @Revision("2")
    record LegalHoldLifted(CaseId caseId, String holdId, String reason, ActedBy by, Instant at) implements CaseEvent {
        @Override
        public String toString() {
            return "LegalHoldLifted[" + caseId + "]";
        }
    }

    @Revision("2")
    record ProtectedIdentityChanged(CaseId caseId, se.samverkan.contracts.ProtectedIdentity from,
                                    se.samverkan.contracts.ProtectedIdentity to, ActedBy by, Instant at) implements CaseEvent {
    }

    /**
     * A lowering of the protection level asked for, not in force: it takes effect when a unit supervisor other than
     * {@code by} sets the same level (four eyes), within {@code Protection.REQUEST_DAYS}. Raising the level, setting the
     * level in force again ({@link ProtectionLoweringWithdrawn}) or a later proposal ends it.
     */
    @Revision("2")
    record ProtectionLoweringProposed(CaseId caseId, se.samverkan.contracts.ProtectedIdentity from,
                                      se.samverkan.contracts.ProtectedIdentity to, ActedBy by, Instant at) implements CaseEvent {
    }

    /** A request to lower the level ended without it: someone on the case set the level in force again. */
    @Revision("2")
    record ProtectionLoweringWithdrawn(CaseId caseId, se.samverkan.contracts.ProtectedIdentity kept,
                                       se.samverkan.contracts.ProtectedIdentity askedFor, ActedBy by, Instant at) implements CaseEvent {
    }
    /**
     * A report or concern was received by the case's unit (issue 15): it opened the case ({@code attached} false) or
     * joined it because the subject's case was open in the unit ({@code attached} true), possibly forwarded by another
     * unit ({@code forwardedFrom…}). The statutory clocks start here: the safety assessment is due the same day, the
     * assessment 14 days on ({@code assessmentDueOn} null when the case is already under investigation). {@code by}
     * is the reporter, or the person who forwarded it. {@code earlierStops}: every unit a forwarded report was received
     * at before this one, oldest first, so a unit down the line cannot send it back round a loop however far the read
     * models lag; null for a report no unit forwarded, and for one forwarded before the route travelled with it.
     */
    @Revision("2")
    record ReportReceived(CaseId caseId, String reportId, ReportSource reporter, List<String> concernTypes, String summary,
                          boolean attached, String forwardedFromMunicipality, String forwardedFromUnit,
                          LocalDate safetyAssessmentDueOn, LocalDate assessmentDueOn, ActedBy by, Instant at,
                          List<ForwardingRoute.Stop> earlierStops) implements CaseEvent {

        public ReportReceived(CaseId caseId, String reportId, ReportSource reporter, List<String> concernTypes,
                              String summary, boolean attached, String forwardedFromMunicipality, String forwardedFromUnit,
                              LocalDate safetyAssessmentDueOn, LocalDate assessmentDueOn, ActedBy by, Instant at) {
            this(caseId, reportId, reporter, concernTypes, summary, attached, forwardedFromMunicipality, forwardedFromUnit,
                    safetyAssessmentDueOn, assessmentDueOn, by, at, null);
        }

        @Override
        public String toString() {
            return "ReportReceived[" + caseId + "]";
        }
    }

    /** The same-day safety assessment (skyddsbedömning) of a report was recorded. */
    @Revision("2")
    record SafetyAssessed(CaseId caseId, String reportId, ReportSource reporter, boolean immediateProtectionNeeded,
                          LocalDate assessedOn, ActedBy by, Instant at) implements CaseEvent {
    }

    /**
     * The assessment of a report concluded ({@code outcome}: a {@code ReportStatus} code, {@code INVESTIGATION_OPENED},
     * {@code NO_INVESTIGATION} or {@code INVESTIGATION_ONGOING}): recorded for the report, or following from the case (its
     * investigation opened, the case closed); {@code by} null when the report joined a case already under investigation.
     */
    @Revision("2")
    record ReportAssessed(CaseId caseId, String reportId, ReportSource reporter, String outcome, LocalDate decidedOn,
                          ActedBy by, Instant at) implements CaseEvent {
    }

    /** A misdirected report was sent on to another unit or municipality, with a {@code ForwardingReason} code. */
    @Revision("2")
    record ReportForwarded(CaseId caseId, String reportId, ReportSource reporter, String toMunicipality, String toUnit,
                           String reasonCode, LocalDate forwardedOn, ActedBy by, Instant at) implements CaseEvent {
    }

    /**
     * A joint coordination meeting (issue 15): the day it was held, who took part by role and organisation, what was
     * agreed (sealed as journal) and whether an action plan was agreed. The effect figures read the day and the plan.
     */
    @Revision("2")
    record CoordinationMeetingRecorded(CaseId caseId, String meetingId, LocalDate heldOn,
                                       List<MeetingParticipant> participants, String agreedText, boolean actionPlanAgreed,
                                       ActedBy by, Instant at) implements CaseEvent {
        @Override
        public String toString() {
            return "CoordinationMeetingRecorded[" + caseId + "]";
        }
    }

    /**
     * A participant's commitment at a meeting: who (the owner's role, organisation and account), what (a code, and a
     * text sealed as journal), by when. {@code ownerNotified}: a consent let the owner be told of it when it was made.
     */
    @Revision("2")
    record CommitmentMade(CaseId caseId, String commitmentId, String meetingId, String participantId,
                          String participantRole, Agency ownerAgency, String ownerMunicipality, String ownerOrganisation,
                          String ownerUserId, String commitmentType, String text, LocalDate dueOn, boolean ownerNotified,
                          ActedBy by, Instant at) implements CaseEvent {
        @Override
        public String toString() {
            return "CommitmentMade[" + caseId + ", " + commitmentId + "]";
        }
    }

    /** The watch's reminder before the due date; {@code notifiedOwner} the owner told, null: the case team is told. */
    @Revision("2")
    record CommitmentDueSoon(CaseId caseId, String commitmentId, LocalDate dueOn, String notifiedOwner, Agency ownerAgency,
                             String ownerOrganisation, ActedBy by, Instant at) implements CaseEvent {
    }

    /** The due date passed with the commitment neither reported done nor followed up; told as {@link CommitmentDueSoon}. */
    @Revision("2")
    record CommitmentOverdue(CaseId caseId, String commitmentId, LocalDate dueOn, String notifiedOwner, Agency ownerAgency,
                             String ownerOrganisation, ActedBy by, Instant at) implements CaseEvent {
    }

    /** The owner reported the commitment done (with an optional text, sealed as journal). */
    @Revision("2")
    record CommitmentReportedDone(CaseId caseId, String commitmentId, LocalDate reportedOn, String text, ActedBy by,
                                  Instant at) implements CaseEvent {
        @Override
        public String toString() {
            return "CommitmentReportedDone[" + caseId + ", " + commitmentId + "]";
        }
    }

    /** The follow-up's verdict ({@code CommitmentOutcome} code) on one commitment, with its due date for the figures. */
    @Revision("2")
    record CommitmentFollowedUp(CaseId caseId, String commitmentId, String outcome, LocalDate followedUpOn,
                                LocalDate dueOn, ActedBy by, Instant at) implements CaseEvent {
    }

    /**
     * The school or work status found at follow-up on {@code on} (a {@code SchoolWorkStatus} code).
     * The latest by date is the case's status at follow-up in the effect figures.
     */
    @Revision("2")
    record FollowUpStatusRecorded(CaseId caseId, String followUpId, String schoolWorkStatus, LocalDate on, ActedBy by,
                                  Instant at)
            implements CaseEvent {
    }

    /**
     * A share that waits for a second person of the owning unit (four eyes): the catalogue says so for its legal basis,
     * or a protected subject's risk assessment would leave. The partner sees nothing of it; it is approved (then
     * {@link CaseSharedWithPartner}), refused, or expires on {@code expiresOn}. {@code consentId} null on a provision;
     * {@code weighingOfInterests} and {@code riskAssessment} are sealed.
     */
    @Revision("2")
    record PartnerShareAwaitingApproval(CaseId caseId, String shareId, String partnerMunicipality, String partnerUnit,
                                        PartnerRole role, Set<DataCategory> dataCategories, String legalBasis,
                                        ConsentId consentId, List<String> coordinators, LocalDate validUntil,
                                        String weighingOfInterests, LocalDate expiresOn, ActedBy by, Instant at,
                                        String riskAssessment)
            implements CaseEvent {

        public PartnerShareAwaitingApproval(CaseId caseId, String shareId, String partnerMunicipality, String partnerUnit,
                                            PartnerRole role, Set<DataCategory> dataCategories, String legalBasis,
                                            ConsentId consentId, List<String> coordinators, LocalDate validUntil,
                                            String weighingOfInterests, LocalDate expiresOn, ActedBy by, Instant at) {
            this(caseId, shareId, partnerMunicipality, partnerUnit, role, dataCategories, legalBasis, consentId,
                    coordinators, validUntil, weighingOfInterests, expiresOn, by, at, null);
        }
        @Override
        public String toString() {
            return "PartnerShareAwaitingApproval[" + caseId + ", " + shareId + "]";
        }
    }

    /** The second person refused a share that waited for four eyes: nothing left the owning municipality. */
    @Revision("2")
    record PartnerShareRefused(CaseId caseId, String shareId, String partnerMunicipality, String partnerUnit, ActedBy by,
                               Instant at) implements CaseEvent {
    }

    /** Nobody approved a share that waited for four eyes before {@code expiredOn}: it lapsed, nothing left. */
    @Revision("2")
    record PartnerShareRequestExpired(CaseId caseId, String shareId, String partnerMunicipality, String partnerUnit,
                                      LocalDate expiredOn, ActedBy by, Instant at) implements CaseEvent {
    }
}
