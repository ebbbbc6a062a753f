package se.samverkan.cases.domain;

import se.samverkan.cases.domain.CaseEvent.*;
import se.samverkan.contracts.Agency;
import se.samverkan.contracts.CaseOrigin;
import se.samverkan.contracts.Program;
import se.samverkan.contracts.ProtectedIdentity;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything known about one case, folded from its events. The aggregate decides on it, and reads fold the same
 * events into it, so the state a decision saw and the state a reader sees cannot drift apart.
 */
public final class CaseFile {

    public record Note(String noteId, String text, String correctsNoteId, String recordedBy, Instant recordedAt) {
        @Override
        public String toString() {
            return "Note[" + noteId + "]";
        }
    }

    public enum DeadlineState { OPEN, APPROACHING, MISSED, MET }

    public record Deadline(String deadlineId, se.samverkan.contracts.DeadlineKind kind, java.time.LocalDate dueOn,
                           DeadlineState state, java.time.LocalDate metOn) {
        public boolean isPending() {
            return state == DeadlineState.OPEN || state == DeadlineState.APPROACHING;
        }

        Deadline with(DeadlineState newState, java.time.LocalDate met) {
            return new Deadline(deadlineId, kind, dueOn, newState, met);
        }
    }

    public record LegalHold(String holdId, LegalHoldKind kind, String reason, String placedBy, Instant placedAt) {
        @Override
        public String toString() {
            return "LegalHold[" + holdId + ", " + kind + "]";
        }
    }

    /** {@code localCode}: the municipality's own code under {@code measureType} (issue 15), or null. */
    public record Measure(String measureId, String measureType, java.time.LocalDate startDate,
                          java.time.LocalDate endDate, String recordedBy, String localCode) {
    }

    /** A note a partner recorded under its own authority (partner section). */
    public record PartnerNote(String noteId, String shareId, String partnerMunicipality, String text, String recordedBy,
                              Instant recordedAt) {
        @Override
        public String toString() {
            return "PartnerNote[" + noteId + "]";
        }
    }

    public record PartnerMeasure(String measureId, String shareId, String partnerMunicipality, String measureType,
                                 java.time.LocalDate startDate, java.time.LocalDate endDate, String recordedBy,
                                 String localCode) {
    }

    public record CostShare(String costShareId, String payerMunicipality, CostType costType, int percent,
                            java.time.LocalDate fromDate, java.time.LocalDate untilDate, String recordedBy,
                            Instant recordedAt) {
    }

    /** The school or work status found at a follow-up (issue 15). */
    public record FollowUp(String followUpId, String schoolWorkStatus, java.time.LocalDate on, String recordedBy, Instant recordedAt) {
    }

    private CaseId caseId;
    private Program program;
    private String municipality;
    private String unit;
    private SubjectId subjectId;
    private Subject subject;
    private CaseOrigin origin;
    private Phase phase;
    private CaseStatus status;
    private String outcome;
    private String outcomeLocalCode;
    private Instant openedAt;
    private String openedBy;
    private List<String> team = List.of();
    private final List<String> sharedWith = new ArrayList<>();
    private final List<Note> notes = new ArrayList<>();
    private final List<Measure> measures = new ArrayList<>();
    private final Map<String, PartnerShare> partnerShares = new LinkedHashMap<>();
    /** Shares waiting for four eyes: not shares yet, so no access rule ever reads them. */
    private final Map<String, CaseEvent.PartnerShareAwaitingApproval> pendingShares = new LinkedHashMap<>();
    /** A lowering of the level waiting for a second person: not in force, so no access rule ever reads it. */
    private CaseEvent.ProtectionLoweringProposed pendingLowering;
    private final List<PartnerNote> partnerNotes = new ArrayList<>();
    private final List<PartnerMeasure> partnerMeasures = new ArrayList<>();
    private final java.util.Set<String> shareableNotes = new java.util.LinkedHashSet<>();
    private final List<CostShare> costShares = new ArrayList<>();
    private final List<FollowUp> followUps = new ArrayList<>();
    private final Map<ConsentId, Consent> consents = new LinkedHashMap<>();
    private final Map<ReferralId, Referral> referrals = new LinkedHashMap<>();
    private final Map<ReferralId, ReferralAwaitingApproval> pendingApproval = new LinkedHashMap<>();
    /** Per referral, the protection level its explicit release of a protected address was decided under. */
    private final Map<ReferralId, ProtectedIdentity> contactReleasedUnder = new LinkedHashMap<>();
    private final Map<String, Deadline> deadlines = new LinkedHashMap<>();
    private final Map<String, LegalHold> legalHolds = new LinkedHashMap<>();
    private final Map<String, IntakeReport> reports = new LinkedHashMap<>();
    private final Map<String, CoordinationMeeting> meetings = new LinkedHashMap<>();
    private final Map<String, Commitment> commitments = new LinkedHashMap<>();
    private ProtectedIdentity protectedIdentity = ProtectedIdentity.NONE;
    private Instant closedAt;
    private java.time.LocalDate clearedOn;
    private final java.util.EnumSet<DocumentType> clearedDocumentTypes = java.util.EnumSet.noneOf(DocumentType.class);
    private java.time.LocalDate firstFamilyContact;
    private java.time.LocalDate firstJointPoliceMeeting;
    private long version = -1;

