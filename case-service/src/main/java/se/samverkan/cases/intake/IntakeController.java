package se.samverkan.cases.intake;

import jakarta.validation.Valid;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;
import se.samverkan.cases.access.AccessGuard;
import se.samverkan.cases.access.AccessOperation;
import se.samverkan.cases.access.AccessRequest;
import se.samverkan.cases.access.Decision;
import se.samverkan.cases.application.ReportIntake;
import se.samverkan.cases.application.ReportIntake.IncomingReport;
import se.samverkan.cases.config.CaseServiceProperties;
import se.samverkan.cases.config.CodeListProperties;
import se.samverkan.cases.config.CodeLists;
import se.samverkan.cases.config.IntakeProperties;
import se.samverkan.cases.core.CaseWrite;
import se.samverkan.cases.core.Subjects;
import se.samverkan.cases.domain.CaseCommand.AssessReport;
import se.samverkan.cases.domain.CaseCommand.ForwardReport;
import se.samverkan.cases.domain.CaseCommand.RecordSafetyAssessment;
import se.samverkan.cases.domain.ForwardingRoute;
import se.samverkan.cases.domain.ReportSource;
import se.samverkan.cases.idempotency.Idempotency;
import se.samverkan.cases.intake.IntakeRequests.AssessmentRequest;
import se.samverkan.cases.intake.IntakeRequests.ForwardingRequest;
import se.samverkan.cases.intake.IntakeRequests.ReportRequest;
import se.samverkan.cases.intake.IntakeRequests.SafetyAssessmentRequest;
import se.samverkan.cases.intake.ReporterFeedback.ReportStatusView;
import se.samverkan.cases.projection.IntakeCases;
import se.samverkan.cases.projection.IntakeReports;
import se.samverkan.cases.projection.IntakeReports.Cursor;
import se.samverkan.cases.projection.IntakeReports.Row;
import se.samverkan.contracts.Agency;
import se.samverkan.contracts.vocabulary.ReporterRole;
import se.samverkan.platform.identity.Actor;
import se.samverkan.platform.identity.Role;
import se.samverkan.platform.problem.ClientProblem;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static se.samverkan.cases.access.Operation.*;

/**
 * The intake (issue 15): reports and concerns in from the police and the municipality's configured reporters, what
 * their senders may learn of them, the receiving unit's queue, and the handling of a report on its case (safety
 * assessment, assessment, forwarding). A sender is answered with the report id and nothing else about the case.
 */
@RestController
public class IntakeController {

    static final int DEFAULT_PAGE = 50;
    static final int MAX_PAGE = 200;

    private final ReportIntake intake;
    private final IntakeReports reports;
    private final IntakeQueue queue;
    private final ForwardedReports forwarded;
    private final AccessGuard guard;
    private final Idempotency idempotency;
    private final IntakeProperties reporters;
    private final CodeLists codeLists;
    private final ZoneId zone;
    private final FeedbackWithholdings withholdings;
    private final IntakeCases cases;

    public IntakeController(ReportIntake intake, IntakeReports reports, IntakeQueue queue, ForwardedReports forwarded,
                            AccessGuard guard, Idempotency idempotency, IntakeProperties reporters, CodeLists codeLists,
                            CaseServiceProperties properties, FeedbackWithholdings withholdings, IntakeCases cases) {
        this.withholdings = withholdings;
        this.cases = cases;
        this.intake = intake;
        this.reports = reports;
        this.queue = queue;
        this.forwarded = forwarded;
        this.guard = guard;
        this.idempotency = idempotency;
        this.reporters = reporters;
        this.codeLists = codeLists;
        this.zone = ZoneId.of(properties.zone());
    }

    @PostMapping("/api/intake/reports")
    @AccessOperation(SUBMIT_REPORT)
    public ResponseEntity<?> report(@AuthenticationPrincipal Actor actor, @Valid @RequestBody ReportRequest request,
                                    @RequestHeader(name = Idempotency.HEADER, required = false) String key) {
        String municipality = request.receivingMunicipality() == null ? actor.municipality() : request.receivingMunicipality();
        return idempotency.run(actor, key, "POST /api/intake/reports", request, () -> authorize(actor, municipality, request.receivingUnit()),
                reporter -> {
                    String reportId = UUID.randomUUID().toString();
                    intake.receive(new IncomingReport(reportId, municipality, request.receivingUnit(),
                            Subjects.of(request.subject()), request.summary(), reporter, request.concernTypes()), actor);
                    // the report id only: where it went (a new intake or a case already open) is none of the sender's business
                    return ResponseEntity.status(HttpStatus.ACCEPTED).body(Map.of("reportId", reportId));
                });
    }

