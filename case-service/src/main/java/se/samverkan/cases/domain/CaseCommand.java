package se.samverkan.cases.domain;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import se.samverkan.contracts.Agency;
import se.samverkan.contracts.CaseOrigin;
import se.samverkan.contracts.DataCategory;
import se.samverkan.contracts.Program;
import se.samverkan.contracts.RevocationReason;
import se.samverkan.contracts.vocabulary.CaseOutcome;
import se.samverkan.contracts.vocabulary.ConcernType;
import se.samverkan.contracts.vocabulary.ForwardingReason;
import se.samverkan.contracts.vocabulary.ReportStatus;
import se.samverkan.contracts.vocabulary.CommitmentOutcome;
import se.samverkan.contracts.vocabulary.CommitmentType;
import se.samverkan.contracts.vocabulary.ConsentPurpose;
import se.samverkan.contracts.vocabulary.DeclineReason;
import se.samverkan.contracts.vocabulary.MeasureType;
import se.samverkan.contracts.vocabulary.ParticipantRole;
import se.samverkan.contracts.vocabulary.ReferralOutcome;
import se.samverkan.contracts.vocabulary.SchoolWorkStatus;
import se.samverkan.platform.identity.Actor;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;

/**
 * What people ask a case to do. {@code expectedVersion} (nullable) carries the client's If-Match: the command is
 * refused when the case has moved on since the client read it. Commands holding personal data or free text print
 * only their type and case id. Code fields are typed by their vocabulary ({@code contracts.vocabulary}), so a command
 * cannot carry free text where a code belongs; the events store the code's name, so older events still load. A
 * municipality's own code under a national one (issue 15, {@link MunicipalVocabulary}) rides beside it as
 * {@code localCode}, chosen from the municipality's vocabulary before the command is made.
 */
public sealed interface CaseCommand {

    CaseId caseId();

    Actor by();

    Instant at();

    default Long expectedVersion() {
        return null;
    }

    /** {@code firstFamilyContactDays}: the program's target for a rapid intervention, null for none. */
    record OpenCase(@TargetAggregateIdentifier CaseId caseId, Program program, String municipality, String unit,
                    SubjectId subjectId, Subject subject, List<String> team, CaseOrigin origin, Integer firstFamilyContactDays,
                    Actor by, Instant at) implements CaseCommand {
        @Override
        public String toString() {
            return "OpenCase[" + caseId + "]";
        }
    }

    record AssignCaseTeam(@TargetAggregateIdentifier CaseId caseId, List<String> team, Long expectedVersion, Actor by,
                          Instant at) implements CaseCommand {
    }

    record RecordNote(@TargetAggregateIdentifier CaseId caseId, String noteId, String text, Long expectedVersion,
                      Actor by, Instant at) implements CaseCommand {
        @Override
        public String toString() {
            return "RecordNote[" + caseId + "]";
        }
    }

    record CorrectNote(@TargetAggregateIdentifier CaseId caseId, String noteId, String correctsNoteId, String text,
                       Long expectedVersion, Actor by, Instant at) implements CaseCommand {
        @Override
        public String toString() {
            return "CorrectNote[" + caseId + "]";
        }
    }

    /** {@code localCode}: the municipality's own code under {@code measureType} (issue 15), null for the national one. */
    record RecordMeasure(@TargetAggregateIdentifier CaseId caseId, String measureId, MeasureType measureType,
                         LocalDate startDate, LocalDate endDate, Long expectedVersion, Actor by, Instant at,
                         String localCode) implements CaseCommand {

        public RecordMeasure(CaseId caseId, String measureId, MeasureType measureType, LocalDate startDate,
                             LocalDate endDate, Long expectedVersion, Actor by, Instant at) {
            this(caseId, measureId, measureType, startDate, endDate, expectedVersion, by, at, null);
        }
    }

    record ChangePhase(@TargetAggregateIdentifier CaseId caseId, Phase toPhase, Long expectedVersion, Actor by,
                       Instant at) implements CaseCommand {
    }

    record CloseCase(@TargetAggregateIdentifier CaseId caseId, CaseOutcome outcome, Long expectedVersion, Actor by,
                     Instant at, String localCode) implements CaseCommand {

        public CloseCase(CaseId caseId, CaseOutcome outcome, Long expectedVersion, Actor by, Instant at) {
            this(caseId, outcome, expectedVersion, by, at, null);
        }
    }