    public static CaseFile of(Iterable<CaseEvent> events) {
        CaseFile file = new CaseFile();
        events.forEach(file::apply);
        return file;
    }

    /** The state as of the last applied event, for a snapshot. */
    public CaseSnapshot snapshot() {
        return new CaseSnapshot(caseId, program, municipality, unit, subjectId, subject, origin, phase, status, outcome,
                openedAt, openedBy, team, List.copyOf(sharedWith), List.copyOf(notes), List.copyOf(measures),
                List.copyOf(consents.values()), List.copyOf(referrals.values()), List.copyOf(pendingApproval.values()),
                contactReleasedUnder.entrySet().stream().map(e -> new CaseSnapshot.ContactRelease(e.getKey(), e.getValue())).toList(),
                List.copyOf(deadlines.values()), List.copyOf(legalHolds.values()), protectedIdentity, closedAt, clearedOn,
                java.util.EnumSet.copyOf(clearedDocumentTypes),
                firstFamilyContact, firstJointPoliceMeeting, List.copyOf(partnerShares.values()),
                List.copyOf(partnerNotes), List.copyOf(partnerMeasures), List.copyOf(shareableNotes),
                List.copyOf(costShares), List.copyOf(reports.values()), List.copyOf(meetings.values()),
                List.copyOf(commitments.values()), List.copyOf(followUps), version, outcomeLocalCode,
                List.copyOf(pendingShares.values()), pendingLowering);
    }