    /**
     * The policy decides who may send where (recorded); the reporter's role is then its unit's, as the municipality
     * configured it. A concern reporter in a unit not configured is refused, and that refusal is recorded too.
     */
    private ReportSource authorize(Actor actor, String municipality, String unit) {
        AccessRequest request = AccessRequest.forUnit(actor, SUBMIT_REPORT, municipality, unit);
        guard.require(request, null, null, "Unit " + unit);
        if (actor.has(Role.POLICE_LIAISON) && actor.agency() == Agency.POLICE) {
            return new ReportSource(Agency.POLICE.name(), ReporterRole.POLICE.name(), actor.municipality(), actor.unit());
        }
        ReporterRole role = reporters.roleOf(actor.municipality(), actor.unit()).orElse(null);
        if (role == null) {
            Decision refused = Decision.forbid("your unit is not one the municipality configured to send concerns");
            guard.record(request, refused, null);
            throw ClientProblem.forbidden("reporter-not-configured", "Access refused: your unit " + actor.unit()
                    + " is not configured to send concerns through the intake; ask the municipality's social services"
                    + " to add it (samverkan.cases.intake.reporters)");
        }
        return new ReportSource(actor.agency().name(), role.name(), actor.municipality(), actor.unit());
    }

    /** The reports the caller's own unit sent, newest first, each as its sender may see it. */
    @GetMapping("/api/intake/reports/sent")
    @AccessOperation(READ_REPORT_STATUS)
    public ResponseEntity<List<ReportStatusView>> sent(@AuthenticationPrincipal Actor actor,
                                                       @RequestParam(required = false) Integer limit,
                                                       @RequestParam(required = false) String before) {
        int pageSize = pageSize(limit);
        Cursor cursor = cursor(before);
        guard.require(AccessRequest.forUnit(actor, READ_REPORT_STATUS, null, null), null, null, "Reports");
        List<List<Row>> sent = reports.sentBy(actor.agency().name(), actor.unit(), senderMunicipality(actor), pageSize, cursor);
        ResponseEntity.BodyBuilder response = ResponseEntity.ok();
        if (sent.size() == pageSize) {
            Row first = sent.getLast().getFirst();
            response.header(HttpHeaders.LINK, "<" + next(first.receivedAt() + "~" + first.reportId(), pageSize) + ">; rel=\"next\"");
        }
        return response.body(sent.stream().map(legs -> ReporterFeedback.of(legs, zone,
                withholdings.withheld(legs.getFirst().reportId()), aboutProtectedIdentity(legs))).toList());
    }

    /** One report the caller's unit sent; any other report is "not found", whether or not it exists. */
    @GetMapping("/api/intake/reports/sent/{reportId}")
    @AccessOperation(READ_REPORT_STATUS)
    public ReportStatusView sentReport(@AuthenticationPrincipal Actor actor, @PathVariable UUID reportId) {
        List<Row> legs = reports.legs(reportId);
        if (legs.isEmpty()) {
            throw guard.missing(AccessRequest.unknownCase(actor, READ_REPORT_STATUS), null, null, "Report " + reportId);
        }
        Row first = legs.getFirst();
        boolean sameAgency = first.reporterAgency().equals(actor.agency().name());
        String municipality = Agency.POLICE.name().equals(first.reporterAgency()) ? null : first.reporterMunicipality();
        AccessRequest request = AccessRequest.forUnit(actor, READ_REPORT_STATUS, municipality,
                sameAgency ? first.reporterUnit() : "(" + first.reporterAgency() + ") " + first.reporterUnit());
        // recorded with the case of the report's latest leg, so the audit log knows whose report the sender followed
        guard.require(request, legs.getLast().caseId(), null, "Report " + reportId);
        return ReporterFeedback.of(legs, zone, withholdings.withheld(reportId), aboutProtectedIdentity(legs));
    }

    /** Whether a case the report joined or opened has a protected identity now (a level raised later counts too). */
    private boolean aboutProtectedIdentity(List<Row> legs) {
        return legs.stream().map(Row::caseId).distinct()
                .anyMatch(caseId -> cases.facts(caseId).map(se.samverkan.cases.access.CaseFacts::isProtected).orElse(false));
    }