    record ReopenCase(@TargetAggregateIdentifier CaseId caseId, String reason, Long expectedVersion, Actor by,
                      Instant at) implements CaseCommand {
        @Override
        public String toString() {
            return "ReopenCase[" + caseId + "]";
        }
    }

    /**
     * {@code validUntil} null: as long as the consent. {@code legalBasis}: the rule of the owning municipality's
     * legal-basis catalogue the share rests on, as in force now (null: the subject's consent, as before issue 14's
     * four-eyes path); {@code weighingOfInterests}: the written weighing a provision needs.
     */
    record ShareCase(@TargetAggregateIdentifier CaseId caseId, String shareId, String partnerMunicipality,
                     String partnerUnit, PartnerRole role, Set<DataCategory> dataCategories, ConsentId consentId,
                     List<String> coordinators, LocalDate validUntil, Long expectedVersion, Actor by, Instant at,
                     LegalBasisRule legalBasis, String weighingOfInterests, String riskAssessment)
            implements CaseCommand {

        /** Without a risk assessment (category {@code RISK_ASSESSMENT} not shared). */
        public ShareCase(CaseId caseId, String shareId, String partnerMunicipality, String partnerUnit, PartnerRole role,
                         Set<DataCategory> dataCategories, ConsentId consentId, List<String> coordinators,
                         LocalDate validUntil, Long expectedVersion, Actor by, Instant at, LegalBasisRule legalBasis,
                         String weighingOfInterests) {
            this(caseId, shareId, partnerMunicipality, partnerUnit, role, dataCategories, consentId, coordinators,
                    validUntil, expectedVersion, by, at, legalBasis, weighingOfInterests, null);
        }

        /** On the subject's consent. */
        public ShareCase(CaseId caseId, String shareId, String partnerMunicipality, String partnerUnit, PartnerRole role,
                         Set<DataCategory> dataCategories, ConsentId consentId, List<String> coordinators,
                         LocalDate validUntil, Long expectedVersion, Actor by, Instant at) {
            this(caseId, shareId, partnerMunicipality, partnerUnit, role, dataCategories, consentId, coordinators,
                    validUntil, expectedVersion, by, at, null, null, null);
        }

        @Override
        public String toString() {
            return "ShareCase[" + caseId + "]";
        }
    }

    /** The owner ends a share (unshare). */
    record EndPartnerShare(@TargetAggregateIdentifier CaseId caseId, String shareId, Long expectedVersion, Actor by,
                           Instant at) implements CaseCommand {
    }

    /** Sent by the share watch (no person acts): records the end of every share whose consent or period lapsed. */
    record EndLapsedPartnerShares(@TargetAggregateIdentifier CaseId caseId, Actor by, Instant at) implements CaseCommand {
    }

    record RecordPartnerNote(@TargetAggregateIdentifier CaseId caseId, String shareId, String noteId, String text,
                             Long expectedVersion, Actor by, Instant at) implements CaseCommand {
        @Override
        public String toString() {
            return "RecordPartnerNote[" + caseId + "]";
        }
    }

    /** {@code localCode}: the partner municipality's own code under {@code measureType}, null for the national one. */
    record RecordPartnerMeasure(@TargetAggregateIdentifier CaseId caseId, String shareId, String measureId,
                                MeasureType measureType, LocalDate startDate, LocalDate endDate, Long expectedVersion,
                                Actor by, Instant at, String localCode) implements CaseCommand {

        public RecordPartnerMeasure(CaseId caseId, String shareId, String measureId, MeasureType measureType,
                                    LocalDate startDate, LocalDate endDate, Long expectedVersion, Actor by, Instant at) {
            this(caseId, shareId, measureId, measureType, startDate, endDate, expectedVersion, by, at, null);
        }
    }

    record MarkNoteShareable(@TargetAggregateIdentifier CaseId caseId, String noteId, Long expectedVersion, Actor by,
                             Instant at) implements CaseCommand {
    }

    record RecordCostShare(@TargetAggregateIdentifier CaseId caseId, String costShareId, String payerMunicipality,
                           CostType costType, int percent, LocalDate fromDate, LocalDate untilDate,
                           Long expectedVersion, Actor by, Instant at) implements CaseCommand {
    }

