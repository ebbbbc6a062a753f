package se.samverkan.cases.subjectaccess;

import jakarta.validation.Valid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import se.samverkan.cases.access.AccessGuard;
import se.samverkan.cases.access.AccessOperation;
import se.samverkan.cases.access.AccessRequest;
import se.samverkan.cases.access.CaseFacts;
import se.samverkan.cases.access.Decision;
import se.samverkan.cases.access.FieldGroup;
import se.samverkan.cases.access.Operation;
import se.samverkan.cases.access.SubjectAccessFacts;
import se.samverkan.cases.access.SubjectAccessFacts.State;
import se.samverkan.cases.application.CaseFiles;
import se.samverkan.cases.application.ForgedEventException;
import se.samverkan.cases.domain.CaseFile;
import se.samverkan.cases.domain.CaseId;
import se.samverkan.cases.domain.Consent;
import se.samverkan.cases.domain.DocumentType;
import se.samverkan.cases.domain.ProtectedLocation;
import se.samverkan.cases.domain.RetainedView;
import se.samverkan.cases.domain.Personnummer;
import se.samverkan.cases.domain.Referral;
import se.samverkan.cases.domain.Subject;
import se.samverkan.cases.domain.SubjectPseudonyms;
import se.samverkan.cases.privacy.PersonalDataCipher;
import se.samverkan.contracts.DataCategory;
import se.samverkan.contracts.Program;
import se.samverkan.platform.identity.Actor;
import se.samverkan.platform.identity.Role;
import se.samverkan.platform.problem.ClientProblem;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import static se.samverkan.cases.access.Operation.READ_SUBJECT_ACCESS_REQUEST;
import static se.samverkan.cases.access.Operation.SUBJECT_ACCESS_APPROVAL;
import static se.samverkan.cases.access.Operation.SUBJECT_ACCESS_EXPORT;
import static se.samverkan.cases.access.Operation.SUBJECT_ACCESS_REJECTION;
import static se.samverkan.cases.access.Operation.SUBJECT_ACCESS_REQUEST;

/**
 * Registerutdrag as a recorded, reasoned, four-eyes act. A supervisor registers the subject's request (personnummer,
 * the authority's reference, a reason code, optional sealed text); another supervisor of the municipality or its
 * data-protection officer approves or rejects it; the requester then produces the export once, within
 * {@link SubjectAccessProperties#approvalValidity()} of the approval. The export covers every case of the subject in
 * the municipality, other units' included. The personnummer travels in the request body only and is never stored:
 * the request keeps the subject's pseudonymous id. Every step is an access event (purpose SUBJECT_ACCESS_REQUEST),
 * the export one SUBJECT_ACCESS_EXPORT event per case included, which audit-service turns into review items.
 */
@RestController
@RequestMapping("/api/subject-access")
public class SubjectAccessController {

    private static final Logger log = LoggerFactory.getLogger(SubjectAccessController.class);

    /** A diarienummer such as "SN 2026/123", "KS-2026-0042" or "2026/117:3": a register entry, never a name. */
    static final Pattern REFERENCE = Pattern.compile("(?:[A-ZÅÄÖ]{1,10}[ .-]?)?\\d{4}[/-]\\d{1,6}(?:[.:-]\\d{1,4})?");
    private static final int LIST_LIMIT = 200;

    public record NewRequest(@NotBlank @Size(max = 13) String personalIdentityNumber,
                             @NotBlank @Size(max = 40) String reference,
                             @NotBlank @Size(max = 40) String reasonCode,
                             @Size(max = 2000) String text) {
        @Override
        public String toString() {
            return "NewRequest[****]";
        }
    }

    public record Rejection(@NotBlank @Size(max = 40) String reasonCode) {
    }

    public record RequestView(UUID requestId, String municipality, UUID subjectId, String reference, String reasonCode,
                              String reasonLabel, String text, boolean textErased, State status, String requestedBy,
                              String requesterUnit, Instant requestedAt, String decidedBy, String decidedAs,
                              Instant decidedAt, String rejectionCode, Instant validUntil, Instant exportedAt,
                              Integer casesExported, List<UUID> casesWithheldForIntegrity) {
        @Override
        public String toString() {
            return "RequestView[" + requestId + ", " + status + "]";
        }
    }