    /** The file a snapshot was taken of; the events after {@code snapshot.version()} are applied to it as usual. */
    public static CaseFile restore(CaseSnapshot snapshot) {
        CaseFile file = new CaseFile();
        file.caseId = snapshot.caseId();
        file.program = snapshot.program();
        file.municipality = snapshot.municipality();
        file.unit = snapshot.unit();
        file.subjectId = snapshot.subjectId();
        file.subject = snapshot.subject();
        file.origin = snapshot.origin();
        file.phase = snapshot.phase();
        file.status = snapshot.status();
        file.outcome = snapshot.outcome();
        file.openedAt = snapshot.openedAt();
        file.openedBy = snapshot.openedBy();
        file.team = List.copyOf(orEmpty(snapshot.team()));
        file.sharedWith.addAll(orEmpty(snapshot.sharedWith()));
        file.notes.addAll(orEmpty(snapshot.notes()));
        file.measures.addAll(orEmpty(snapshot.measures()));
        orEmpty(snapshot.consents()).forEach(c -> file.consents.put(c.consentId(), c));
        orEmpty(snapshot.referrals()).forEach(r -> file.referrals.put(r.referralId(), r));
        orEmpty(snapshot.pendingApprovals()).forEach(p -> file.pendingApproval.put(p.referralId(), p));
        orEmpty(snapshot.contactReleases()).forEach(c -> file.contactReleasedUnder.put(c.referralId(), c.level()));
        orEmpty(snapshot.deadlines()).forEach(d -> file.deadlines.put(d.deadlineId(), d));
        orEmpty(snapshot.legalHolds()).forEach(h -> file.legalHolds.put(h.holdId(), h));
        file.protectedIdentity = snapshot.protectedIdentity() == null ? ProtectedIdentity.NONE : snapshot.protectedIdentity();
        file.closedAt = snapshot.closedAt();
        file.clearedOn = snapshot.clearedOn();
        file.clearedDocumentTypes.addAll(orEmpty(snapshot.clearedDocumentTypes()));
        file.firstFamilyContact = snapshot.firstFamilyContact();
        file.firstJointPoliceMeeting = snapshot.firstJointPoliceMeeting();
        orEmpty(snapshot.partnerShares()).forEach(p -> file.partnerShares.put(p.shareId(), p));
        orEmpty(snapshot.pendingShares()).forEach(p -> file.pendingShares.put(p.shareId(), p));
        file.pendingLowering = snapshot.pendingLowering();
        file.partnerNotes.addAll(orEmpty(snapshot.partnerNotes()));
        file.partnerMeasures.addAll(orEmpty(snapshot.partnerMeasures()));
        file.shareableNotes.addAll(orEmpty(snapshot.shareableNotes()));
        file.costShares.addAll(orEmpty(snapshot.costShares()));
        orEmpty(snapshot.reports()).forEach(r -> file.reports.put(r.reportId(), r));
        orEmpty(snapshot.meetings()).forEach(m -> file.meetings.put(m.meetingId(), m));
        orEmpty(snapshot.commitments()).forEach(c -> file.commitments.put(c.commitmentId(), c));
        file.followUps.addAll(orEmpty(snapshot.followUps()));
        file.version = snapshot.version();
        file.outcomeLocalCode = snapshot.outcomeLocalCode();
        return file;
    }

    private static <T> java.util.Collection<T> orEmpty(java.util.Collection<T> values) {
        return values == null ? List.of() : values;
    }

