package se.samverkan.cases.casework;

import se.samverkan.cases.catalogue.Coded;
import se.samverkan.cases.catalogue.MunicipalVocabularies;
import se.samverkan.contracts.vocabulary.CaseOutcome;
import se.samverkan.contracts.vocabulary.MeasureType;
import jakarta.validation.Valid;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.*;
import se.samverkan.cases.access.AccessGuard;
import se.samverkan.cases.access.AccessOperation;
import se.samverkan.cases.access.AccessRequest;
import se.samverkan.cases.access.CaseFacts;
import se.samverkan.cases.access.Decision;
import se.samverkan.cases.casework.CaseRequests.*;
import se.samverkan.cases.core.CaseWrite;
import se.samverkan.cases.core.ETags;
import se.samverkan.cases.core.Subjects;
import se.samverkan.cases.application.CaseFiles;
import se.samverkan.cases.application.CaseWrites;
import se.samverkan.cases.config.CaseServiceProperties;
import se.samverkan.cases.domain.CaseCommand.*;
import se.samverkan.cases.domain.CaseFile;
import se.samverkan.cases.domain.CaseId;
import se.samverkan.cases.domain.Protection;
import se.samverkan.cases.domain.SubjectPseudonyms;
import se.samverkan.cases.idempotency.Idempotency;
import se.samverkan.contracts.CaseOrigin;
import se.samverkan.platform.identity.Actor;
import se.samverkan.platform.problem.ClientProblem;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static se.samverkan.cases.access.Operation.*;

/**
 * The work on a case: open, read, list, team, notes, measures, phase, closure, protection (sharing with a partner is
 * {@code partnership}). Every write on an
 * existing case takes a {@link CaseWrite} (If-Match, idempotency, policy, ETag in one place, {@code core}).
 */
@RestController
@RequestMapping("/api/cases")
public class CaseController {

    public static final String BREAK_GLASS_HEADER = "X-Break-Glass-Reason";

    private final CaseWrites writes;
    private final CaseFiles files;
    private final AccessGuard guard;
    private final Idempotency idempotency;
    private final SubjectPseudonyms pseudonyms;
    private final CaseLists lists;
    private final Clock clock;
    private final CaseServiceProperties properties;
    private final OtherUnits otherUnits;
    private final MunicipalVocabularies vocabularies;

    public CaseController(CaseWrites writes, CaseFiles files, AccessGuard guard, Idempotency idempotency,
                          SubjectPseudonyms pseudonyms, CaseLists lists, Clock clock, CaseServiceProperties properties,
                          OtherUnits otherUnits, MunicipalVocabularies vocabularies) {
        this.vocabularies = vocabularies;
        this.properties = properties;
        this.otherUnits = otherUnits;
        this.writes = writes;
        this.files = files;
        this.guard = guard;
        this.idempotency = idempotency;
        this.pseudonyms = pseudonyms;
        this.lists = lists;
        this.clock = clock;
    }

    @PostMapping
    @AccessOperation(OPEN_CASE)
    public ResponseEntity<?> open(@AuthenticationPrincipal Actor actor, @Valid @RequestBody OpenCaseRequest request,
                                  @RequestHeader(name = Idempotency.HEADER, required = false) String key) {
        String unit = request.unit() == null ? actor.unit() : request.unit();
        return idempotency.run(actor, key, "POST /api/cases", request, () -> guard.require(
                AccessRequest.forUnit(actor, OPEN_CASE, actor.municipality(), unit), null, null, "Unit " + unit),
                allowed -> {
            var subject = Subjects.of(request.subject());
            List<String> team = new ArrayList<>();
            if (actor.has(se.samverkan.platform.identity.Role.SOCIAL_WORKER)) {
                team.add(actor.userId());
            }
            if (request.team() != null) {
                team.addAll(request.team());
            }
            CaseId caseId = CaseId.random();
            writes.send(new OpenCase(caseId, request.program(), actor.municipality(), unit,
                    pseudonyms.subjectId(actor.municipality(), subject.personnummer()), subject, team,
                    CaseOrigin.SOCIAL_SERVICES, properties.firstFamilyContactDays(), actor, now()));
            var created = ResponseEntity.created(URI.create("/api/cases/" + caseId));
            var version = files.versionAfterCreation(caseId);
            return version.isPresent()
                    ? created.eTag(ETags.of(version.getAsLong())).body(Map.of("caseId", caseId.value(), "version", version.getAsLong()))
                    : created.body(Map.of("caseId", caseId.value()));
        });
    }