    /**
     * {@code reportsNote}: why the reports are listed without who sent them or what they wrote (see {@link #REPORTS_NOTE}).
     * {@code withheldForIntegrity}: the subject's cases left out because their stored history fails its authenticity
     * check, with {@code withheldNote} (see {@link #WITHHELD_NOTE}; null when none is).
     */
    public record Export(UUID requestId, String reference, UUID subjectId, String municipality, Instant producedAt,
                         String producedBy, List<CaseExport> cases, String reportsNote, List<UUID> withheldForIntegrity,
                         String withheldNote) {
    }

    /**
     * A case whose stored history holds a row the service did not write is not loaded ({@link ForgedEventException}):
     * what it would show may be forged, and nothing unverified is handed to the subject as the municipality's record.
     * Answering nothing at all (503 for the whole subject) would withhold every authentic case too, for as long as the
     * investigation takes, while the right of access runs on a one-month clock (GDPR art. 12.3). So the export gives the
     * authentic cases and states, by case id, that a case is withheld pending an integrity investigation; the request
     * keeps those ids ({@code casesWithheldForIntegrity}), and once the row is dealt with a supplementary export is
     * registered and approved like any other.
     */
    static final String WITHHELD_NOTE = "Ett eller flera ärenden om dig lämnas inte ut i detta utdrag (se ärendenumren): "
            + "ärendets lagrade uppgifter kunde inte styrkas som oförändrade och är föremål för en utredning om otillåten "
            + "ändring. Ärendet lämnas ut i ett kompletterande utdrag när utredningen är klar. Det påverkar inte de "
            + "ärenden som lämnas ut här.";

    /**
     * The reporter's identity (the person, and the unit that sent it: a school, a youth centre) and the reporter's own
     * words may be secret from the subject (OSL 26 kap. 5 §: uppgift om en enskild som har gjort en anmälan eller lämnat
     * en uppgift, when it can be assumed the reporter would suffer harm), and a school unit or a field-assistant team
     * names the person in practice. The export therefore gives each report's existence, date, the reporter's category
     * (agency and role), the concern types, its handling and where it was forwarded, and leaves identity and text to a
     * secrecy assessment case by case (a separate decision with the right to appeal, outside this export).
     */
    static final String REPORTS_NOTE = "Anmälningar och orosanmälningar redovisas med datum, anmälarkategori (myndighet och roll), "
            + "typ av oro, handläggning och vidarebefordran. Anmälarens identitet (person eller enhet) och anmälans egen text "
            + "lämnas inte ut i utdraget: de kan omfattas av sekretess enligt 26 kap. 5 § offentlighets- och "
            + "sekretesslagen (OSL) till skydd för den som anmält. Begär du ut dem prövas sekretessen särskilt, och ett avslag "
            + "kan överklagas.";

    /**
     * One report or concern about the subject as this case received it (a forwarded report appears once per unit it
     * passed): never who reported it beyond agency and role, never the report's text.
     */
    public record ReportExport(String reportId, Instant receivedAt, String reporterAgency, String reporterRole,
                               List<String> concernTypes, String status, LocalDate statusOn,
                               String receivedFromMunicipality, String receivedFromUnit, String forwardedToMunicipality,
                               String forwardedToUnit, String forwardingReason) {

        static ReportExport of(se.samverkan.cases.domain.IntakeReport r) {
            String status = r.isForwarded() ? "FORWARDED" : r.isAssessed() ? r.assessment()
                    : r.isSafetyAssessed() ? "SAFETY_ASSESSED" : "RECEIVED";
            LocalDate on = r.isForwarded() ? r.forwardedOn() : r.isAssessed() ? r.assessedOn()
                    : r.isSafetyAssessed() ? r.safetyAssessedOn() : null;
            return new ReportExport(r.reportId(), r.receivedAt(), r.reporter().agency(), r.reporter().role(), r.concernTypes(),
                    status, on, r.forwardedFromMunicipality(), r.forwardedFromUnit(), r.forwardedToMunicipality(),
                    r.forwardedToUnit(), r.forwardingReason());
        }
    }