    record RecordConsent(@TargetAggregateIdentifier CaseId caseId, ConsentId consentId, List<Consent.ConsentParty> parties,
                         Agency recipientAgency, String recipientUnit, List<ConsentPurpose> purposes,
                         Set<DataCategory> dataCategories, LocalDate validFrom, LocalDate validUntil,
                         String documentReference, Long expectedVersion, Actor by, Instant at) implements CaseCommand {
    }

    record WithdrawConsent(@TargetAggregateIdentifier CaseId caseId, ConsentId consentId, Consent.PartyRole withdrawnBy,
                           LocalDate withdrawnOn, Long expectedVersion, Actor by, Instant at) implements CaseCommand {
    }

    /**
     * {@code legalBasis}: the rule of the owning municipality's legal-basis catalogue the referral names, as in force
     * when the command is made (issue 15); {@code purpose}: what the disclosure is for (null: not stated).
     */
    record CreateReferral(@TargetAggregateIdentifier CaseId caseId, ReferralId referralId, String policeUnit,
                          LegalBasisRule legalBasis, ConsentPurpose purpose, ConsentId consentId,
                          Set<DataCategory> dataCategories, String caseSummary, String riskAssessment,
                          String weighingOfInterests, Long expectedVersion, Actor by, Instant at,
                          boolean includeProtectedContact) implements CaseCommand {

        /** Without the explicit confirmation that a protected subject's address may go to the police. */
        public CreateReferral(CaseId caseId, ReferralId referralId, String policeUnit, LegalBasisRule legalBasis,
                              ConsentPurpose purpose, ConsentId consentId, Set<DataCategory> dataCategories,
                              String caseSummary, String riskAssessment, String weighingOfInterests,
                              Long expectedVersion, Actor by, Instant at) {
            this(caseId, referralId, policeUnit, legalBasis, purpose, consentId, dataCategories, caseSummary,
                    riskAssessment, weighingOfInterests, expectedVersion, by, at, false);
        }

        @Override
        public String toString() {
            return "CreateReferral[" + caseId + "]";
        }
    }

    /**
     * {@code legalBasis}: the rule the referral's code has in the owning municipality's catalogue now, when the
     * approval would let the data leave (null: the code is not in the catalogue at all).
     */
    record ApproveReferral(@TargetAggregateIdentifier CaseId caseId, ReferralId referralId, LegalBasisRule legalBasis,
                           Long expectedVersion, Actor by, Instant at) implements CaseCommand {
    }

    record AcknowledgeReferral(@TargetAggregateIdentifier CaseId caseId, ReferralId referralId, Actor by, Instant at)
            implements CaseCommand {
    }

    record AcceptReferral(@TargetAggregateIdentifier CaseId caseId, ReferralId referralId, Actor by, Instant at)
            implements CaseCommand {
    }

    record DeclineReferral(@TargetAggregateIdentifier CaseId caseId, ReferralId referralId, DeclineReason reasonCode, Actor by,
                           Instant at, String localCode) implements CaseCommand {

        public DeclineReferral(CaseId caseId, ReferralId referralId, DeclineReason reasonCode, Actor by, Instant at) {
            this(caseId, referralId, reasonCode, by, at, null);
        }
    }

    record PostPoliceFeedback(@TargetAggregateIdentifier CaseId caseId, ReferralId referralId, String feedbackId,
                              String text, Actor by, Instant at) implements CaseCommand {
        @Override
        public String toString() {
            return "PostPoliceFeedback[" + caseId + "]";
        }
    }

    record CompleteReferral(@TargetAggregateIdentifier CaseId caseId, ReferralId referralId, ReferralOutcome outcomeCode,
                            Long expectedVersion, Actor by, Instant at, String localCode) implements CaseCommand {

        public CompleteReferral(CaseId caseId, ReferralId referralId, ReferralOutcome outcomeCode, Long expectedVersion,
                                Actor by, Instant at) {
            this(caseId, referralId, outcomeCode, expectedVersion, by, at, null);
        }
    }

    record RevokeReferral(@TargetAggregateIdentifier CaseId caseId, ReferralId referralId, RevocationReason reason,
                          Long expectedVersion, Actor by, Instant at) implements CaseCommand {
    }

    record RecordFamilyContact(@TargetAggregateIdentifier CaseId caseId, LocalDate on, Long expectedVersion, Actor by,
                               Instant at) implements CaseCommand {
    }

