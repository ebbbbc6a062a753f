package se.samverkan.cases.subjectaccess;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import se.samverkan.cases.access.AccessGuard;
import se.samverkan.cases.access.AccessRequest;
import se.samverkan.cases.access.CaseFacts;
import se.samverkan.cases.access.Decision;
import se.samverkan.cases.access.FieldGroup;
import se.samverkan.cases.access.AccessOperation;
import se.samverkan.cases.application.CaseFiles;
import se.samverkan.cases.domain.CaseFile;
import se.samverkan.cases.domain.DocumentType;
import se.samverkan.cases.domain.CaseId;
import se.samverkan.cases.domain.Consent;
import se.samverkan.cases.domain.Personnummer;
import se.samverkan.cases.domain.Referral;
import se.samverkan.cases.domain.Subject;
import se.samverkan.cases.domain.SubjectPseudonyms;
import se.samverkan.contracts.CloudEventCodec;
import se.samverkan.contracts.DataCategory;
import se.samverkan.contracts.LegalBasis;
import se.samverkan.contracts.Program;
import se.samverkan.contracts.access.AccessRecorded;
import se.samverkan.platform.identity.Actor;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static se.samverkan.cases.access.Operation.SUBJECT_ACCESS_EXPORT;

/**
 * Registerutdrag: everything case-service holds about one subject in the caller's municipality, decrypted, and every
 * disclosure of it (referrals sent to the police, police reads of them). The personnummer travels in the body only,
 * never in a URL or a log; the export itself is recorded as an access event per case (SUBJECT_ACCESS_EXPORT).
 */
@RestController
@RequestMapping("/api/subject-access")
public class SubjectAccessController {

    public record ExportRequest(@NotBlank String personalIdentityNumber) {
        @Override
        public String toString() {
            return "ExportRequest[****]";
        }
    }

    public record Export(UUID subjectId, String municipality, Instant producedAt, String producedBy, List<CaseExport> cases) {
    }

    public record CaseExport(UUID caseId, Program program, String unit, String status, Instant openedAt, Instant closedAt,
                             LocalDate clearedOn, boolean personalDataErased, Subject subject, List<CaseFile.Note> notes,
                             List<CaseFile.Measure> measures, List<Consent> consents, List<Disclosure> referralsSent,
                             List<PoliceRead> policeReads) {
    }

    public record Disclosure(UUID referralId, String recipientPoliceUnit, LegalBasis legalBasis, Set<DataCategory> categories,
                             String status, String createdBy, String approvedBy, Instant createdAt,
                             List<Referral.Feedback> feedback) {
    }

    public record PoliceRead(UUID referralId, String userId, String unit, Instant at) {
    }

    private final CaseFiles files;
    private final AccessGuard guard;
    private final SubjectPseudonyms pseudonyms;
    private final JdbcClient jdbc;
    private final Clock clock;

    public SubjectAccessController(CaseFiles files, AccessGuard guard, SubjectPseudonyms pseudonyms, JdbcClient jdbc, Clock clock) {
        this.files = files;
        this.guard = guard;
        this.pseudonyms = pseudonyms;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @PostMapping("/exports")
    @AccessOperation(SUBJECT_ACCESS_EXPORT)
    public Export export(@AuthenticationPrincipal Actor actor, @Valid @RequestBody ExportRequest request) {
        guard.require(new AccessRequest(actor, SUBJECT_ACCESS_EXPORT, null, null, null, actor.municipality(), null),
                null, null, "Subject");
        UUID subjectId = pseudonyms.subjectId(actor.municipality(), Personnummer.parse(request.personalIdentityNumber())).value();
        List<CaseExport> cases = jdbc.sql("SELECT case_id FROM keyvault.case_subject WHERE subject_id = ? ORDER BY case_id")
                .param(subjectId).query(UUID.class).list().stream()
                .flatMap(id -> files.load(new CaseId(id)).stream())
                .filter(file -> file.municipality().equals(actor.municipality()))
                .map(file -> {
                    Decision decision = guard.require(AccessRequest.onCase(actor, SUBJECT_ACCESS_EXPORT, CaseFacts.of(file)),
                            file.caseId().value(), null, "Case " + file.caseId());
                    return caseExport(file, decision);
                })
                .toList();
        return new Export(subjectId, actor.municipality(), clock.instant(), actor.userId(), cases);
    }

    private CaseExport caseExport(CaseFile file, Decision decision) {
        boolean erased = file.personalDataErased();
        Subject subject = erased || file.isCleared(DocumentType.IDENTITY) ? null : decision.shows(FieldGroup.CONTACT) ? file.subject() : withoutAddress(file.subject());
        return new CaseExport(file.caseId().value(), file.program(), file.unit(), file.status().name(), file.openedAt(),
                file.closedAt(), file.clearedOn(), erased,
                subject,
                erased || file.isCleared(DocumentType.JOURNAL) ? List.of() : file.notes(),
                file.measures(),
                erased || file.isCleared(DocumentType.CONSENTS) ? List.of() : file.consents(),
                file.referrals().stream().filter(r -> r.snapshot() != null).map(r -> new Disclosure(r.referralId().value(),
                        r.policeUnit(), r.legalBasis(), r.dataCategories(), r.status().name(), r.createdBy(), r.approvedBy(),
                        r.createdAt(), erased || file.isCleared(DocumentType.REFERRALS) ? List.of() : r.feedback())).toList(),
                policeReads(file.caseId().value()));
    }

    private static Subject withoutAddress(Subject s) {
        return new Subject(s.personalIdentityNumber(), s.name(), s.dateOfBirth(), null, s.guardians(), s.protectedIdentity());
    }

    /** Police reads are in the access outbox (kept, never pruned), which is what audit-service also received. */
    private List<PoliceRead> policeReads(UUID caseId) {
        return jdbc.sql("SELECT cloud_event FROM access_outbox WHERE case_id = ? ORDER BY position")
                .param(caseId.toString())
                .query((rs, n) -> CloudEventCodec.fromBytes(rs.getBytes(1))).list().stream()
                .map(event -> CloudEventCodec.dataAs(event, AccessRecorded.class))
                .filter(a -> "POLICE_READ_REFERRAL".equals(a.operation())
                        && a.outcome() == se.samverkan.contracts.AccessOutcome.ALLOWED)
                .map(a -> new PoliceRead(a.referralId(), a.actor().userId(), a.actor().unit(), a.occurredAt()))
                .toList();
    }
}