    public record CaseExport(UUID caseId, Program program, String unit, String status, Instant openedAt, Instant closedAt,
                             LocalDate clearedOn, boolean personalDataErased, Subject subject, List<CaseFile.Note> notes,
                             List<CaseFile.Measure> measures, List<Consent> consents, List<Disclosure> referralsSent,
                             List<PoliceRead> policeReads, List<PartnerDisclosure> partnerShares,
                             List<PartnerRead> partnerReads, List<CaseFile.PartnerNote> partnerNotes,
                             List<CaseFile.PartnerMeasure> partnerMeasures,
                             List<se.samverkan.cases.domain.CoordinationMeeting> coordinationMeetings,
                             List<se.samverkan.cases.domain.Commitment> commitments, List<ReportExport> reports) {
    }

    /** A share of the case with a partner municipality's unit: a disclosure to another authority, on a consent. */
    public record PartnerDisclosure(String shareId, String partnerMunicipality, String partnerUnit, String role,
                                    Set<DataCategory> categories, UUID consentId, LocalDate validFrom,
                                    LocalDate validUntil, LocalDate endedOn, String endReason) {
    }

    /** One read or write by a partner's coordinator. */
    public record PartnerRead(String userId, String municipality, String unit, String operation, List<String> fieldGroups,
                              Instant at) {

        /** The read without where the reader works: for a protected subject, the partner is where they live. */
        PartnerRead withoutPartner() {
            return new PartnerRead(null, null, null, operation, fieldGroups, at);
        }
    }

    public record Disclosure(UUID referralId, String recipientPoliceUnit, String legalBasis, Set<DataCategory> categories,
                             String status, String createdBy, String approvedBy, Instant createdAt,
                             List<Referral.Feedback> feedback) {
    }

    public record PoliceRead(UUID referralId, String userId, String unit, Instant at) {
    }

    private final SubjectAccessRequests requests;
    private final SubjectAccessProperties properties;
    private final CaseFiles files;
    private final AccessGuard guard;
    private final SubjectPseudonyms pseudonyms;
    private final PersonalDataCipher cipher;
    private final PoliceReads policeReads;
    private final TransactionTemplate transaction;
    private final Clock clock;

    public SubjectAccessController(SubjectAccessRequests requests, SubjectAccessProperties properties, CaseFiles files,
                                   AccessGuard guard, SubjectPseudonyms pseudonyms, PersonalDataCipher cipher,
                                   PoliceReads policeReads, PlatformTransactionManager transactions, Clock clock) {
        this.requests = requests;
        this.properties = properties;
        this.files = files;
        this.guard = guard;
        this.pseudonyms = pseudonyms;
        this.cipher = cipher;
        this.policeReads = policeReads;
        this.transaction = new TransactionTemplate(transactions);
        this.clock = clock;
    }

    @PostMapping("/requests")
    @AccessOperation(SUBJECT_ACCESS_REQUEST)
    public ResponseEntity<RequestView> register(@AuthenticationPrincipal Actor actor, @Valid @RequestBody NewRequest body) {
        guard.gate(AccessRequest.onSubjectAccess(actor, SUBJECT_ACCESS_REQUEST, null, null), "Subject access request");
        UUID subjectId = pseudonyms.subjectId(actor.municipality(), Personnummer.parse(body.personalIdentityNumber())).value();
        String reference = body.reference().strip();
        if (!REFERENCE.matcher(reference).matches()) {
            throw ClientProblem.ruleViolation("invalid-reference",
                    "reference must be the request's diarienummer, e.g. 'SN 2026/123', 'KS-2026-0042' or '2026/117:3' "
                            + "(optional upper-case series, year, serial number); free text belongs in 'text'");
        }
        SubjectAccessReason reason = SubjectAccessReason.parse(body.reasonCode());
        String text = body.text() == null || body.text().isBlank() ? null : body.text().strip();
        String sealed = text == null ? null
                : cipher.seal(subjectId, DocumentType.OTHER, SubjectAccessRequests.TEXT_FIELD, text.getBytes(StandardCharsets.UTF_8));
        UUID requestId = UUID.randomUUID();
        Instant now = clock.instant();
        AccessRequest access = AccessRequest.onSubjectAccess(actor, SUBJECT_ACCESS_REQUEST,
                new SubjectAccessFacts(requestId, actor.municipality(), subjectId, actor.userId(), State.PENDING_APPROVAL), null);
        transaction.executeWithoutResult(status -> {
            requests.insert(requestId, actor.municipality(), subjectId, reference, reason, sealed, actor.userId(), actor.unit(), now);
            guard.record(access, guard.peek(access), null);
        });
        return ResponseEntity.created(URI.create("/api/subject-access/requests/" + requestId))
                .body(view(requests.find(requestId).orElseThrow()));
    }

