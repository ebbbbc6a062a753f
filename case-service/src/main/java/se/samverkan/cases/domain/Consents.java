package se.samverkan.cases.domain;

import se.samverkan.cases.domain.CaseCommand.RecordConsent;
import se.samverkan.cases.domain.CaseCommand.WithdrawConsent;
import se.samverkan.cases.domain.CaseEvent.ConsentRecorded;
import se.samverkan.cases.domain.CaseEvent.ConsentWithdrawn;
import se.samverkan.cases.domain.CaseEvent.ReferralRevoked;
import se.samverkan.contracts.RevocationReason;
import se.samverkan.platform.problem.ClientProblem;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

/**
 * Consents: the subject is always a party, and every guardian of a minor (on the day of recording, in the configured
 * zone). Withdrawing a consent revokes the open referrals resting on it in the same decision, which is why consents
 * and referrals live in one aggregate. Whether a consent still counts is {@link ConsentLapse}.
 */
public final class Consents {

    private Consents() {
    }

    public static List<CaseEvent> decide(CaseFile file, RecordConsent command, CaseCalendar calendar) {
        CaseGuards.requireOpen(file);
        if (file.consent(command.consentId()).isPresent()) {
            throw ClientProblem.conflict("consent-exists", "Consent " + command.consentId() + " is already recorded");
        }
        if (command.dataCategories() == null || command.dataCategories().isEmpty()) {
            throw ClientProblem.badRequest("data-categories-required", "A consent must name the data categories it covers");
        }
        if (command.validUntil().isBefore(command.validFrom())) {
            throw ClientProblem.ruleViolation("consent-period-invalid",
                    "The consent ends (" + command.validUntil() + ") before it starts (" + command.validFrom() + ")");
        }
        List<Consent.ConsentParty> parties = command.parties() == null ? List.of() : command.parties();
        if (parties.stream().noneMatch(p -> p.role() == Consent.PartyRole.SUBJECT)) {
            throw ClientProblem.ruleViolation("subject-consent-required", "The subject must be a party to the consent");
        }
        requireGuardiansOfAMinor(file.subject(), parties, calendar.dayOf(command.at()));
        return List.of(new ConsentRecorded(file.caseId(), command.consentId(), List.copyOf(parties), command.recipientAgency(),
                command.recipientUnit(), command.purposes() == null ? List.of()
                        : command.purposes().stream().distinct().map(Enum::name).toList(),
                EnumSet.copyOf(command.dataCategories()), command.validFrom(), command.validUntil(),
                command.documentReference(), ActedBy.of(command.by()), command.at()));
    }

    private static void requireGuardiansOfAMinor(Subject subject, List<Consent.ConsentParty> parties, LocalDate today) {
        if (!subject.personnummer().isMinorOn(today)) {
            return;
        }
        List<String> missing = subject.guardians().stream().map(Subject.Guardian::personalIdentityNumber)
                .filter(g -> parties.stream().noneMatch(p -> p.role() == Consent.PartyRole.GUARDIAN
                        && g.equals(p.personalIdentityNumber())))
                .toList();
        if (!missing.isEmpty() || subject.guardians().isEmpty() && parties.stream().noneMatch(p -> p.role() == Consent.PartyRole.GUARDIAN)) {
            throw ClientProblem.ruleViolation("guardian-consent-required",
                    "The subject is under 18: every guardian must be a party to the consent ("
                            + Math.max(missing.size(), 1) + " guardian(s) missing)");
        }
    }

    public static List<CaseEvent> decide(CaseFile file, WithdrawConsent command, CaseCalendar calendar) {
        Consent consent = file.consent(command.consentId())
                .orElseThrow(() -> ClientProblem.notFound("Consent " + command.consentId()));
        if (consent.isWithdrawn()) {
            throw ClientProblem.conflict("consent-already-withdrawn", "Consent " + command.consentId()
                    + " was already withdrawn on " + consent.withdrawnOn());
        }
        List<Referral> resting = file.referrals().stream()
                .filter(r -> command.consentId().equals(r.consentId()))
                // one awaiting four eyes on a basis that rests on the consent is withdrawn with it (issue 15)
                .filter(r -> r.status().isOpen() || r.status() == ReferralStatus.AWAITING_APPROVAL)
                .toList();
        LocalDate on = command.withdrawnOn() == null ? calendar.dayOf(command.at()) : command.withdrawnOn();
        List<CaseEvent> events = new ArrayList<>();
        events.add(new ConsentWithdrawn(file.caseId(), command.consentId(), command.withdrawnBy(), on,
                resting.stream().map(Referral::referralId).toList(), ActedBy.of(command.by()), command.at()));
        resting.forEach(r -> events.add(new ReferralRevoked(file.caseId(), r.referralId(), r.policeUnit(),
                RevocationReason.CONSENT_WITHDRAWN, ActedBy.of(command.by()), command.at())));
        // a partner share resting on the consent ends in the same decision, as a referral does
        events.addAll(Sharing.endAll(file, p -> command.consentId().equals(p.consentId()), ShareEnd.CONSENT_WITHDRAWN,
                on, command.by(), command.at()));
        return events;
    }
}