    record RecordJointPoliceMeeting(@TargetAggregateIdentifier CaseId caseId, LocalDate on, Long expectedVersion, Actor by,
                                    Instant at) implements CaseCommand {
    }

    /** A date under LUL (the act on young offenders) entered by the social worker. */
    record RecordLulDeadline(@TargetAggregateIdentifier CaseId caseId, String deadlineId, se.samverkan.contracts.DeadlineKind kind,
                             LocalDate dueOn, Long expectedVersion, Actor by, Instant at) implements CaseCommand {
    }

    /** Sent by the deadline watch (no person acts: {@code by} is null). */
    record MarkDeadlineApproaching(@TargetAggregateIdentifier CaseId caseId, String deadlineId, Actor by, Instant at)
            implements CaseCommand {
    }

    record MarkDeadlineMissed(@TargetAggregateIdentifier CaseId caseId, String deadlineId, Actor by, Instant at)
            implements CaseCommand {
    }

    /** Sent by the retention job (by = null) for the document types whose clearing date has passed. */
    record ClearCaseData(@TargetAggregateIdentifier CaseId caseId, Set<DocumentType> documentTypes, LocalDate clearedOn,
                         Actor by, Instant at) implements CaseCommand {
        public ClearCaseData {
            documentTypes = documentTypes == null || documentTypes.isEmpty()
                    ? java.util.EnumSet.noneOf(DocumentType.class) : java.util.EnumSet.copyOf(documentTypes);
        }

        /** Every document type: the whole case. */
        public ClearCaseData(CaseId caseId, LocalDate clearedOn, Actor by, Instant at) {
            this(caseId, java.util.EnumSet.allOf(DocumentType.class), clearedOn, by, at);
        }
    }

    record PlaceLegalHold(@TargetAggregateIdentifier CaseId caseId, String holdId, LegalHoldKind kind, String reason,
                          Long expectedVersion, Actor by, Instant at) implements CaseCommand {
        @Override
        public String toString() {
            return "PlaceLegalHold[" + caseId + "]";
        }
    }

    record LiftLegalHold(@TargetAggregateIdentifier CaseId caseId, String holdId, String reason, Long expectedVersion,
                         Actor by, Instant at) implements CaseCommand {
        @Override
        public String toString() {
            return "LiftLegalHold[" + caseId + "]";
        }
    }

    record ChangeProtectedIdentity(@TargetAggregateIdentifier CaseId caseId,
                                   se.samverkan.contracts.ProtectedIdentity level, Long expectedVersion, Actor by,
                                   Instant at) implements CaseCommand {
    }
    /**
     * A report or concern about a subject with no case open in the receiving unit: opens an unassigned intake there.
     * {@code forwardedFrom…} name the unit that forwarded it, null for a report sent straight here.
     */
    record ReceiveReport(@TargetAggregateIdentifier CaseId caseId, String reportId, String municipality, String unit,
                         SubjectId subjectId, Subject subject, String summary, ReportSource reporter,
                         Set<ConcernType> concernTypes, String forwardedFromMunicipality, String forwardedFromUnit,
                         List<ForwardingRoute.Stop> earlierStops, Integer firstFamilyContactDays, Actor by, Instant at)
            implements CaseCommand {
        @Override
        public String toString() {
            return "ReceiveReport[" + caseId + "]";
        }
    }

    /**
     * A report or concern about the subject of this case, which is open in the receiving unit: the report joins it.
     * {@code subjectProtection}: the protection level the report carries (a forwarding unit's level in force).
     */
    record AttachReport(@TargetAggregateIdentifier CaseId caseId, String reportId, SubjectId subjectId,
                        se.samverkan.contracts.ProtectedIdentity subjectProtection, String summary,
                        ReportSource reporter, Set<ConcernType> concernTypes, String forwardedFromMunicipality,
                        String forwardedFromUnit, List<ForwardingRoute.Stop> earlierStops, Actor by, Instant at)
            implements CaseCommand {
        @Override
        public String toString() {
            return "AttachReport[" + caseId + "]";
        }
    }

    record RecordSafetyAssessment(@TargetAggregateIdentifier CaseId caseId, String reportId,
                                  boolean immediateProtectionNeeded, Long expectedVersion, Actor by, Instant at)
            implements CaseCommand {
    }

