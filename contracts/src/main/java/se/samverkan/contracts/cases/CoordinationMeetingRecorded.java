package se.samverkan.contracts.cases;

import se.samverkan.contracts.*;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * A joint coordination meeting (UNGSAM-style samordning) on a case was recorded: when it was held, who took part by
 * role and organisation (a configured unit code; the user id of staff with an account) and whether an action plan was
 * agreed. What was agreed is free text about the person and stays sealed in case-service; the commitments follow as
 * {@code commitment-made} events.
 */
@IntegrationEventType("se.samverkan.case.coordination-meeting-recorded.v1")
public record CoordinationMeetingRecorded(
        CaseRef caseRef,
        ActorRef actor,
        Instant occurredAt,
        UUID meetingId,
        LocalDate heldOn,
        boolean actionPlanAgreed,
        List<Participant> participants) implements CaseIntegrationEvent {

    /** {@code agency}, {@code organisation} and {@code userId} are absent for guardians and the youth. */
    public record Participant(UUID participantId, String role, Agency agency, String organisation, String userId) {
    }
}