    public void apply(CaseEvent event) {
        version++;
        switch (event) {
            case CaseOpened e -> {
                caseId = e.caseId();
                program = e.program();
                municipality = e.municipality();
                unit = e.unit();
                subjectId = e.subjectId();
                subject = e.subject();
                protectedIdentity = e.subject().protectedIdentity();
                origin = e.origin();
                phase = e.phase();
                status = CaseStatus.OPEN;
                team = List.copyOf(e.team());
                openedAt = e.at();
                openedBy = e.by() == null ? null : e.by().userId();
            }
            // a police report from before issue 15: no concern types, no clocks of its own, nothing assessed yet
            case PoliceReportReceived e -> reports.putIfAbsent(e.reportId(), new IntakeReport(e.reportId(),
                    new ReportSource("POLICE", "POLICE", e.by() == null ? null : e.by().municipality(), e.fromPoliceUnit()),
                    List.of(), e.summary(), e.at(), false, null, null, null, null, null, null, null, null, null, null, null, null, null));
            case CaseTeamAssigned e -> team = List.copyOf(e.team());
            case NoteRecorded e -> notes.add(new Note(e.noteId(), e.text(), e.correctsNoteId(), e.by().userId(), e.at()));
            case MeasureRecorded e -> measures.add(new Measure(e.measureId(), e.measureType(), e.startDate(), e.endDate(),
                    e.by().userId(), e.localCode()));
            case PhaseChanged e -> phase = e.toPhase();
            case CaseClosed e -> {
                phase = Phase.CLOSED;
                status = CaseStatus.CLOSED;
                outcome = e.outcome();
                outcomeLocalCode = e.localCode();
                closedAt = e.at();
            }
            case CaseReopened e -> {
                phase = e.phase();
                status = CaseStatus.OPEN;
                outcome = null;
                outcomeLocalCode = null;
                closedAt = null;
            }
            case CaseShared e -> sharedWith.add(e.partnerMunicipality());
            case CaseSharedWithPartner e -> {
                pendingShares.remove(e.shareId());
                partnerShares.put(e.shareId(), new PartnerShare(e.shareId(),
                        e.partnerMunicipality(), e.partnerUnit(), e.role(), e.dataCategories(), e.consentId(),
                        List.copyOf(e.coordinators()), e.validFrom(), e.validUntil(), null, null, e.riskAssessment()));
            }
            case PartnerShareAwaitingApproval e -> pendingShares.put(e.shareId(), e);
            case PartnerShareRefused e -> pendingShares.remove(e.shareId());
            case PartnerShareRequestExpired e -> pendingShares.remove(e.shareId());
            case PartnerShareEnded e -> partnerShares.computeIfPresent(e.shareId(), (id, p) -> p.ended(e.endedOn(), e.reason()));
            case PartnerNoteRecorded e -> partnerNotes.add(new PartnerNote(e.noteId(), e.shareId(), e.partnerMunicipality(),
                    e.text(), e.by().userId(), e.at()));
            case PartnerMeasureRecorded e -> partnerMeasures.add(new PartnerMeasure(e.measureId(), e.shareId(),
                    e.partnerMunicipality(), e.measureType(), e.startDate(), e.endDate(), e.by().userId(), e.localCode()));
            case NoteMarkedShareable e -> shareableNotes.add(e.noteId());
            case CostShareRecorded e -> costShares.add(new CostShare(e.costShareId(), e.payerMunicipality(), e.costType(),
                    e.percent(), e.fromDate(), e.untilDate(), e.by().userId(), e.at()));
            case ConsentRecorded e -> consents.put(e.consentId(), new Consent(e.consentId(), e.parties(), e.recipientAgency(),
                    e.recipientUnit(), e.purposes(), e.dataCategories(), e.validFrom(), e.validUntil(), e.documentReference(), null));
            case ConsentWithdrawn e -> consents.computeIfPresent(e.consentId(), (id, c) -> c.withdrawn(e.withdrawnOn()));
            case ReferralAwaitingApproval e -> {
                pendingApproval.put(e.referralId(), e);
                referrals.put(e.referralId(), new Referral(e.referralId(), e.policeUnit(), e.legalBasis(), e.consentId(),
                        e.dataCategories(), e.by().userId(), null, ReferralStatus.AWAITING_APPROVAL, null, null, null,
                        List.of(), e.at(), e.purpose(), null, null, null));
            }
            case ReferralSent e -> {
                if (e.contactReleasedUnder() != null) {
                    contactReleasedUnder.put(e.referralId(), e.contactReleasedUnder());
                }
                Referral before = referrals.get(e.referralId());
                if (before == null) {
                    referrals.put(e.referralId(), new Referral(e.referralId(), e.policeUnit(), e.legalBasis(), e.consentId(),
                            e.dataCategories(), e.by().userId(), e.approvedBy(), ReferralStatus.SENT, e.snapshot(), null,
                            null, List.of(), e.at(), e.purpose(), e.legalBasisApplied(), null, null));
                } else {
                    pendingApproval.remove(e.referralId());
                    referrals.put(e.referralId(), before.sent(e.approvedBy(), e.snapshot(), e.legalBasisApplied()));
                }
            }
            case ReferralAcknowledged e -> referrals.computeIfPresent(e.referralId(), (id, r) -> r.with(ReferralStatus.ACKNOWLEDGED));
            case ReferralAccepted e -> referrals.computeIfPresent(e.referralId(), (id, r) -> r.with(ReferralStatus.ACCEPTED));
            case ReferralDeclined e -> referrals.computeIfPresent(e.referralId(), (id, r) -> r.declined(e.reasonCode(), e.localCode()));
            case PoliceFeedbackPosted e -> referrals.computeIfPresent(e.referralId(), (id, r) -> r.withFeedback(
                    new Referral.Feedback(e.feedbackId(), e.text(), e.by().userId(), e.at())));
            case ReferralCompleted e -> referrals.computeIfPresent(e.referralId(), (id, r) -> r.completed(e.outcomeCode(), e.localCode()));
            case FamilyContactRecorded e -> {
                if (firstFamilyContact == null) {
                    firstFamilyContact = e.on();
                }
            }
            case JointPoliceMeetingRecorded e -> firstJointPoliceMeeting = earliest(firstJointPoliceMeeting, e.on());
            case DeadlineScheduled e -> deadlines.put(e.deadlineId(), new Deadline(e.deadlineId(), e.kind(), e.dueOn(), DeadlineState.OPEN, null));
            case DeadlineApproaching e -> deadlines.computeIfPresent(e.deadlineId(), (id, d) -> d.with(DeadlineState.APPROACHING, null));
            case DeadlineMissed e -> deadlines.computeIfPresent(e.deadlineId(), (id, d) -> d.with(DeadlineState.MISSED, null));
            case DeadlineMet e -> deadlines.computeIfPresent(e.deadlineId(), (id, d) -> d.with(DeadlineState.MET, e.metOn()));
            case DocumentsCleared e -> clearedDocumentTypes.addAll(e.documentTypes());
            case CaseDataCleared e -> {
                // cases cleared before retention was per document type recorded only this event
                clearedDocumentTypes.addAll(java.util.EnumSet.allOf(DocumentType.class));
                clearedOn = e.clearedOn();
            }
            case LegalHoldPlaced e -> legalHolds.put(e.holdId(), new LegalHold(e.holdId(), e.kind(), e.reason(),
                    e.by() == null ? null : e.by().userId(), e.at()));
            case LegalHoldLifted e -> legalHolds.remove(e.holdId());
            case ProtectedIdentityChanged e -> {
                protectedIdentity = e.to();
                pendingLowering = null;
            }
            case CaseEvent.ProtectionLoweringProposed e -> pendingLowering = e;
            case CaseEvent.ProtectionLoweringWithdrawn e -> pendingLowering = null;
            case ReferralRevoked e -> {
                pendingApproval.remove(e.referralId());
                referrals.computeIfPresent(e.referralId(), (id, r) -> r.with(ReferralStatus.REVOKED));
            }
            case ReportReceived e -> reports.putIfAbsent(e.reportId(), new IntakeReport(e.reportId(), e.reporter(),
                    e.concernTypes(), e.summary(), e.at(), e.attached(), e.forwardedFromMunicipality(), e.forwardedFromUnit(),
                    e.safetyAssessmentDueOn(), e.assessmentDueOn(), null, null, null, null, null, null, null, null, e.earlierStops()));
            case SafetyAssessed e -> reports.computeIfPresent(e.reportId(), (id, r) -> r.safetyAssessed(e.assessedOn(),
                    e.immediateProtectionNeeded()));
            case ReportAssessed e -> reports.computeIfPresent(e.reportId(), (id, r) -> r.assessed(e.outcome(), e.decidedOn()));
            case ReportForwarded e -> reports.computeIfPresent(e.reportId(), (id, r) -> r.forwarded(e.toMunicipality(),
                    e.toUnit(), e.reasonCode(), e.forwardedOn()));
            case CoordinationMeetingRecorded e -> {
                // a coordination meeting the police took part in is a joint police meeting, the milestone the unit follows
                if (e.participants().stream().anyMatch(p -> p.agency() == Agency.POLICE)) {
                    firstJointPoliceMeeting = earliest(firstJointPoliceMeeting, e.heldOn());
                }
                meetings.put(e.meetingId(), new CoordinationMeeting(e.meetingId(),
                    e.heldOn(), List.copyOf(e.participants()), e.agreedText(), e.actionPlanAgreed(),
                    e.by() == null ? null : e.by().userId(), e.at()));
            }
            case CommitmentMade e -> commitments.put(e.commitmentId(), new Commitment(e.commitmentId(), e.meetingId(),
                    e.participantId(), e.participantRole(), e.ownerAgency(), e.ownerMunicipality(), e.ownerOrganisation(),
                    e.ownerUserId(), e.commitmentType(), e.text(), e.dueOn(), e.by() == null ? null : e.by().userId(),
                    e.at(), Commitment.Reminder.NONE, null, null, null, null, null, null));
            case CommitmentDueSoon e -> commitments.computeIfPresent(e.commitmentId(), (id, c) -> c.reminded(Commitment.Reminder.DUE_SOON));
            case CommitmentOverdue e -> commitments.computeIfPresent(e.commitmentId(), (id, c) -> c.reminded(Commitment.Reminder.OVERDUE));
            case CommitmentReportedDone e -> commitments.computeIfPresent(e.commitmentId(), (id, c) -> c.reportedDone(
                    e.reportedOn(), e.by() == null ? null : e.by().userId(), e.text()));
            case CommitmentFollowedUp e -> commitments.computeIfPresent(e.commitmentId(), (id, c) -> c.followedUp(
                    e.outcome(), e.followedUpOn(), e.by() == null ? null : e.by().userId()));
            case FollowUpStatusRecorded e -> followUps.add(new FollowUp(e.followUpId(), e.schoolWorkStatus(), e.on(),
                    e.by() == null ? null : e.by().userId(), e.at()));
        }
    }

