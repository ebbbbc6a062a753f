package se.samverkan.cases.domain;

import se.samverkan.cases.domain.CaseCommand.ApprovePartnerShare;
import se.samverkan.cases.domain.CaseCommand.EndLapsedPartnerShares;
import se.samverkan.cases.domain.CaseCommand.RefusePartnerShare;
import se.samverkan.cases.domain.CaseCommand.EndPartnerShare;
import se.samverkan.cases.domain.CaseCommand.MarkNoteShareable;
import se.samverkan.cases.domain.CaseCommand.RecordCostShare;
import se.samverkan.cases.domain.CaseCommand.RecordPartnerMeasure;
import se.samverkan.cases.domain.CaseCommand.RecordPartnerNote;
import se.samverkan.cases.domain.CaseCommand.ShareCase;
import se.samverkan.cases.domain.CaseEvent.CaseSharedWithPartner;
import se.samverkan.cases.domain.CaseEvent.CostShareRecorded;
import se.samverkan.cases.domain.CaseEvent.NoteMarkedShareable;
import se.samverkan.cases.domain.CaseEvent.PartnerMeasureRecorded;
import se.samverkan.cases.domain.CaseEvent.PartnerNoteRecorded;
import se.samverkan.cases.domain.CaseEvent.PartnerShareAwaitingApproval;
import se.samverkan.cases.domain.CaseEvent.PartnerShareEnded;
import se.samverkan.cases.domain.CaseEvent.PartnerShareRefused;
import se.samverkan.cases.domain.CaseEvent.PartnerShareRequestExpired;
import se.samverkan.contracts.Agency;
import se.samverkan.contracts.DataCategory;
import se.samverkan.contracts.Program;
import se.samverkan.platform.problem.ClientProblem;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Sharing an exit case with a unit of a partner municipality. A share rests on a legal basis like a police referral:
 * the subject's consent naming the partner unit (and so its municipality) and covering every shared category, in force
 * today, and lasting at most as long as the consent; or a rule of the owning municipality's legal-basis catalogue
 * ({@link LegalBasisRule}, its conditions checked by {@link ReferralLegalBasisPolicy}). Where the catalogue asks for
 * four eyes the share waits ({@code PartnerShareAwaitingApproval}, invisible to the partner) until a second person of
 * the owning unit approves it (judged again that day), refuses it, or it expires after {@value #APPROVAL_WINDOW_DAYS} days. It names the partner unit (from the configured register,
 * which also says which categories and roles that unit may take), the role the partner plays and the coordinators
 * assigned. It ends by the owner's decision, by the consent's withdrawal (in the withdrawal's own decision, see
 * {@link Consents}), by the case's closing ({@link Closure}) and by lapse (consent expired, end date passed; recorded by
 * the share watch, and in force at once through {@link PartnerShare#lapseOn}). The partner records its own notes and
 * measures while its share holds; cost sharing is a record the owner keeps.
 */
public final class Sharing {

    static final int MAX_COORDINATORS = 10;
    /** How long a share waits for its second person before it lapses (and the watch records the expiry). */
    static final int APPROVAL_WINDOW_DAYS = 14;

    private Sharing() {
    }

    public static List<CaseEvent> decide(CaseFile file, ShareCase command, PartnerRegister register, StaffDirectory staff,
                                         CaseCalendar calendar) {
        LocalDate today = calendar.dayOf(command.at());
        Request request = new Request(command.shareId(), command.partnerMunicipality(), command.partnerUnit(),
                command.role(), command.dataCategories(), command.consentId(), command.coordinators(),
                command.validUntil(), command.weighingOfInterests(), command.riskAssessment());
        Checked checked = check(file, request, command.legalBasis(), register, staff, today);
        if (file.pendingShares().stream().anyMatch(p -> p.partnerUnit().equals(command.partnerUnit())
                && p.partnerMunicipality().equals(command.partnerMunicipality()))) {
            throw ClientProblem.conflict("share-awaiting-approval", "A share with unit " + command.partnerUnit()
                    + " already waits for approval; approve or refuse it first");
        }
        if (checked.fourEyes()) {
            return List.of(new PartnerShareAwaitingApproval(file.caseId(), command.shareId(),
                    command.partnerMunicipality(), command.partnerUnit(), command.role(), checked.categories(),
                    command.legalBasis() == null ? null : command.legalBasis().code(),
                    checked.consent() == null ? null : checked.consent().consentId(), checked.coordinators(),
                    checked.until(), command.weighingOfInterests(), today.plusDays(APPROVAL_WINDOW_DAYS),
                    ActedBy.of(command.by()), command.at(), request.riskAssessment()));
        }
        return List.of(new CaseSharedWithPartner(file.caseId(), command.shareId(), command.partnerMunicipality(),
                command.partnerUnit(), command.role(), checked.categories(),
                checked.consent() == null ? null : checked.consent().consentId(), checked.coordinators(), today,
                checked.until(), ActedBy.of(command.by()), command.at(),
                command.legalBasis() == null ? null : command.legalBasis().code(), null,
                command.legalBasis() == null ? null : command.legalBasis().applied(), request.riskAssessment()));
    }

    /**
     * The approval is the disclosure: the request is judged again as of today (the register, the consent, the
     * catalogue's rule as it stands now) by a second person of the owning unit, never the one who asked.
     */
    public static List<CaseEvent> decide(CaseFile file, ApprovePartnerShare command, PartnerRegister register,
                                         StaffDirectory staff, CaseCalendar calendar) {
        PartnerShareAwaitingApproval pending = awaitingApproval(file, command.shareId(), command.by());
        LocalDate today = calendar.dayOf(command.at());
        if (today.isAfter(pending.expiresOn())) {
            throw ClientProblem.conflict("share-request-expired", "The request to share with unit " + pending.partnerUnit()
                    + " waited for approval until " + pending.expiresOn() + "; request it anew");
        }
        LegalBasisRule rule = command.legalBasis();
        if (pending.legalBasis() != null) {
            ReferralLegalBasisPolicy.checkInForce(rule);
            if (!rule.code().equals(pending.legalBasis())) {
                throw new IllegalArgumentException("the approval names another legal basis than the request");
            }
        }
        Request request = new Request(pending.shareId(), pending.partnerMunicipality(), pending.partnerUnit(),
                pending.role(), pending.dataCategories(), pending.consentId(), pending.coordinators(),
                pending.validUntil(), pending.weighingOfInterests(), pending.riskAssessment());
        Checked checked = check(file, request, pending.legalBasis() == null ? null : rule, register, staff, today);
        return List.of(new CaseSharedWithPartner(file.caseId(), pending.shareId(), pending.partnerMunicipality(),
                pending.partnerUnit(), pending.role(), checked.categories(),
                checked.consent() == null ? null : checked.consent().consentId(), checked.coordinators(), today,
                checked.until(), ActedBy.of(command.by()), command.at(), pending.legalBasis(),
                command.by().userId(), rule == null || pending.legalBasis() == null ? null : rule.applied(),
                pending.riskAssessment()));
    }

    public static List<CaseEvent> decide(CaseFile file, RefusePartnerShare command) {
        PartnerShareAwaitingApproval pending = awaitingApproval(file, command.shareId(), command.by());
        return List.of(new PartnerShareRefused(file.caseId(), pending.shareId(), pending.partnerMunicipality(),
                pending.partnerUnit(), ActedBy.of(command.by()), command.at()));
    }

    private static PartnerShareAwaitingApproval awaitingApproval(CaseFile file, String shareId,
                                                                 se.samverkan.platform.identity.Actor by) {
        CaseGuards.requireOpen(file);
        PartnerShareAwaitingApproval pending = file.pendingShare(shareId).orElseThrow(() -> file.partnerShare(shareId)
                .<ClientProblem>map(p -> ClientProblem.conflict("share-not-awaiting-approval", "Share " + shareId
                        + " does not wait for approval"))
                // like ending an unknown share: the caller may act on the case, there is just no such request
                .orElseGet(() -> ClientProblem.ruleViolation("unknown-share", "The case has no share request " + shareId
                        + " waiting for approval")));
        if (pending.by() != null && by.userId().equals(pending.by().userId())) {
            throw ClientProblem.forbidden("four-eyes-required", "The person who requested a share cannot approve or "
                    + "refuse it; another supervisor of the unit must (four eyes)");
        }
        return pending;
    }

    /** What a share (or a request for one) names, checked the same way when it is requested and when it is approved. */
    private record Request(String shareId, String partnerMunicipality, String partnerUnit, PartnerRole role,
                           Set<DataCategory> dataCategories, ConsentId consentId, List<String> coordinators,
                           LocalDate validUntil, String weighingOfInterests, String riskAssessment) {
    }

    /** {@code consent} null on a documented provision; {@code fourEyes}: the share waits for a second person. */
    private record Checked(Set<DataCategory> categories, List<String> coordinators, Consent consent, LocalDate until,
                           boolean fourEyes) {
    }

    private static Checked check(CaseFile file, Request command, LegalBasisRule rule, PartnerRegister register,
                                 StaffDirectory staff, LocalDate today) {
        CaseGuards.requireOpen(file);
        if (file.program() != Program.EXIT_PROGRAM) {
            throw ClientProblem.ruleViolation("sharing-not-allowed",
                    "Only exit-program cases can be shared with a partner municipality");
        }
        if (command.partnerMunicipality().equals(file.municipality())) {
            throw ClientProblem.ruleViolation("partner-is-owner", "The case belongs to municipality "
                    + file.municipality() + "; share it with another municipality of the exit program");
        }
        PartnerRegister.PartnerUnit unit = register.unit(command.partnerMunicipality(), command.partnerUnit())
                .orElseThrow(() -> ClientProblem.ruleViolation("partner-unit-unknown", "Unit " + command.partnerUnit()
                        + " of municipality " + command.partnerMunicipality()
                        + " is not a partner unit of the exit program (see the partner register)"));
        if (command.role() == null || !unit.roles().contains(command.role())) {
            throw ClientProblem.ruleViolation("partner-role-not-allowed", "Unit " + command.partnerUnit()
                    + " may take the roles " + unit.roles() + " in a shared case, not " + command.role());
        }
        Set<DataCategory> categories = command.dataCategories() == null || command.dataCategories().isEmpty()
                ? Set.of() : EnumSet.copyOf(command.dataCategories());
        if (categories.isEmpty()) {
            throw ClientProblem.badRequest("data-categories-required", "A share must name the data categories it gives the partner");
        }
        List<DataCategory> notForUnit = categories.stream().filter(c -> !unit.dataCategories().contains(c)).sorted().toList();
        if (!notForUnit.isEmpty()) {
            throw ClientProblem.ruleViolation("category-not-allowed-for-unit", "Unit " + command.partnerUnit()
                    + " may not receive " + notForUnit + "; it may receive " + unit.dataCategories());
        }
        List<String> coordinators = command.coordinators() == null ? List.of()
                : command.coordinators().stream().distinct().toList();
        if (coordinators.isEmpty() || coordinators.size() > MAX_COORDINATORS) {
            throw ClientProblem.badRequest("coordinators-required", "A share names the partner's exit coordinators "
                    + "assigned to it (1 to " + MAX_COORDINATORS + "); only they will see the case");
        }
        PartnerCoordinators.check(coordinators, command.partnerMunicipality(), command.partnerUnit(), staff);
        boolean riskShared = categories.contains(DataCategory.RISK_ASSESSMENT);
        if (riskShared && CaseGuards.isBlank(command.riskAssessment())) {
            throw ClientProblem.badRequest("risk-assessment-required",
                    "Sharing RISK_ASSESSMENT needs the assessment text the partner will read (riskAssessment)");
        }
        if (!riskShared && !CaseGuards.isBlank(command.riskAssessment())) {
            throw ClientProblem.badRequest("risk-assessment-not-shared",
                    "A riskAssessment is given only with the category RISK_ASSESSMENT; add the category or leave the text out");
        }
        if (rule != null) {
            ReferralLegalBasisPolicy.checkInForce(rule);
        }
        boolean onConsent = rule == null || rule.restsOnConsent();
        Consent consent = onConsent ? consentFor(file, command, categories, today) : null;
        if (!onConsent && command.consentId() != null) {
            throw ClientProblem.badRequest("consent-not-expected", rule.code() + " is a documented provision, not consent;"
                    + " leave consentId out (or name the legal basis CONSENT)");
        }
        if (rule != null) {
            ReferralLegalBasisPolicy.checkConditionsBesidesConsent(rule, disclosure(file, today, command, consent, categories));
        }
        LocalDate until;
        if (consent != null) {
            until = command.validUntil() == null ? consent.validUntil() : command.validUntil();
            if (until.isAfter(consent.validUntil())) {
                throw ClientProblem.ruleViolation("share-outlasts-consent", "The share cannot last beyond its consent, which ends "
                        + consent.validUntil());
            }
        } else {
            if (command.validUntil() == null) {
                throw ClientProblem.badRequest("share-period-required", "A share on a documented provision needs an end"
                        + " date (validUntil): nothing bounds it otherwise");
            }
            until = command.validUntil();
        }
        if (until.isBefore(today)) {
            throw ClientProblem.ruleViolation("share-period-invalid", "The share would end (" + until + ") before today");
        }
        boolean live = file.partnerShares().stream().anyMatch(p -> p.partnerUnit().equals(command.partnerUnit())
                && p.partnerMunicipality().equals(command.partnerMunicipality()) && file.shareLapse(p, today).isEmpty());
        if (live) {
            throw ClientProblem.conflict("already-shared", "The case is already shared with unit " + command.partnerUnit()
                    + "; end that share before sharing anew");
        }
        // a protected subject's risk assessment says where the threat is: it never leaves on one person's word
        boolean fourEyes = rule != null && rule.fourEyes()
                || riskShared && file.protectedIdentity() != se.samverkan.contracts.ProtectedIdentity.NONE;
        return new Checked(categories, coordinators, consent, until, fourEyes);
    }

    private static Disclosure disclosure(CaseFile file, LocalDate day, Request command, Consent consent,
                                         Set<DataCategory> categories) {
        Subject subject = file.subject();
        Personnummer personnummer = subject == null || subject.erased() ? null : subject.personnummer();
        // a share states no purpose of its own: a provision bound to crime prevention does not fit a partner share
        return new Disclosure(day, personnummer, null, command.weighingOfInterests(),
                consent == null ? null : consent.consentId(), Optional.ofNullable(consent), command.partnerUnit(),
                categories);
    }

    private static Consent consentFor(CaseFile file, Request command, Set<DataCategory> categories, LocalDate today) {
        if (command.consentId() == null) {
            throw ClientProblem.ruleViolation("consent-required",
                    "Sharing with a partner municipality rests on the subject's consent or on a documented provision of"
                            + " the municipality's legal-basis catalogue; name the consent (consentId) or the provision (legalBasis)");
        }
        Consent consent = file.consent(command.consentId()).orElseThrow(() -> ClientProblem.ruleViolation("consent-required",
                "Consent " + command.consentId() + " is not recorded on this case"));
        Optional<ConsentLapse> lapse = consent.lapseOn(today);
        if (lapse.isPresent()) {
            throw ClientProblem.ruleViolation("consent-not-active", "Consent " + command.consentId() + " does not hold today ("
                    + lapse.get().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + ")");
        }
        if (consent.recipientAgency() != Agency.SOCIAL_SERVICES || !command.partnerUnit().equals(consent.recipientUnit())) {
            throw ClientProblem.ruleViolation("consent-does-not-cover-partner", "Consent " + command.consentId()
                    + " does not name unit " + command.partnerUnit() + " as its recipient");
        }
        List<DataCategory> uncovered = categories.stream().filter(c -> !consent.dataCategories().contains(c)).sorted().toList();
        if (!uncovered.isEmpty()) {
            throw ClientProblem.ruleViolation("consent-does-not-cover-categories", "Consent " + command.consentId()
                    + " does not cover " + uncovered);
        }
        return consent;
    }

    public static List<CaseEvent> decide(CaseFile file, EndPartnerShare command, CaseCalendar calendar) {
        PartnerShare share = file.partnerShare(command.shareId())
                .orElseThrow(() -> ClientProblem.ruleViolation("unknown-share", "The case has no share " + command.shareId()));
        if (share.isEnded()) {
            throw ClientProblem.conflict("share-already-ended", "Share " + command.shareId() + " already ended on "
                    + share.endedOn() + " (" + share.endReason() + ")");
        }
        return List.of(ended(file, share, ShareEnd.UNSHARED, calendar.dayOf(command.at()), command.by(), command.at()));
    }

    /** The watch's sweep: every share not yet ended whose consent expired or was withdrawn, or whose end date passed. */
    public static List<CaseEvent> decide(CaseFile file, EndLapsedPartnerShares command, CaseCalendar calendar) {
        LocalDate today = calendar.dayOf(command.at());
        List<CaseEvent> events = new ArrayList<>();
        for (PartnerShare share : file.partnerShares()) {
            if (share.isEnded()) {
                continue;
            }
            file.shareLapse(share, today).filter(lapse -> lapse != ShareEnd.CONSENT_NOT_YET_VALID)
                    .ifPresent(lapse -> events.add(ended(file, share, lapse, today, command.by(), command.at())));
        }
        for (PartnerShareAwaitingApproval pending : file.pendingShares()) {
            if (today.isAfter(pending.expiresOn())) {
                events.add(new PartnerShareRequestExpired(file.caseId(), pending.shareId(), pending.partnerMunicipality(),
                        pending.partnerUnit(), today, command.by() == null ? null : ActedBy.of(command.by()), command.at()));
            }
        }
        return events;
    }

    /** The end of every share still live, for a decision that ends them all at once (withdrawal, closing). */
    static List<CaseEvent> endAll(CaseFile file, java.util.function.Predicate<PartnerShare> which, ShareEnd reason,
                                  LocalDate on, se.samverkan.platform.identity.Actor by, java.time.Instant at) {
        return file.partnerShares().stream().filter(p -> !p.isEnded()).filter(which)
                .map(p -> ended(file, p, reason, on, by, at)).toList();
    }

    private static CaseEvent ended(CaseFile file, PartnerShare share, ShareEnd reason, LocalDate on,
                                   se.samverkan.platform.identity.Actor by, java.time.Instant at) {
        return new PartnerShareEnded(file.caseId(), share.shareId(), share.partnerMunicipality(), share.partnerUnit(),
                reason, on, share.coordinators(), by == null ? null : ActedBy.of(by), at);
    }

    public static List<CaseEvent> decide(CaseFile file, RecordPartnerNote command, CaseCalendar calendar) {
        PartnerShare share = liveShareOf(file, command.shareId(), command.by(), calendar.dayOf(command.at()));
        if (CaseGuards.isBlank(command.text())) {
            throw ClientProblem.badRequest("text-required", "A partner note needs text");
        }
        return List.of(new PartnerNoteRecorded(file.caseId(), share.shareId(), share.partnerMunicipality(),
                command.noteId(), command.text(), ActedBy.of(command.by()), command.at()));
    }

    public static List<CaseEvent> decide(CaseFile file, RecordPartnerMeasure command, CaseCalendar calendar) {
        PartnerShare share = liveShareOf(file, command.shareId(), command.by(), calendar.dayOf(command.at()));
        if (command.measureType() == null || command.startDate() == null) {
            throw ClientProblem.badRequest("measure-incomplete", "A measure needs a type and a start date");
        }
        if (command.endDate() != null && command.endDate().isBefore(command.startDate())) {
            throw ClientProblem.ruleViolation("measure-period-invalid", "The measure ends before it starts");
        }
        return List.of(new PartnerMeasureRecorded(file.caseId(), share.shareId(), share.partnerMunicipality(),
                command.measureId(), command.measureType().name(), command.startDate(), command.endDate(),
                ActedBy.of(command.by()), command.at(), CaseGuards.localCode(command.localCode())));
    }

    /** The partner writes only through a share that holds today and names the writer; the policy said so already. */
    private static PartnerShare liveShareOf(CaseFile file, String shareId, se.samverkan.platform.identity.Actor by, LocalDate today) {
        PartnerShare share = shareId == null ? null : file.partnerShare(shareId).orElse(null);
        if (share == null || !share.isAssigned(by.userId()) || !share.partnerMunicipality().equals(by.municipality())) {
            throw ClientProblem.forbidden("not-assigned-to-share", "You are not assigned to a share of this case");
        }
        file.shareLapse(share, today).ifPresent(lapse -> {
            throw ClientProblem.forbidden("share-ended", "The share no longer holds (" + lapse + ")");
        });
        return share;
    }

    public static List<CaseEvent> decide(CaseFile file, MarkNoteShareable command) {
        CaseGuards.requireOpen(file);
        if (!file.hasNote(command.noteId())) {
            throw ClientProblem.notFound("Note " + command.noteId());
        }
        if (file.shareableNotes().contains(command.noteId())) {
            throw ClientProblem.conflict("note-already-shareable", "Note " + command.noteId() + " is already shareable");
        }
        return List.of(new NoteMarkedShareable(file.caseId(), command.noteId(), ActedBy.of(command.by()), command.at()));
    }

    /**
     * Who pays what: the payer is the owning municipality or one the case is shared with; for one cost type, the shares
     * of any day add up to at most 100 %.
     */
    public static List<CaseEvent> decide(CaseFile file, RecordCostShare command) {
        if (file.program() != Program.EXIT_PROGRAM) {
            throw ClientProblem.ruleViolation("sharing-not-allowed", "Cost sharing is recorded for exit-program cases");
        }
        if (command.costType() == null || command.fromDate() == null || command.untilDate() == null) {
            throw ClientProblem.badRequest("cost-share-incomplete", "A cost share needs a cost type, a start and an end date");
        }
        if (command.percent() < 1 || command.percent() > 100) {
            throw ClientProblem.badRequest("percent-invalid", "percent must be 1 to 100");
        }
        if (command.untilDate().isBefore(command.fromDate())) {
            throw ClientProblem.ruleViolation("cost-share-period-invalid", "The period ends before it starts");
        }
        boolean knownPayer = command.payerMunicipality().equals(file.municipality()) || file.partnerShares().stream()
                .anyMatch(p -> p.partnerMunicipality().equals(command.payerMunicipality()));
        if (!knownPayer) {
            throw ClientProblem.ruleViolation("payer-not-a-partner", "Municipality " + command.payerMunicipality()
                    + " neither owns the case nor has a share of it");
        }
        for (LocalDate day = command.fromDate(); !day.isAfter(command.untilDate()); day = nextChange(file, command, day)) {
            LocalDate d = day;
            int total = command.percent() + file.costShares().stream().filter(c -> c.costType() == command.costType())
                    .filter(c -> !d.isBefore(c.fromDate()) && !d.isAfter(c.untilDate())).mapToInt(CaseFile.CostShare::percent).sum();
            if (total > 100) {
                throw ClientProblem.ruleViolation("cost-shares-exceed-whole", "On " + d + " the shares of "
                        + command.costType() + " would add up to " + total + " %");
            }
        }
        return List.of(new CostShareRecorded(file.caseId(), command.costShareId(), command.payerMunicipality(),
                command.costType(), command.percent(), command.fromDate(), command.untilDate(),
                ActedBy.of(command.by()), command.at()));
    }

    /** The next day on which the recorded shares of the type change (a period starts or ends), past {@code day}. */
    private static LocalDate nextChange(CaseFile file, RecordCostShare command, LocalDate day) {
        return file.costShares().stream().filter(c -> c.costType() == command.costType())
                .flatMap(c -> java.util.stream.Stream.of(c.fromDate(), c.untilDate().plusDays(1)))
                .filter(d -> d.isAfter(day)).min(LocalDate::compareTo)
                .orElse(command.untilDate().plusDays(1));
    }
}
