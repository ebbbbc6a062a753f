package se.samverkan.cases.deadlines;

import jakarta.validation.Valid;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.*;
import se.samverkan.cases.access.AccessOperation;
import se.samverkan.cases.api.CaseCommandEndpoint;
import se.samverkan.cases.api.CaseRequests.LulDeadlineRequest;
import se.samverkan.cases.api.CaseRequests.MilestoneRequest;
import se.samverkan.cases.domain.CaseCommand.RecordFamilyContact;
import se.samverkan.cases.domain.CaseCommand.RecordJointPoliceMeeting;
import se.samverkan.cases.domain.CaseCommand.RecordLulDeadline;
import se.samverkan.cases.idempotency.Idempotency;
import se.samverkan.platform.identity.Actor;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static se.samverkan.cases.access.Operation.WRITE_CASE;

/** The milestones and deadlines of a case: first family contact, joint police meeting, LUL deadlines. */
@RestController
@RequestMapping("/api/cases")
public class DeadlineController {

    private final CaseCommandEndpoint commands;
    private final Clock clock;

    public DeadlineController(CaseCommandEndpoint commands, Clock clock) {
        this.commands = commands;
        this.clock = clock;
    }

    @PostMapping("/{caseId}/family-contacts")
    @AccessOperation(WRITE_CASE)
    public ResponseEntity<?> recordFamilyContact(@AuthenticationPrincipal Actor actor, @PathVariable UUID caseId,
                                                 @Valid @RequestBody MilestoneRequest request,
                                                 @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                                 @RequestHeader(name = Idempotency.HEADER, required = false) String key) {
        return commands.run(actor, caseId, WRITE_CASE, "family-contacts", request, key, ifMatch, (file, v) ->
                new RecordFamilyContact(file.caseId(), request.on(), v, actor, now()), Map.of());
    }

    @PostMapping("/{caseId}/joint-police-meetings")
    @AccessOperation(WRITE_CASE)
    public ResponseEntity<?> recordJointMeeting(@AuthenticationPrincipal Actor actor, @PathVariable UUID caseId,
                                                @Valid @RequestBody MilestoneRequest request,
                                                @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                                @RequestHeader(name = Idempotency.HEADER, required = false) String key) {
        return commands.run(actor, caseId, WRITE_CASE, "joint-police-meetings", request, key, ifMatch, (file, v) ->
                new RecordJointPoliceMeeting(file.caseId(), request.on(), v, actor, now()), Map.of());
    }

    @PostMapping("/{caseId}/lul-deadlines")
    @AccessOperation(WRITE_CASE)
    public ResponseEntity<?> recordLulDeadline(@AuthenticationPrincipal Actor actor, @PathVariable UUID caseId,
                                               @Valid @RequestBody LulDeadlineRequest request,
                                               @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                               @RequestHeader(name = Idempotency.HEADER, required = false) String key) {
        String deadlineId = UUID.randomUUID().toString();
        return commands.run(actor, caseId, WRITE_CASE, "lul-deadlines", request, key, ifMatch, (file, v) ->
                new RecordLulDeadline(file.caseId(), deadlineId, request.kind(), request.dueOn(), v, actor, now()),
                Map.of("deadlineId", deadlineId));
    }

    private Instant now() {
        return clock.instant();
    }
}