    @GetMapping("/{caseId}")
    @AccessOperation(READ_CASE)
    public ResponseEntity<CaseView> read(@AuthenticationPrincipal Actor actor, @PathVariable UUID caseId,
                                         @RequestHeader(name = BREAK_GLASS_HEADER, required = false) String breakGlassReason,
                                         @RequestParam(required = false) Integer notesLimit,
                                         @RequestParam(required = false) String notesBefore) {
        String reason = breakGlassReason(actor, caseId, breakGlassReason);
        NotesPage notesPage = NotesPage.of(notesLimit, notesBefore);
        CaseId id = new CaseId(caseId);
        CaseFile file = writes.load(actor, id, READ_CASE);
        Decision decision = guard.require(AccessRequest.onCase(actor, READ_CASE, CaseFacts.of(file, today()))
                .withBreakGlassReason(reason), caseId, null, "Case " + caseId);
        ResponseEntity.BodyBuilder response = ResponseEntity.ok().eTag(ETags.of(file.version()));
        if (decision.breakGlass()) {
            response.header("X-Break-Glass", "recorded");
        }
        // a partner's coordinator reads through the share that names them (the policy granted it on that share)
        var partnerShare = decision.shows(se.samverkan.cases.access.FieldGroup.PARTNER_SECTION)
                ? file.shareAssignedTo(actor.userId(), actor.municipality(), actor.unit()).orElse(null) : null;
        return response.body(CaseView.of(file, decision, today(),
                decision.shows(se.samverkan.cases.access.FieldGroup.OTHER_UNITS) ? otherUnits.of(file) : List.of(),
                partnerShare, notesPage));
    }

    /**
     * A break-glass reason that is not written text is refused before anything about the case is looked at, so the
     * answer (400) is the same whether the case exists or not; the attempt is recorded all the same.
     */
    private String breakGlassReason(Actor actor, UUID caseId, String header) {
        if (header == null) {
            return null;
        }
        String reason = headerText(header);
        var problem = se.samverkan.cases.access.BreakGlassReason.problem(reason);
        if (problem.isPresent()) {
            guard.record(AccessRequest.unknownCase(actor, READ_CASE),
                    Decision.hide("break-glass refused: " + problem.get()), caseId);
            throw ClientProblem.badRequest("invalid-break-glass-reason", BREAK_GLASS_HEADER + ": " + problem.get()
                    + ". Invisible characters, control characters and blank padding do not count; send the text "
                    + "percent-encoded UTF-8.");
        }
        return se.samverkan.cases.access.BreakGlassReason.normalized(reason);
    }

