package se.samverkan.cases.deadlines;

import jakarta.validation.Valid;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.*;
import se.samverkan.cases.access.AccessOperation;
import se.samverkan.cases.core.CaseWrite;
import se.samverkan.cases.deadlines.DeadlineRequests.LulDeadlineRequest;
import se.samverkan.cases.deadlines.DeadlineRequests.MilestoneRequest;
import se.samverkan.cases.domain.CaseCommand.RecordFamilyContact;
import se.samverkan.cases.domain.CaseCommand.RecordJointPoliceMeeting;
import se.samverkan.cases.domain.CaseCommand.RecordLulDeadline;

import java.util.Map;
import java.util.UUID;

import static se.samverkan.cases.access.Operation.WRITE_CASE;

/** The milestones and deadlines of a case: first family contact, joint police meeting, LUL deadlines. */
@RestController
@RequestMapping("/api/cases")
public class DeadlineController {

    @PostMapping("/{caseId}/family-contacts")
    @AccessOperation(WRITE_CASE)
    public ResponseEntity<?> recordFamilyContact(CaseWrite write, @Valid @RequestBody MilestoneRequest request) {
        return write.send(request, (file, v) ->
                new RecordFamilyContact(file.caseId(), request.on(), v, write.actor(), write.now()), Map.of());
    }

    @PostMapping("/{caseId}/joint-police-meetings")
    @AccessOperation(WRITE_CASE)
    public ResponseEntity<?> recordJointMeeting(CaseWrite write, @Valid @RequestBody MilestoneRequest request) {
        return write.send(request, (file, v) ->
                new RecordJointPoliceMeeting(file.caseId(), request.on(), v, write.actor(), write.now()), Map.of());
    }

    @PostMapping("/{caseId}/lul-deadlines")
    @AccessOperation(WRITE_CASE)
    @ResponseStatus(HttpStatus.CREATED)
    public ResponseEntity<?> recordLulDeadline(CaseWrite write, @Valid @RequestBody LulDeadlineRequest request) {
        String deadlineId = UUID.randomUUID().toString();
        return write.send(request, (file, v) -> new RecordLulDeadline(file.caseId(), deadlineId, request.kind(),
                request.dueOn(), v, write.actor(), write.now()), Map.of("deadlineId", deadlineId));
    }
}
