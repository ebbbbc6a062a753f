package se.samverkan.cases.actionplan;

import jakarta.validation.Valid;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.*;
import se.samverkan.cases.access.AccessOperation;
import se.samverkan.cases.actionplan.ActionPlanRequests.FollowUpRequest;
import se.samverkan.cases.actionplan.ActionPlanRequests.MeetingRequest;
import se.samverkan.cases.config.CodeListProperties;
import se.samverkan.cases.config.CodeLists;
import se.samverkan.cases.core.CaseWrite;
import se.samverkan.cases.domain.CaseCommand.FollowUpCommitment;
import se.samverkan.cases.domain.CaseCommand.RecordCoordinationMeeting;
import se.samverkan.cases.domain.CaseCommand.RecordCoordinationMeeting.NewCommitment;
import se.samverkan.cases.domain.CaseCommand.RecordCoordinationMeeting.NewParticipant;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static se.samverkan.cases.access.Operation.WRITE_CASE;

/**
 * The case team's side of joint action plans (issue 15): a coordination meeting with its participants, what was
 * agreed and the commitments made; the follow-up of each commitment. The team reads meetings and commitments in the
 * case ({@code GET /api/cases/{caseId}}); a participant reads their own through {@link CommitmentController}.
 */
@RestController
@RequestMapping("/api/cases/{caseId}")
public class ActionPlanController {

    private final CodeLists codeLists;

    public ActionPlanController(CodeLists codeLists) {
        this.codeLists = codeLists;
    }

    @PostMapping("/coordination-meetings")
    @AccessOperation(WRITE_CASE)
    @ResponseStatus(HttpStatus.CREATED)
    public ResponseEntity<?> recordMeeting(CaseWrite write, @Valid @RequestBody MeetingRequest request) {
        String meetingId = UUID.randomUUID().toString();
        List<String> participantIds = request.participants().stream().map(p -> UUID.randomUUID().toString()).toList();
        List<String> commitmentIds = (request.commitments() == null ? List.<ActionPlanRequests.CommitmentRequest>of()
                : request.commitments()).stream().map(c -> UUID.randomUUID().toString()).toList();
        return write.send(request, (file, v) -> new RecordCoordinationMeeting(file.caseId(), meetingId, request.heldOn(),
                participants(request, participantIds), request.agreedText(), request.actionPlanAgreed(),
                commitments(request, commitmentIds), v, write.actor(), write.now()),
                Map.of("meetingId", meetingId, "participantIds", participantIds, "commitmentIds", commitmentIds));
    }

    @PostMapping("/commitments/{commitmentId}/follow-up")
    @AccessOperation(WRITE_CASE)
    public ResponseEntity<?> followUp(CaseWrite write, @PathVariable UUID commitmentId,
                                      @Valid @RequestBody FollowUpRequest request) {
        return write.send(request, (file, v) -> new FollowUpCommitment(file.caseId(), commitmentId.toString(),
                request.outcome(), request.on(), v, write.actor(), write.now()), Map.of("commitmentId", commitmentId));
    }

    /**
     * Each organisation is a configured unit (422 {@code unknown-code} otherwise); its agency and municipality are taken
     * from the configuration, so the rules compare them with the role and with a named user's directory entry. Runs
     * after the policy (inside the write), so a 422 never reveals a case the caller may not see.
     */
    private List<NewParticipant> participants(MeetingRequest request, List<String> ids) {
        List<NewParticipant> participants = new ArrayList<>();
        for (int i = 0; i < request.participants().size(); i++) {
            var p = request.participants().get(i);
            CodeListProperties.Unit unit = p.organisation() == null ? null
                    : codeLists.unit("participants[" + i + "].organisation", p.organisation());
            participants.add(new NewParticipant(ids.get(i), p.role(), unit == null ? null : unit.agency(),
                    unit == null ? null : unit.municipality(), p.organisation(), blankToNull(p.userId())));
        }
        return participants;
    }

    private static List<NewCommitment> commitments(MeetingRequest request, List<String> ids) {
        List<NewCommitment> commitments = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            var c = request.commitments().get(i);
            commitments.add(new NewCommitment(ids.get(i), c.participant(), c.commitmentType(), c.text(), c.dueOn()));
        }
        return commitments;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