    @GetMapping("/requests")
    @AccessOperation(READ_SUBJECT_ACCESS_REQUEST)
    public List<RequestView> list(@AuthenticationPrincipal Actor actor, @RequestParam(required = false) State status) {
        guard.require(AccessRequest.onSubjectAccess(actor, READ_SUBJECT_ACCESS_REQUEST, null, null), null, null,
                "Subject access requests");
        return requests.ofMunicipality(actor.municipality(), LIST_LIMIT).stream().map(this::view)
                .filter(v -> status == null || v.status() == status).toList();
    }

    @GetMapping("/requests/{requestId}")
    @AccessOperation(READ_SUBJECT_ACCESS_REQUEST)
    public RequestView read(@AuthenticationPrincipal Actor actor, @PathVariable UUID requestId) {
        SubjectAccessRequests.Stored stored = load(actor, READ_SUBJECT_ACCESS_REQUEST, requestId);
        guard.require(AccessRequest.onSubjectAccess(actor, READ_SUBJECT_ACCESS_REQUEST, stored.facts(clock.instant()), null),
                null, null, what(requestId));
        return view(stored);
    }

    @PostMapping("/requests/{requestId}/approval")
    @AccessOperation(SUBJECT_ACCESS_APPROVAL)
    public RequestView approve(@AuthenticationPrincipal Actor actor, @PathVariable UUID requestId) {
        return decide(actor, requestId, SUBJECT_ACCESS_APPROVAL, null);
    }

    @PostMapping("/requests/{requestId}/rejection")
    @AccessOperation(SUBJECT_ACCESS_REJECTION)
    public RequestView reject(@AuthenticationPrincipal Actor actor, @PathVariable UUID requestId,
                              @Valid @RequestBody Rejection body) {
        return decide(actor, requestId, SUBJECT_ACCESS_REJECTION, body);
    }

