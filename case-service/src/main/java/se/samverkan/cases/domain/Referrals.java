package se.samverkan.cases.domain;

import se.samverkan.cases.domain.CaseCommand.*;
import se.samverkan.cases.domain.CaseEvent.*;
import se.samverkan.contracts.DataCategory;
import se.samverkan.contracts.vocabulary.ConsentPurpose;
import se.samverkan.contracts.ProtectedIdentity;
import se.samverkan.contracts.RevocationReason;
import se.samverkan.platform.problem.ClientProblem;

import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Referrals to a police liaison unit on a legal basis of the municipality's catalogue ({@link LegalBasisRule},
 * checked by {@link ReferralLegalBasisPolicy}): a basis without four eyes (consent) goes at once, one with four eyes
 * (a secrecy-breaking provision) waits for a second supervisor and is judged again when approved, and so does any
 * referral releasing a protected address ({@link ProtectedContactPolicy#needsFourEyes}); the snapshot of what is shared is frozen when sent
 * ({@link ProtectedContactPolicy} decides the address). The police act only on their own unit's referrals and only
 * while the consent they rest on still counts ({@link ConsentLapse}).
 */
public final class Referrals {

    private Referrals() {
    }

    public static List<CaseEvent> decide(CaseFile file, CreateReferral command, CaseCalendar calendar) {
        CaseGuards.requireOpen(file);
        if (file.referral(command.referralId()).isPresent()) {
            throw ClientProblem.conflict("referral-exists", "Referral " + command.referralId() + " already exists");
        }
        if (command.dataCategories() == null || command.dataCategories().isEmpty()) {
            throw ClientProblem.badRequest("data-categories-required", "A referral must name the data categories it shares");
        }
        EnumSet<DataCategory> categories = EnumSet.copyOf(command.dataCategories());
        ProtectedIdentity released = ProtectedContactPolicy.releasedUnder(command.includeProtectedContact(), file.protectedIdentity());
        boolean shareAddress = ProtectedContactPolicy.mayShareAddress(categories, file.protectedIdentity(), released);
        // a protected address leaves the team only when both the category and an explicit flag say so
        if (categories.contains(DataCategory.CONTACT) && !shareAddress) {
            throw ClientProblem.ruleViolation("protected-identity",
                    "The subject has a protected identity (" + file.protectedIdentity() + "); contact data (address) is shared "
                            + "only when the referral also sets includeProtectedContact: true");
        }
        if (categories.contains(DataCategory.CASE_SUMMARY) && CaseGuards.isBlank(command.caseSummary())) {
            throw ClientProblem.badRequest("case-summary-required", "Sharing CASE_SUMMARY needs the summary text (caseSummary)");
        }
        if (categories.contains(DataCategory.RISK_ASSESSMENT) && CaseGuards.isBlank(command.riskAssessment())) {
            throw ClientProblem.badRequest("risk-assessment-required", "Sharing RISK_ASSESSMENT needs the assessment text (riskAssessment)");
        }
        LegalBasisRule rule = command.legalBasis();
        if (rule == null) {
            throw ClientProblem.badRequest("legal-basis-required", "A referral must name its legal basis");
        }
        // a basis that needs four eyes is checked now as well, on today's facts: the approval can only come later
        LocalDate today = calendar.dayOf(command.at());
        ReferralLegalBasisPolicy.checkDisclosure(rule, disclosure(file, today, command.purpose(), command.weighingOfInterests(),
                rule.restsOnConsent() ? command.consentId() : null, command.policeUnit(), categories));
        ConsentId consentId = rule.restsOnConsent() ? command.consentId() : null;
        String purpose = command.purpose() == null ? null : command.purpose().name();
        if (!rule.fourEyes() && !ProtectedContactPolicy.needsFourEyes(categories, file.protectedIdentity(), released)) {
            return List.of(new ReferralSent(file.caseId(), command.referralId(), command.policeUnit(), rule.code(),
                    consentId, categories, snapshot(file, categories, command.caseSummary(), command.riskAssessment(), shareAddress),
                    null, ActedBy.of(command.by()), command.at(), released, purpose, rule.applied()));
        }
        return List.of(new ReferralAwaitingApproval(file.caseId(), command.referralId(), command.policeUnit(), rule.code(),
                categories, command.caseSummary(), command.riskAssessment(), command.weighingOfInterests(),
                ActedBy.of(command.by()), command.at(), released, purpose, consentId));
    }

    /**
     * The approval is the disclosure: the referral's basis is judged again, as the municipality's catalogue has it
     * now and on the facts of today (the subject's age, the consent), before the snapshot is taken and the data leaves.
     */
    public static List<CaseEvent> decide(CaseFile file, ApproveReferral command, CaseCalendar calendar) {
        CaseGuards.requireOpen(file);
        Referral referral = referral(file, command.referralId());
        if (referral.status() != ReferralStatus.AWAITING_APPROVAL) {
            throw ClientProblem.conflict("referral-not-awaiting-approval",
                    "Referral " + command.referralId() + " is " + referral.status() + ", not awaiting approval");
        }
        ReferralLegalBasisPolicy.checkFourEyes(referral.createdBy(), command.by().userId());
        ReferralAwaitingApproval pending = file.pendingApproval(command.referralId()).orElseThrow();
        LegalBasisRule rule = command.legalBasis();
        if (rule != null && !rule.code().equals(referral.legalBasis())) {
            throw new IllegalArgumentException("the approval names another legal basis than the referral");
        }
        ConsentPurpose purpose = pending.purpose() == null ? null : ConsentPurpose.valueOf(pending.purpose());
        ReferralLegalBasisPolicy.checkDisclosure(rule, disclosure(file, calendar.dayOf(command.at()), purpose,
                pending.weighingOfInterests(), pending.consentId(), referral.policeUnit(), referral.dataCategories()));
        // the snapshot is taken now, so the protection in force now decides whether the address goes with it
        boolean shareAddress = ProtectedContactPolicy.mayShareAddress(referral.dataCategories(), file.protectedIdentity(),
                pending.contactReleasedUnder());
        return List.of(new ReferralSent(file.caseId(), referral.referralId(), referral.policeUnit(), referral.legalBasis(),
                pending.consentId(), referral.dataCategories(),
                snapshot(file, referral.dataCategories(), pending.caseSummary(), pending.riskAssessment(), shareAddress),
                command.by().userId(), ActedBy.of(command.by()), command.at(), pending.contactReleasedUnder(),
                pending.purpose(), rule.applied()));
    }

    public static List<CaseEvent> decide(CaseFile file, AcknowledgeReferral command, CaseCalendar calendar) {
        Referral referral = policeReferral(file, command.referralId(), command, calendar);
        requireStatus(referral, EnumSet.of(ReferralStatus.SENT), "acknowledged");
        return List.of(new ReferralAcknowledged(file.caseId(), referral.referralId(), referral.policeUnit(), ActedBy.of(command.by()), command.at()));
    }

    public static List<CaseEvent> decide(CaseFile file, AcceptReferral command, CaseCalendar calendar) {
        Referral referral = policeReferral(file, command.referralId(), command, calendar);
        requireStatus(referral, EnumSet.of(ReferralStatus.SENT, ReferralStatus.ACKNOWLEDGED), "accepted");
        return List.of(new ReferralAccepted(file.caseId(), referral.referralId(), referral.policeUnit(), ActedBy.of(command.by()), command.at()));
    }

    public static List<CaseEvent> decide(CaseFile file, DeclineReferral command, CaseCalendar calendar) {
        Referral referral = policeReferral(file, command.referralId(), command, calendar);
        requireStatus(referral, EnumSet.of(ReferralStatus.SENT, ReferralStatus.ACKNOWLEDGED), "declined");
        if (command.reasonCode() == null) {
            throw ClientProblem.badRequest("reason-code-required", "Declining a referral needs a reason code");
        }
        return List.of(new ReferralDeclined(file.caseId(), referral.referralId(), referral.policeUnit(), command.reasonCode().name(),
                ActedBy.of(command.by()), command.at(), CaseGuards.localCode(command.localCode())));
    }

    public static List<CaseEvent> decide(CaseFile file, PostPoliceFeedback command, CaseCalendar calendar) {
        Referral referral = policeReferral(file, command.referralId(), command, calendar);
        requireStatus(referral, EnumSet.of(ReferralStatus.ACCEPTED), "given feedback");
        if (CaseGuards.isBlank(command.text())) {
            throw ClientProblem.badRequest("feedback-text-required", "Feedback needs a text");
        }
        return List.of(new PoliceFeedbackPosted(file.caseId(), referral.referralId(), referral.policeUnit(), command.feedbackId(),
                command.text(), ActedBy.of(command.by()), command.at()));
    }

    public static List<CaseEvent> decide(CaseFile file, CompleteReferral command) {
        Referral referral = referral(file, command.referralId());
        requireStatus(referral, EnumSet.of(ReferralStatus.ACCEPTED), "completed");
        if (command.outcomeCode() == null) {
            throw ClientProblem.badRequest("outcome-required", "Completing a referral needs an outcome code");
        }
        return List.of(new ReferralCompleted(file.caseId(), referral.referralId(), referral.policeUnit(), command.outcomeCode().name(),
                ActedBy.of(command.by()), command.at(), CaseGuards.localCode(command.localCode())));
    }

    public static List<CaseEvent> decide(CaseFile file, RevokeReferral command) {
        Referral referral = referral(file, command.referralId());
        if (!referral.status().isOpen() && referral.status() != ReferralStatus.AWAITING_APPROVAL) {
            throw ClientProblem.conflict("referral-not-open", "Referral " + command.referralId() + " is " + referral.status()
                    + " and can no longer be revoked");
        }
        return List.of(new ReferralRevoked(file.caseId(), referral.referralId(), referral.policeUnit(),
                command.reason() == null ? RevocationReason.WITHDRAWN_BY_SOCIAL_SERVICES : command.reason(),
                ActedBy.of(command.by()), command.at()));
    }

    private static Disclosure disclosure(CaseFile file, LocalDate day, ConsentPurpose purpose, String weighing,
                                         ConsentId consentId, String policeUnit, Set<DataCategory> categories) {
        Subject subject = file.subject();
        Personnummer personnummer = subject == null || subject.erased() ? null : subject.personnummer();
        return new Disclosure(day, personnummer, purpose, weighing, consentId,
                consentId == null ? Optional.empty() : file.consent(consentId), policeUnit, categories);
    }

    private static ReferralSnapshot snapshot(CaseFile file, Set<DataCategory> categories, String summary, String risk,
                                             boolean shareAddress) {
        return ReferralSnapshot.of(categories, file.subject(), file.measureSnapshot(), summary, risk, shareAddress);
    }

    private static Referral referral(CaseFile file, ReferralId id) {
        return file.referral(id).orElseThrow(() -> ClientProblem.notFound("Referral " + id));
    }

    private static Referral policeReferral(CaseFile file, ReferralId id, CaseCommand command, CaseCalendar calendar) {
        Referral referral = referral(file, id);
        if (!referral.policeUnit().equals(command.by().unit())) {
            throw ClientProblem.notFound("Referral " + id);
        }
        if (referral.consentId() != null
                && file.consent(referral.consentId()).orElseThrow().lapseOn(calendar.dayOf(command.at())).isPresent()) {
            throw ClientProblem.forbidden("legal-basis-lapsed",
                    "The consent this referral rests on is no longer valid; the referral can no longer be used");
        }
        return referral;
    }

    private static void requireStatus(Referral referral, EnumSet<ReferralStatus> expected, String action) {
        if (!expected.contains(referral.status())) {
            throw ClientProblem.conflict("referral-state", "Referral " + referral.referralId() + " is " + referral.status()
                    + " and cannot be " + action + " now (it must be " + expected.stream().map(Enum::name).toList() + ")");
        }
    }
}
