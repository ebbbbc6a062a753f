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

    /** A hold's free-text reason goes with the OTHER document type; its kind and who placed it stay. */
    public List<CaseFile.LegalHold> legalHolds() {
        return isGone(DocumentType.OTHER)
                ? file.legalHolds().stream().map(h -> new CaseFile.LegalHold(h.holdId(), h.kind(), null, h.placedBy(), h.placedAt())).toList()
                : file.legalHolds();
    }

    /** The school or work status at follow-up goes with the measures it followed up. */
    public List<CaseFile.FollowUp> followUps() {
        return isGone(DocumentType.MEASURES) ? List.of() : file.followUps();
    }
}