    /**
     * HTTP header values are Latin-1 at best, so a reason written in Swedish travels percent-encoded UTF-8
     * ({@code encodeURIComponent}); a value that is not valid percent-encoding is taken as it is.
     */
    static String headerText(String value) {
        if (value == null || value.indexOf('%') < 0) {
            return value;
        }
        try {
            return java.net.URLDecoder.decode(value.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IllegalArgumentException notPercentEncoded) {
            return value;
        }
    }

    @GetMapping
    @AccessOperation(LIST_CASES)
    public ResponseEntity<List<CaseLists.CaseListItem>> list(@AuthenticationPrincipal Actor actor,
                                             @RequestParam(required = false) String unit,
                                             @RequestParam(required = false) se.samverkan.contracts.Program program,
                                             @RequestParam(required = false) String phase,
                                             @RequestParam(required = false) String status,
                                             @RequestParam(required = false) UUID subjectId,
                                             @RequestParam(required = false, defaultValue = "false") boolean mine,
                                             @RequestParam(required = false) Integer limit,
                                             @RequestParam(required = false) String before) {
        int pageSize = CaseLists.pageSize(limit);
        CaseLists.Cursor cursor = CaseLists.Cursor.parse(before);
        CaseLists.Page page = lists.list(actor, new CaseLists.Filter(unit, program, phase, status, subjectId, mine), pageSize, cursor);
        ResponseEntity.BodyBuilder response = ResponseEntity.ok();
        if (page.next() != null) {
            String next = org.springframework.web.servlet.support.ServletUriComponentsBuilder.fromCurrentRequest()
                    .replaceQueryParam("before", page.next().toString())
                    .replaceQueryParam("limit", pageSize)
                    .build().encode().toUriString();
            response.header(org.springframework.http.HttpHeaders.LINK, "<" + next + ">; rel=\"next\"");
        }
        return response.body(page.items());
    }

    @PutMapping("/{caseId}/team")
    @AccessOperation(ASSIGN_TEAM)
    public ResponseEntity<?> assignTeam(CaseWrite write, @Valid @RequestBody AssignTeamRequest request) {
        return write.send(request, (file, v) ->
                new AssignCaseTeam(file.caseId(), request.team(), v, write.actor(), write.now()), Map.of());
    }

    @PostMapping("/{caseId}/notes")
    @AccessOperation(WRITE_CASE)
    @ResponseStatus(HttpStatus.CREATED)
    public ResponseEntity<?> recordNote(CaseWrite write, @Valid @RequestBody NoteRequest request) {
        String noteId = UUID.randomUUID().toString();
        return write.send(request, (file, v) ->
                new RecordNote(file.caseId(), noteId, request.text(), v, write.actor(), write.now()), Map.of("noteId", noteId));
    }

    @PostMapping("/{caseId}/notes/{noteId}/corrections")
    @AccessOperation(WRITE_CASE)
    @ResponseStatus(HttpStatus.CREATED)
    public ResponseEntity<?> correctNote(CaseWrite write, @PathVariable UUID noteId, @Valid @RequestBody NoteRequest request) {
        String correctionId = UUID.randomUUID().toString();
        return write.send(request, (file, v) -> new CorrectNote(file.caseId(), correctionId, noteId.toString(),
                request.text(), v, write.actor(), write.now()), Map.of("noteId", correctionId));
    }

    @PostMapping("/{caseId}/measures")
    @AccessOperation(WRITE_CASE)
    @ResponseStatus(HttpStatus.CREATED)
    public ResponseEntity<?> recordMeasure(CaseWrite write, @Valid @RequestBody MeasureRequest request) {
        String measureId = UUID.randomUUID().toString();
        return write.send(request, (file, v) -> {
            Coded<MeasureType> type = vocabularies.choose(file.municipality(), "measureType", MeasureType.class, request.measureType());
            return new RecordMeasure(file.caseId(), measureId, type.national(), request.startDate(), request.endDate(), v,
                    write.actor(), write.now(), type.local());
        }, Map.of("measureId", measureId));
    }

    @PostMapping("/{caseId}/phase-changes")
    @AccessOperation(WRITE_CASE)
    public ResponseEntity<?> changePhase(CaseWrite write, @Valid @RequestBody PhaseChangeRequest request) {
        return write.send(request, (file, v) ->
                new ChangePhase(file.caseId(), request.phase(), v, write.actor(), write.now()), Map.of("phase", request.phase()));
    }

    @PostMapping("/{caseId}/closure")
    @AccessOperation(WRITE_CASE)
    public ResponseEntity<?> close(CaseWrite write, @Valid @RequestBody CloseRequest request) {
        return write.send(request, (file, v) -> {
            Coded<CaseOutcome> outcome = vocabularies.choose(file.municipality(), "outcome", CaseOutcome.class, request.outcome());
            return new CloseCase(file.caseId(), outcome.national(), v, write.actor(), write.now(), outcome.local());
        }, Map.of());
    }

    @PostMapping("/{caseId}/reopening")
    @AccessOperation(WRITE_CASE)
    public ResponseEntity<?> reopen(CaseWrite write, @Valid @RequestBody ReopenRequest request) {
        return write.send(request, (file, v) ->
                new ReopenCase(file.caseId(), request.reason(), v, write.actor(), write.now()), Map.of());
    }

    @PutMapping("/{caseId}/protected-identity")
    @AccessOperation(CHANGE_PROTECTION)
    public ResponseEntity<?> changeProtectedIdentity(CaseWrite write, @Valid @RequestBody ProtectedIdentityRequest request) {
        // a lowering may only be asked for (a second person puts it in force): the answer says which it was, as the
        // aggregate decided it
        return write.send(request, (file, v) ->
                new ChangeProtectedIdentity(file.caseId(), request.level(), v, write.actor(), write.now()), decided -> {
            Protection.Decided protection = (Protection.Decided) decided;
            Map<String, Object> answer = new java.util.LinkedHashMap<>();
            answer.put("protectedIdentity", protection.inForce());
            answer.put("loweringAwaitingApproval", protection.outcome() == Protection.Outcome.AWAITING_APPROVAL);
            return answer;
        });
    }

    private Instant now() {
        return clock.instant();
    }

    private LocalDate today() {
        return LocalDate.now(clock);
    }

}