    public Optional<CoordinationMeeting> meeting(String meetingId) {
        return Optional.ofNullable(meetingId == null ? null : meetings.get(meetingId));
    }

    public List<CoordinationMeeting> meetings() {
        return List.copyOf(meetings.values());
    }

    public Optional<Commitment> commitment(String commitmentId) {
        return Optional.ofNullable(commitmentId == null ? null : commitments.get(commitmentId));
    }

    public List<Commitment> commitments() {
        return List.copyOf(commitments.values());
    }

    public boolean exists() {
        return caseId != null;
    }

    public boolean isOnTeam(String userId) {
        return team.contains(userId);
    }

    public Optional<Consent> consent(ConsentId id) {
        return Optional.ofNullable(consents.get(id));
    }

    public Optional<Referral> referral(ReferralId id) {
        return Optional.ofNullable(referrals.get(id));
    }

    /** The referral's snapshot as the police may read it now, under the protection in force now. */
    public Optional<ReferralSnapshot> snapshotReadableNow(ReferralId id) {
        return referral(id).map(Referral::snapshot).map(snapshot ->
                ProtectedContactPolicy.readableNow(snapshot, protectedIdentity(), contactReleasedUnder.get(id)));
    }

    public Optional<ReferralAwaitingApproval> pendingApproval(ReferralId id) {
        return Optional.ofNullable(pendingApproval.get(id));
    }

