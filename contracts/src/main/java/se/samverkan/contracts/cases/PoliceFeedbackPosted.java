package se.samverkan.contracts.cases;

import se.samverkan.contracts.*;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** The police posted feedback on a referral. */
@IntegrationEventType("se.samverkan.case.police-feedback-posted.v1")
public record PoliceFeedbackPosted(
        CaseRef caseRef,
        ActorRef actor,
        Instant occurredAt,
        UUID referralId,
        String policeUnit,
        UUID feedbackId) implements CaseIntegrationEvent {
}