    /** {@code decision}: {@code NO_INVESTIGATION}, or {@code INVESTIGATION_OPENED} once past the preliminary assessment. */
    record AssessReport(@TargetAggregateIdentifier CaseId caseId, String reportId, ReportStatus decision,
                        Long expectedVersion, Actor by, Instant at) implements CaseCommand {
    }

    /** {@code earlierStops}: the units the report was received at before this case's (where it may not go back to). */
    record ForwardReport(@TargetAggregateIdentifier CaseId caseId, String reportId, String toMunicipality, String toUnit,
                         ForwardingReason reason, Long expectedVersion, Actor by, Instant at,
                         List<ForwardingRoute.Stop> earlierStops) implements CaseCommand {
        public ForwardReport {
            earlierStops = earlierStops == null ? List.of() : List.copyOf(earlierStops);
        }

        public ForwardReport(CaseId caseId, String reportId, String toMunicipality, String toUnit, ForwardingReason reason,
                             Long expectedVersion, Actor by, Instant at) {
            this(caseId, reportId, toMunicipality, toUnit, reason, expectedVersion, by, at, List.of());
        }
    }

    /**
     * A joint coordination meeting (issue 15): when, who took part, what was agreed (free text, sealed as journal),
     * whether an action plan was agreed, and the commitments made. A participant's {@code agency} and
     * {@code municipality} are those of their organisation as configured, resolved before the command is sent.
     */
    record RecordCoordinationMeeting(@TargetAggregateIdentifier CaseId caseId, String meetingId, LocalDate heldOn,
                                     List<NewParticipant> participants, String agreedText, boolean actionPlanAgreed,
                                     List<NewCommitment> commitments, Long expectedVersion, Actor by, Instant at)
            implements CaseCommand {

        public record NewParticipant(String participantId, ParticipantRole role, Agency agency, String municipality,
                                     String organisation, String userId) {
        }

        /** {@code participant}: the owner, as an index into the meeting's participants. */
        public record NewCommitment(String commitmentId, int participant, CommitmentType commitmentType, String text,
                                    LocalDate dueOn) {
            @Override
            public String toString() {
                return "NewCommitment[" + commitmentId + "]";
            }
        }

        @Override
        public String toString() {
            return "RecordCoordinationMeeting[" + caseId + "]";
        }
    }

    /** The team's follow-up of one commitment: kept, partly kept or not kept, on a day. */
    record FollowUpCommitment(@TargetAggregateIdentifier CaseId caseId, String commitmentId, CommitmentOutcome outcome,
                              LocalDate on, Long expectedVersion, Actor by, Instant at) implements CaseCommand {
    }

    /** The owner reports their own commitment done (optional text, sealed); the team confirms in the follow-up. */
    record ReportCommitmentDone(@TargetAggregateIdentifier CaseId caseId, String commitmentId, String text, Actor by,
                                Instant at) implements CaseCommand {
        @Override
        public String toString() {
            return "ReportCommitmentDone[" + caseId + "]";
        }
    }

    /** Sent by the commitment watch (no person acts): a reminder before the due date. */
    record MarkCommitmentDueSoon(@TargetAggregateIdentifier CaseId caseId, String commitmentId, Actor by, Instant at)
            implements CaseCommand {
    }

    /** Sent by the commitment watch: the due date passed without a report or a follow-up. */
    record MarkCommitmentOverdue(@TargetAggregateIdentifier CaseId caseId, String commitmentId, Actor by, Instant at)
            implements CaseCommand {
    }

    /** The young person's school or work status as found at follow-up (issue 15, effect figures). */
    record RecordFollowUpStatus(@TargetAggregateIdentifier CaseId caseId, String followUpId, SchoolWorkStatus status,
                                LocalDate on, Long expectedVersion, Actor by, Instant at) implements CaseCommand {
    }

    /**
     * A second person of the owning unit approves a share that waits for four eyes; {@code legalBasis}: the rule its
     * code has in the owning municipality's catalogue now (null: no longer in it).
     */
    record ApprovePartnerShare(@TargetAggregateIdentifier CaseId caseId, String shareId, LegalBasisRule legalBasis,
                               Long expectedVersion, Actor by, Instant at) implements CaseCommand {
    }

    /** A second person of the owning unit refuses a share that waits for four eyes: nothing leaves. */
    record RefusePartnerShare(@TargetAggregateIdentifier CaseId caseId, String shareId, Long expectedVersion, Actor by,
                              Instant at) implements CaseCommand {
    }
}