    public boolean hasNote(String noteId) {
        // a scan, not an index: each command restores its file afresh and asks this once (55 µs at 5,000 notes),
        // while an index would cost every restore and every read more than that (measured: ~110 µs at 5,000)
        return notes.stream().anyMatch(n -> n.noteId().equals(noteId));
    }

    public ProtectedIdentity protectedIdentity() {
        return protectedIdentity;
    }

    /** Cleared cases read as erased even while the subject's key lives on for another retained case. */
    public boolean isCleared() {
        return clearedOn != null || clearedDocumentTypes.size() == DocumentType.values().length;
    }

    /** Cleared document types read as gone even while the subject's key for them lives on for another retained case. */
    public boolean isCleared(DocumentType documentType) {
        return clearedDocumentTypes.contains(documentType);
    }

    public java.util.Set<DocumentType> clearedDocumentTypes() {
        return java.util.Collections.unmodifiableSet(clearedDocumentTypes);
    }

    public boolean personalDataErased() {
        return isCleared() || subject == null || subject.erased();
    }

    public List<ReferralSnapshot.Measure> measureSnapshot() {
        return measures.stream().map(m -> new ReferralSnapshot.Measure(m.measureType(), m.startDate(), m.endDate())).toList();
    }

    public Optional<Deadline> deadline(String deadlineId) {
        return Optional.ofNullable(deadlines.get(deadlineId));
    }