    /**
     * Produces the export of an approved request, once. The access events (one SUBJECT_ACCESS_EXPORT per case, or
     * one without a case when the subject has none) are written in the transaction that marks the request exported,
     * so an export is never produced unrecorded and a failed one can be retried.
     */
    @PostMapping("/requests/{requestId}/export")
    @AccessOperation(SUBJECT_ACCESS_EXPORT)
    public Export export(@AuthenticationPrincipal Actor actor, @PathVariable UUID requestId) {
        SubjectAccessRequests.Stored stored = load(actor, SUBJECT_ACCESS_EXPORT, requestId);
        Instant now = clock.instant();
        SubjectAccessFacts facts = stored.facts(now);
        AccessRequest gate = AccessRequest.onSubjectAccess(actor, SUBJECT_ACCESS_EXPORT, facts, null);
        Decision allowed = guard.gate(gate, what(requestId));
        // read before the transaction: a case that refuses to load (not authentic) would leave it rollback-only
        List<CaseFile> loaded = new ArrayList<>();
        List<UUID> withheld = new ArrayList<>();
        int unnamed = 0;
        for (UUID caseId : requests.casesOf(stored.subjectId())) {
            try {
                files.load(new CaseId(caseId)).ifPresent(loaded::add);
            } catch (RuntimeException e) {
                ForgedEventException.foundIn(e).orElseThrow(() -> e);
                // a case is named only if the read model puts it in this request's municipality and the policy would
                // let this actor export it on what the read model says; any other is not this request's to name
                Optional<CaseFacts> summary = requests.summaryFacts(caseId);
                boolean inScope = summary.filter(f -> stored.municipality().equals(f.municipality())
                                && stored.subjectId().equals(f.subjectId()))
                        .map(f -> guard.peek(AccessRequest.onSubjectAccess(actor, SUBJECT_ACCESS_EXPORT, facts, f)).allowed())
                        .orElse(false);
                if (inScope) {
                    withheld.add(caseId);
                    log.warn("Subject access export {} withholds case {}: its stored history fails its authenticity check",
                            requestId, caseId);
                } else {
                    unnamed++;
                }
            }
        }
        if (unnamed > 0) {
            // no case id and no municipality: the case may not be this request's, nor the operator's reader's
            log.error("ALERT: subject access export {} met {} case(s) of its subject outside its scope whose stored history "
                    + "fails its authenticity check; they are not named in the export", requestId, unnamed);
        }
        return transaction.execute(status -> {
            if (!requests.claimExport(requestId, actor.userId(), now)) {
                throw ClientProblem.conflict("subject-access-request-changed",
                        "The request was exported or expired a moment ago; read its status, and register a new request if needed");
            }
            List<CaseExport> cases = new ArrayList<>();
            for (CaseFile file : loaded) {
                UUID caseId = file.caseId().value();
                if (!file.municipality().equals(stored.municipality())) {
                    continue;
                }
                Decision decision = guard.require(AccessRequest.onSubjectAccess(actor, SUBJECT_ACCESS_EXPORT, facts,
                        CaseFacts.of(file)), caseId, null, "Case " + caseId);
                cases.add(caseExport(file, decision, policeReads.ofCase(caseId),
                        policeReads.partnerReadsOf(caseId, file.municipality())));
            }
            if (cases.isEmpty()) {
                // an empty answer is an answer too, and is reviewed like any other
                guard.record(gate, allowed, null);
            }
            requests.exported(requestId, cases.size(), withheld);
            return new Export(requestId, stored.reference(), stored.subjectId(), stored.municipality(), now, actor.userId(), cases,
                    REPORTS_NOTE, withheld, withheld.isEmpty() ? null : WITHHELD_NOTE);
        });
    }

    private RequestView decide(Actor actor, UUID requestId, Operation operation, Rejection rejection) {
        SubjectAccessRequests.Stored stored = load(actor, operation, requestId);
        Instant now = clock.instant();
        AccessRequest access = AccessRequest.onSubjectAccess(actor, operation, stored.facts(now), null);
        Decision decision = guard.gate(access, what(requestId));
        SubjectAccessRejection reason = rejection == null ? null : SubjectAccessRejection.parse(rejection.reasonCode());
        String decidedAs = actor.has(Role.SUPERVISOR) ? "SUPERVISOR" : "DATA_PROTECTION";
        transaction.executeWithoutResult(status -> {
            boolean decided = reason == null
                    ? requests.approve(requestId, actor.userId(), decidedAs, now, now.plus(properties.approvalValidity()))
                    : requests.reject(requestId, actor.userId(), decidedAs, reason, now);
            if (!decided) {
                throw ClientProblem.conflict("subject-access-request-decided",
                        "The request is no longer awaiting approval (it is " + requests.find(requestId).map(s -> s.state(now))
                                .map(Enum::name).orElse("gone") + "); read its status");
            }
            guard.record(access, decision, null);
        });
        return view(requests.find(requestId).orElseThrow());
    }

    /** A refusal is recorded and thrown; an allowed decision is recorded later, together with what it allowed. */
    private SubjectAccessRequests.Stored load(Actor actor, Operation operation, UUID requestId) {
        return requests.find(requestId).orElseThrow(() ->
                guard.missing(AccessRequest.onSubjectAccess(actor, operation, null, null), null, null, what(requestId)));
    }

    private static String what(UUID requestId) {
        return "Subject access request " + requestId;
    }

