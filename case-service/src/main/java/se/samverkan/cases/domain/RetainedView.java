package se.samverkan.cases.domain;

import java.util.List;
import java.util.Optional;

/**
 * What of a case file may still be read: a cleared document type (or an erased subject) reads as gone, even while
 * the subject's data key for it lives on for another retained case. Every read path (the case view, the police's
 * referral view, the subject access export) takes the file through here, so the masking is decided once.
 */
public record RetainedView(CaseFile file) {

    public static RetainedView of(CaseFile file) {
        return new RetainedView(file);
    }

    public boolean erased() {
        return file.personalDataErased();
    }

    public boolean isGone(DocumentType type) {
        return erased() || file.isCleared(type);
    }

    /** Empty once the identity is cleared. */
    public Optional<Subject> subject() {
        return isGone(DocumentType.IDENTITY) ? Optional.empty() : Optional.ofNullable(file.subject());
    }

    /** A cleared journal keeps its notes' ids and authors, never their text. */
    public List<CaseFile.Note> notes() {
        return isGone(DocumentType.JOURNAL)
                ? file.notes().stream().map(n -> new CaseFile.Note(n.noteId(), null, n.correctsNoteId(), n.recordedBy(), n.recordedAt())).toList()
                : file.notes();
    }

    /** The partner section is journal too: a cleared journal keeps who wrote what when, never the text. */
    public List<CaseFile.PartnerNote> partnerNotes() {
        return isGone(DocumentType.JOURNAL)
                ? file.partnerNotes().stream().map(n -> new CaseFile.PartnerNote(n.noteId(), n.shareId(),
                n.partnerMunicipality(), null, n.recordedBy(), n.recordedAt())).toList()
                : file.partnerNotes();
    }

    public List<CaseFile.PartnerMeasure> partnerMeasures() {
        return isGone(DocumentType.MEASURES) ? List.of() : file.partnerMeasures();
    }

    public List<CaseFile.Measure> measures() {
        return isGone(DocumentType.MEASURES) ? List.of() : file.measures();
    }

    public List<Consent> consents() {
        return isGone(DocumentType.CONSENTS) ? List.of() : file.consents();
    }

    /** Cleared referrals keep that feedback was posted (and when), never its text. */
    public List<Referral.Feedback> feedback(Referral referral) {
        return isGone(DocumentType.REFERRALS)
                ? referral.feedback().stream().map(f -> new Referral.Feedback(f.feedbackId(), null, f.postedBy(), f.postedAt())).toList()
                : referral.feedback();
    }

    public Optional<ReferralSnapshot> snapshot(ReferralId referralId) {
        return isGone(DocumentType.REFERRALS) ? Optional.empty() : file.snapshotReadableNow(referralId);
    }

    /** The reports received keep who sent them, about what and how far they came; the reporter's text goes with REFERRALS. */
    public List<IntakeReport> reports() {
        return isGone(DocumentType.REFERRALS) ? file.reports().stream().map(IntakeReport::withoutSummary).toList() : file.reports();
    }

    /** A hold's free-text reason goes with the OTHER document type; its kind and who placed it stay. */
    public List<CaseFile.LegalHold> legalHolds() {
        return isGone(DocumentType.OTHER)
                ? file.legalHolds().stream().map(h -> new CaseFile.LegalHold(h.holdId(), h.kind(), null, h.placedBy(), h.placedAt())).toList()
                : file.legalHolds();
    }

    /** A cleared journal keeps who met when, who took part and whether a plan was agreed, never what was agreed. */
    public List<CoordinationMeeting> meetings() {
        return isGone(DocumentType.JOURNAL)
                ? file.meetings().stream().map(m -> new CoordinationMeeting(m.meetingId(), m.heldOn(), m.participants(),
                null, m.actionPlanAgreed(), m.recordedBy(), m.recordedAt())).toList()
                : file.meetings();
    }

    /** Commitments keep their codes, dates and outcomes; their texts go with the journal. */
    public List<Commitment> commitments() {
        return isGone(DocumentType.JOURNAL)
                ? file.commitments().stream().map(Commitment::withoutText).toList()
                : file.commitments();
    }

    public Optional<Commitment> commitment(String commitmentId) {
        return commitments().stream().filter(c -> c.commitmentId().equals(commitmentId)).findFirst();
    }

    public Optional<CoordinationMeeting> meeting(String meetingId) {
        return meetings().stream().filter(m -> m.meetingId().equals(meetingId)).findFirst();
    }

    /** The school or work status at follow-up goes with the measures it followed up. */
    public List<CaseFile.FollowUp> followUps() {
        return isGone(DocumentType.MEASURES) ? List.of() : file.followUps();
    }
}