    public List<Deadline> deadlines() { return List.copyOf(deadlines.values()); }
    public java.time.LocalDate firstFamilyContact() { return firstFamilyContact; }
    public java.time.LocalDate firstJointPoliceMeeting() { return firstJointPoliceMeeting; }
    public CaseId caseId() { return caseId; }
    public Program program() { return program; }
    public String municipality() { return municipality; }
    public String unit() { return unit; }
    public SubjectId subjectId() { return subjectId; }
    /**
     * The subject under the protection level in force now. The subject stored at opening keeps the level it had then,
     * and a raised level lives only in {@link #protectedIdentity()}: whatever copies the subject elsewhere (a forwarded
     * report opening a case in another unit, a subject access export) must carry the raised level, never the old one.
     */
    public Subject subject() { return subject == null ? null : subject.withProtectedIdentity(protectedIdentity); }
    public Instant closedAt() { return closedAt; }
    public java.time.LocalDate clearedOn() { return clearedOn; }
    public List<LegalHold> legalHolds() { return List.copyOf(legalHolds.values()); }
    public CaseOrigin origin() { return origin; }
    public Phase phase() { return phase; }
    public CaseStatus status() { return status; }
    public String outcome() { return outcome; }

    /** The municipality's own code under {@link #outcome()} (issue 15), or null. */
    public String outcomeLocalCode() { return outcomeLocalCode; }
    public Instant openedAt() { return openedAt; }
    public String openedBy() { return openedBy; }
    public List<String> team() { return team; }
    public List<String> sharedWith() { return List.copyOf(sharedWith); }
    public List<PartnerShare> partnerShares() { return List.copyOf(partnerShares.values()); }
    public Optional<PartnerShare> partnerShare(String shareId) { return Optional.ofNullable(partnerShares.get(shareId)); }
    /** The shares waiting for a second person's approval (four eyes). */
    public List<CaseEvent.PartnerShareAwaitingApproval> pendingShares() { return List.copyOf(pendingShares.values()); }
    public Optional<CaseEvent.ProtectionLoweringProposed> pendingLowering() { return Optional.ofNullable(pendingLowering); }
    public Optional<CaseEvent.PartnerShareAwaitingApproval> pendingShare(String shareId) { return Optional.ofNullable(pendingShares.get(shareId)); }
    public List<PartnerNote> partnerNotes() { return List.copyOf(partnerNotes); }
    public List<PartnerMeasure> partnerMeasures() { return List.copyOf(partnerMeasures); }
    public java.util.Set<String> shareableNotes() { return java.util.Collections.unmodifiableSet(shareableNotes); }
    public List<CostShare> costShares() { return List.copyOf(costShares); }
    public List<FollowUp> followUps() { return List.copyOf(followUps); }

    /** Why the share does not count on {@code day}, empty when it does (see {@link PartnerShare#lapseOn}). */
    public Optional<ShareEnd> shareLapse(PartnerShare share, java.time.LocalDate day) {
        return share.lapseOn(day, consents.get(share.consentId()), status);
    }

    /** The share a partner's coordinator is assigned to (at most one per unit is live at a time), ended or not. */
    public Optional<PartnerShare> shareAssignedTo(String userId, String municipality, String unit) {
        List<PartnerShare> assigned = partnerShares.values().stream()
                .filter(p -> p.partnerMunicipality().equals(municipality) && p.partnerUnit().equals(unit) && p.isAssigned(userId))
                .toList();
        // the live one if there is one, otherwise the latest
        return assigned.stream().filter(p -> !p.isEnded()).findFirst()
                .or(() -> assigned.isEmpty() ? Optional.empty() : Optional.of(assigned.getLast()));
    }
    /** A read-only view, not a copy: a read answers a page of a long journal, and the file is one request's own. */
    public List<Note> notes() { return java.util.Collections.unmodifiableList(notes); }
    /** The reports and concerns this case received, in the order they came. */
    public List<IntakeReport> reports() { return List.copyOf(reports.values()); }
    public Optional<IntakeReport> report(String reportId) { return Optional.ofNullable(reports.get(reportId)); }
    public List<Measure> measures() { return List.copyOf(measures); }
    public List<Consent> consents() { return List.copyOf(consents.values()); }
    public List<Referral> referrals() { return List.copyOf(referrals.values()); }
    /** The aggregate version: sequence number of the last event, 0 after opening. */
    public long version() { return version; }

    private static java.time.LocalDate earliest(java.time.LocalDate current, java.time.LocalDate candidate) {
        return current == null || candidate.isBefore(current) ? candidate : current;
    }
}