    private RequestView view(SubjectAccessRequests.Stored s) {
        String text = s.sealedText() == null ? null
                : cipher.open(s.sealedText(), SubjectAccessRequests.TEXT_FIELD).map(b -> new String(b, StandardCharsets.UTF_8)).orElse(null);
        SubjectAccessReason reason = SubjectAccessReason.valueOf(s.reasonCode());
        return new RequestView(s.requestId(), s.municipality(), s.subjectId(), s.reference(), reason.name(), reason.label(),
                text, s.sealedText() != null && text == null, s.state(clock.instant()), s.requestedBy(), s.requesterUnit(),
                s.requestedAt(), s.decidedBy(), s.decidedAs(), s.decidedAt(), s.rejectionCode(), s.validUntil(),
                s.exportedAt(), s.casesExported(), s.casesWithheldForIntegrity());
    }

    /**
     * One case as the export gives it: {@code policeReads} and {@code partnerReads} are the case's reads from the access
     * outbox. Static so the mapping (and what it leaves out for a protected subject) is tested without a database.
     */
    static CaseExport caseExport(CaseFile file, Decision decision, List<PoliceRead> policeReads,
                                 List<PartnerRead> partnerReads) {
        RetainedView retained = RetainedView.of(file);
        Subject subject = retained.subject().map(s -> decision.shows(FieldGroup.CONTACT) ? s : withoutAddress(s)).orElse(null);
        // the export leaves the municipality (to the subject, or whoever acts for them): a protected person's
        // whereabouts stay out of it whatever the decision shows (ProtectedLocation), as the address does for protection
        boolean locationConcealed = ProtectedLocation.concealed(file.protectedIdentity(), false);
        return new CaseExport(file.caseId().value(), file.program(), file.unit(), file.status().name(), file.openedAt(),
                file.closedAt(), file.clearedOn(), retained.erased(),
                subject,
                retained.notes(),
                retained.measures(),
                retained.consents().stream().map(c -> locationConcealed ? ProtectedLocation.withoutPartnerUnit(c, file.unit()) : c)
                        .toList(),
                file.referrals().stream().filter(r -> r.snapshot() != null).map(r -> new Disclosure(r.referralId().value(),
                        r.policeUnit(), r.legalBasis(), r.dataCategories(), r.status().name(), r.createdBy(), r.approvedBy(),
                        r.createdAt(), retained.feedback(r))).toList(),
                policeReads,
                file.partnerShares().stream().map(p -> new PartnerDisclosure(p.shareId(),
                        locationConcealed ? null : p.partnerMunicipality(), locationConcealed ? null : p.partnerUnit(),
                        p.role().name(), p.dataCategories(), p.consentId() == null ? null : p.consentId().value(), p.validFrom(),
                        p.validUntil(), p.endedOn(), p.endReason() == null ? null : p.endReason().name())).toList(),
                partnerReads.stream().map(read -> locationConcealed ? read.withoutPartner() : read).toList(),
                retained.partnerNotes().stream().map(n -> locationConcealed ? ProtectedLocation.withoutPartner(n) : n).toList(),
                retained.partnerMeasures().stream().map(m -> locationConcealed ? ProtectedLocation.withoutPartner(m) : m).toList(),
                // joint action plans (issue 15): who took part, what was agreed, what each one undertook (for a
                // protected subject without the outside organisations and their staff)
                retained.meetings().stream()
                        .map(m -> locationConcealed ? ProtectedLocation.withoutOutsideOrganisations(m, file.unit()) : m).toList(),
                retained.commitments().stream()
                        .map(c -> locationConcealed ? ProtectedLocation.withoutOutsideOwner(c, file.unit()) : c).toList(),
                // reports and concerns (issue 15): that they exist and how they were handled, not who wrote what
                retained.reports().stream().map(r -> locationConcealed ? ProtectedLocation.withoutWhereabouts(r) : r)
                        .map(ReportExport::of).toList());
    }

    private static Subject withoutAddress(Subject s) {
        return new Subject(s.personalIdentityNumber(), s.name(), s.dateOfBirth(), null, s.guardians(), s.protectedIdentity());
    }
}