    /** The unit's intake queue: its social workers and supervisor. {@code pending=true}: not yet assessed nor forwarded. */
    @GetMapping("/api/intake/units/{unit}/queue")
    @AccessOperation(READ_INTAKE_QUEUE)
    public ResponseEntity<List<IntakeQueue.QueueItem>> queue(@AuthenticationPrincipal Actor actor, @PathVariable String unit,
                                                             @RequestParam(required = false, defaultValue = "false") boolean pending,
                                                             @RequestParam(required = false) Integer limit,
                                                             @RequestParam(required = false) String before) {
        int pageSize = pageSize(limit);
        Cursor cursor = cursor(before);
        // the unit's own municipality, never the caller's: a unit named in another municipality is not the caller's
        String municipality = codeLists.lists().units().stream()
                .filter(u -> u.agency() == Agency.SOCIAL_SERVICES && u.code().equals(unit))
                .map(CodeListProperties.Unit::municipality).findFirst().orElse(null);
        IntakeQueue.Page page = queue.list(actor, municipality, unit, pending, pageSize, cursor);
        ResponseEntity.BodyBuilder response = ResponseEntity.ok();
        if (page.next() != null) {
            response.header(HttpHeaders.LINK, "<" + next(page.next().receivedAt() + "~" + page.next().reportId(), pageSize)
                    + ">; rel=\"next\"");
        }
        return response.body(page.items());
    }

    @PostMapping("/api/cases/{caseId}/reports/{reportId}/safety-assessment")
    @AccessOperation(HANDLE_INTAKE)
    public ResponseEntity<?> safetyAssessment(CaseWrite write, @PathVariable UUID reportId,
                                              @Valid @RequestBody SafetyAssessmentRequest request) {
        return write.send(request, (file, v) -> new RecordSafetyAssessment(file.caseId(), reportId.toString(),
                request.immediateProtectionNeeded(), v, write.actor(), write.now()), Map.of("reportId", reportId));
    }

    @PostMapping("/api/cases/{caseId}/reports/{reportId}/assessment")
    @AccessOperation(HANDLE_INTAKE)
    public ResponseEntity<?> assessment(CaseWrite write, @PathVariable UUID reportId,
                                        @Valid @RequestBody AssessmentRequest request) {
        return write.send(request, (file, v) -> new AssessReport(file.caseId(), reportId.toString(),
                request.decision().status(), v, write.actor(), write.now()), Map.of("reportId", reportId));
    }

    /**
     * Forwards a misdirected report; the unit it goes to receives it at once (or, should that fail, shortly after from
     * {@link ForwardedReports}). The answer names where it went, never the case it lands in: that case is the other
     * unit's, and this unit cannot follow it.
     */
    @PostMapping("/api/cases/{caseId}/reports/{reportId}/forwarding")
    @AccessOperation(HANDLE_INTAKE)
    public ResponseEntity<?> forwarding(CaseWrite write, @PathVariable UUID reportId,
                                        @Valid @RequestBody ForwardingRequest request) {
        String[] to = new String[1];
        ResponseEntity<?> answer = write.send(request, (file, v) -> {
            to[0] = request.toMunicipality() == null ? file.municipality() : request.toMunicipality();
            // every unit the report was received at, whichever case holds it there: it goes to none of them again
            List<ForwardingRoute.Stop> earlier = reports.legs(reportId).stream()
                    .map(leg -> new ForwardingRoute.Stop(leg.municipality(), leg.unit())).toList();
            return new ForwardReport(file.caseId(), reportId.toString(), to[0], request.toUnit(), request.reasonCode(), v,
                    write.actor(), write.now(), earlier);
        }, Map.of("reportId", reportId, "forwardedToUnit", request.toUnit()));
        if (to[0] != null && answer.getStatusCode().is2xxSuccessful() && !"true".equals(answer.getHeaders().getFirst("Idempotent-Replayed"))) {
            try {
                forwarded.place(write.caseId(), reportId.toString());
            } catch (RuntimeException e) {
                // recorded on this case already; the watch places the other unit's leg
            }
        }
        return answer;
    }

    private static String senderMunicipality(Actor actor) {
        // a police unit serves several municipalities: its reports are the unit's wherever its liaisons are registered
        return actor.agency() == Agency.POLICE ? null : actor.municipality();
    }

    private static int pageSize(Integer requested) {
        if (requested == null) {
            return DEFAULT_PAGE;
        }
        if (requested < 1 || requested > MAX_PAGE) {
            throw ClientProblem.badRequest("invalid-page-size", "'limit' must be between 1 and " + MAX_PAGE + ", was " + requested);
        }
        return requested;
    }

    private static Cursor cursor(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        int tilde = text.indexOf('~');
        try {
            return new Cursor(Instant.parse(text.substring(0, tilde)), UUID.fromString(text.substring(tilde + 1)));
        } catch (RuntimeException e) {
            throw ClientProblem.badRequest("invalid-cursor",
                    "'before' must be the cursor of a previous page's Link header (<receivedAt>~<reportId>)");
        }
    }

    private static String next(String cursor, int pageSize) {
        return ServletUriComponentsBuilder.fromCurrentRequest().replaceQueryParam("before", cursor)
                .replaceQueryParam("limit", pageSize).build().encode().toUriString();
    }
}
