package se.samverkan.cases.casework;

import com.fasterxml.jackson.annotation.JsonInclude;
import se.samverkan.cases.access.Decision;
import se.samverkan.cases.access.FieldGroup;
import se.samverkan.cases.domain.CaseFile;
import se.samverkan.cases.domain.DocumentType;
import se.samverkan.cases.domain.Commitment;
import se.samverkan.cases.domain.CoordinationMeeting;
import se.samverkan.cases.domain.RetainedView;
import se.samverkan.cases.domain.Consent;
import se.samverkan.cases.domain.IntakeReport;
import se.samverkan.cases.domain.LegalBasisApplied;
import se.samverkan.cases.domain.PartnerRole;
import se.samverkan.cases.domain.PartnerShare;
import se.samverkan.cases.domain.ProtectedLocation;
import se.samverkan.cases.domain.Referral;
import se.samverkan.cases.domain.ShareEnd;
import se.samverkan.cases.domain.Subject;
import se.samverkan.contracts.CaseOrigin;
import se.samverkan.contracts.DataCategory;
import se.samverkan.contracts.Program;
import se.samverkan.contracts.ProtectedIdentity;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** A case as one caller may see it: sections the decision does not grant are absent, not empty. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CaseView(UUID caseId, long version, Program program, String municipality, String unit, String phase,
                       String status, CaseOrigin origin, UUID subjectId, ProtectedIdentity protectedIdentity,
                       Instant openedAt, List<String> team, List<String> sharedWith, String outcome,
                       SubjectView subject, List<CaseFile.Note> notes, List<CaseFile.Measure> measures,
                       List<ConsentView> consents, List<ReferralView> referrals, List<CaseFile.Deadline> deadlines,
                       LocalDate firstFamilyContact, LocalDate firstJointPoliceMeeting, List<String> subjectHasCasesInUnits,
                       Boolean personalDataCleared, List<CaseFile.LegalHold> legalHolds,
                       List<ShareView> partnerShares, List<String> shareableNoteIds, List<CaseFile.PartnerNote> partnerNotes,
                       List<CaseFile.PartnerMeasure> partnerMeasures, List<CaseFile.CostShare> costShares,
                       List<IntakeReport> reports, List<CaseFile.FollowUp> followUpStatuses, AccessView access,
                       String outcomeLocalCode, List<CoordinationMeeting> coordinationMeetings, List<Commitment> commitments,
                       Integer notesTotal, String notesNextBefore, ProtectionLoweringView protectionLowering) {

    /**
     * A lower protection level asked for and not yet in force: a unit supervisor other than the asker puts it in force
     * by setting it until {@code openUntil}; after that it must be asked for anew.
     */
    public record ProtectionLoweringView(ProtectedIdentity to, String askedBy, Instant askedAt, Instant openUntil) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SubjectView(String personalIdentityNumber, String name, LocalDate dateOfBirth, String address,
                              List<Subject.Guardian> guardians, Boolean erased) {
    }

    public record ConsentView(UUID consentId, String recipientAgency, String recipientUnit, List<String> purposes,
                              Set<DataCategory> dataCategories, LocalDate validFrom, LocalDate validUntil,
                              LocalDate withdrawnOn, boolean active, String documentReference) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    /**
     * {@code legalBasisApplied}: the catalogue version, provision and conditions the referral was sent under (issue
     * 15; absent before it is sent and for referrals sent earlier); the local codes the municipality's own codes under
     * the national decline reason and outcome.
     */
    public record ReferralView(UUID referralId, String policeUnit, String legalBasis, UUID consentId,
                               Set<DataCategory> dataCategories, String status, String createdBy, String approvedBy,
                               String declineReason, String outcome, int feedbackCount, Instant createdAt,
                               String purpose, LegalBasisApplied legalBasisApplied, String declineLocalCode,
                               String outcomeLocalCode) {
    }

    /** A share as the owner sees all of them, and a partner sees its own; {@code endReason} once it no longer holds. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ShareView(String shareId, String partnerMunicipality, String partnerUnit, PartnerRole role,
                            Set<DataCategory> dataCategories, UUID consentId, List<String> coordinators,
                            LocalDate validFrom, LocalDate validUntil, boolean active, ShareEnd endReason, LocalDate endedOn,
                            String riskAssessment) {

        /** The share without whom it is with (see {@code ProtectedLocation}): its coordinators name the partner too. */
        ShareView withoutPartner() {
            return new ShareView(shareId, null, null, role, dataCategories, consentId, null, validFrom, validUntil, active,
                    endReason, endedOn, riskAssessment);
        }
    }

    public record AccessView(String ground, boolean breakGlass, Set<FieldGroup> fieldGroups) {
    }

    public static CaseView of(CaseFile file, Decision decision, LocalDate today) {
        return of(file, decision, today, List.of(), null, NotesPage.LATEST);
    }

    /**
     * {@code otherUnits}: units of the municipality with cases of the same subject; shown only when the decision grants
     * it. {@code partnerShare}: the share a partner's coordinator reads through (null for everyone else); a partner
     * sees its own share and section, the owner's notes marked shareable and measures only as the decision grants, and
     * none of the owner's deadlines, consents, referrals or other partners.
     */
    public static CaseView of(CaseFile file, Decision decision, LocalDate today, List<String> otherUnits,
                              PartnerShare partnerShare, NotesPage notesPage) {
        RetainedView retained = RetainedView.of(file);
        Subject s = retained.subject().orElse(null);
        boolean erased = retained.erased();
        boolean owner = decision.shows(FieldGroup.CONTENT);
        boolean partner = !owner && partnerShare != null && decision.shows(FieldGroup.PARTNER_SECTION);
        SubjectView subject = (decision.shows(FieldGroup.IDENTITY) || decision.shows(FieldGroup.CONTACT)) && s == null
                ? new SubjectView(null, null, null, null, null, true)
                : decision.shows(FieldGroup.IDENTITY) || decision.shows(FieldGroup.CONTACT)
                ? new SubjectView(
                decision.shows(FieldGroup.IDENTITY) ? s.personalIdentityNumber() : null,
                decision.shows(FieldGroup.IDENTITY) ? s.name() : null,
                decision.shows(FieldGroup.IDENTITY) ? s.dateOfBirth() : null,
                decision.shows(FieldGroup.CONTACT) ? s.address() : null,
                decision.shows(FieldGroup.IDENTITY) ? s.guardians() : null, null)
                : null;
        List<CaseFile.Note> visibleNotes = owner ? retained.notes()
                : partner && decision.shows(FieldGroup.SHARED_NOTES)
                ? retained.notes().stream().filter(n -> file.shareableNotes().contains(n.noteId())).toList() : null;
        NotesPage.Page notes = visibleNotes == null ? null : notesPage.of(visibleNotes);
        List<CaseFile.Measure> measures = owner || partner && decision.shows(FieldGroup.SHARED_MEASURES)
                ? retained.measures() : null;
        // a protected person's whereabouts (where a report went and came from, which partners relocate them and who
        // there wrote in the case, which outside organisations meet about them and undertake what) are contact data
        boolean locationConcealed = ProtectedLocation.concealed(file.protectedIdentity(), decision.shows(FieldGroup.CONTACT));
        List<ShareView> shares = owner ? file.partnerShares().stream()
                .map(p -> share(file, p, today, true)).map(v -> locationConcealed ? v.withoutPartner() : v).toList()
                : partner ? List.of(share(file, partnerShare, today, decision.shows(FieldGroup.SHARED_RISK_ASSESSMENT))) : null;
        List<CaseFile.PartnerNote> partnerNotes = owner ? retained.partnerNotes().stream()
                .map(n -> locationConcealed ? ProtectedLocation.withoutPartner(n) : n).toList()
                : partner ? retained.partnerNotes().stream()
                .filter(n -> n.partnerMunicipality().equals(partnerShare.partnerMunicipality())).toList() : null;
        List<CaseFile.PartnerMeasure> partnerMeasures = owner ? retained.partnerMeasures().stream()
                .map(m -> locationConcealed ? ProtectedLocation.withoutPartner(m) : m).toList()
                : partner ? retained.partnerMeasures().stream()
                .filter(m -> m.partnerMunicipality().equals(partnerShare.partnerMunicipality())).toList() : null;
        List<CaseFile.CostShare> costShares = owner || partner ? file.costShares().stream()
                .map(c -> locationConcealed ? ProtectedLocation.withoutPayer(c) : c).toList() : null;
        List<IntakeReport> reports = owner ? retained.reports().stream()
                .map(r -> locationConcealed ? ProtectedLocation.withoutWhereabouts(r) : r).toList() : null;
        List<CoordinationMeeting> meetings = owner ? retained.meetings().stream()
                .map(m -> locationConcealed ? ProtectedLocation.withoutOutsideOrganisations(m, file.unit()) : m).toList() : null;
        List<Commitment> commitments = owner ? retained.commitments().stream()
                .map(c -> locationConcealed ? ProtectedLocation.withoutOutsideOwner(c, file.unit()) : c).toList() : null;
        return new CaseView(file.caseId().value(), file.version(), file.program(), file.municipality(), file.unit(),
                file.phase().name(), file.status().name(), file.origin(), file.subjectId().value(), file.protectedIdentity(),
                file.openedAt(), file.team(), partner || locationConcealed ? null : file.sharedWith(), file.outcome(), subject,
                notes == null ? null : notes.notes(), measures,
                decision.shows(FieldGroup.CONSENTS) ? retained.consents().stream()
                        .map(c -> locationConcealed ? ProtectedLocation.withoutPartnerUnit(c, file.unit()) : c)
                        .map(c -> consent(c, today)).toList() : null,
                decision.shows(FieldGroup.REFERRALS) ? file.referrals().stream().map(CaseView::referral).toList() : null,
                partner ? null : file.deadlines(), partner ? null : file.firstFamilyContact(),
                partner ? null : file.firstJointPoliceMeeting(),
                // the other units holding a case of a protected subject say where they are too
                decision.shows(FieldGroup.OTHER_UNITS) && !locationConcealed ? List.copyOf(otherUnits) : null,
                erased ? Boolean.TRUE : null,
                owner ? retained.legalHolds() : null,
                shares, owner ? List.copyOf(file.shareableNotes()) : null, partnerNotes, partnerMeasures,
                costShares,
                // the reports the case received (issue 15), with the reporters' words: the owning unit's, like its notes
                reports,
                owner ? retained.followUps() : null,
                new AccessView(decision.ground(), decision.breakGlass(), decision.fieldGroups()),
                partner ? null : file.outcomeLocalCode(),
                // joint action plans (issue 15): the case's own readers see every meeting and commitment (for a
                // protected subject, the outside organisations in them only with CONTACT)
                meetings, commitments,
                notes == null ? null : notes.total(), notes == null ? null : notes.nextBefore(),
                owner ? file.pendingLowering().map(p -> new ProtectionLoweringView(p.to(), p.by() == null ? null : p.by().userId(),
                        p.at(), se.samverkan.cases.domain.Protection.openUntil(p)))
                        .orElse(null) : null);
    }

    private static ShareView share(CaseFile file, PartnerShare p, LocalDate today, boolean withRiskAssessment) {
        ShareEnd lapse = file.shareLapse(p, today).orElse(null);
        return new ShareView(p.shareId(), p.partnerMunicipality(), p.partnerUnit(), p.role(), p.dataCategories(),
                p.consentId() == null ? null : p.consentId().value(), p.coordinators(), p.validFrom(), p.validUntil(),
                lapse == null, lapse, p.endedOn(),
                // the assessment is journal: gone with it when the case's journal is cleared
                withRiskAssessment && !file.clearedDocumentTypes().contains(DocumentType.JOURNAL) ? p.riskAssessment() : null);
    }

    private static ConsentView consent(Consent c, LocalDate today) {
        return new ConsentView(c.consentId().value(), c.recipientAgency().name(), c.recipientUnit(), c.purposes(),
                c.dataCategories(), c.validFrom(), c.validUntil(), c.withdrawnOn(), c.isActiveOn(today), c.documentReference());
    }

    private static ReferralView referral(Referral r) {
        return new ReferralView(r.referralId().value(), r.policeUnit(), r.legalBasis(),
                r.consentId() == null ? null : r.consentId().value(), r.dataCategories(), r.status().name(),
                r.createdBy(), r.approvedBy(), r.declineReason(), r.outcome(), r.feedback().size(), r.createdAt(),
                r.purpose(), r.legalBasisApplied(), r.declineLocalCode(), r.outcomeLocalCode());
    }
}
