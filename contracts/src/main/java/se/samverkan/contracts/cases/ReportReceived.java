package se.samverkan.contracts.cases;

import se.samverkan.contracts.*;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * A report or concern about a young person was received by a social-services unit: it opened a new intake case
 * ({@code attached} false) or joined the subject's case already open in that unit ({@code attached} true). A report
 * another unit forwarded names that unit ({@code forwardedFromMunicipality}, {@code forwardedFromUnit}). Its
 * skyddsbedömning is due the same day; its förhandsbedömning 14 days after receipt ({@code assessmentDueOn}, absent
 * when the case is already under investigation). Codes, ids and dates only: never the summary or the subject.
 */
@IntegrationEventType("se.samverkan.case.report-received.v1")
public record ReportReceived(
        CaseRef caseRef,
        ActorRef actor,
        Instant occurredAt,
        UUID reportId,
        Agency reporterAgency,
        String reporterRole,
        String reporterMunicipality,
        String reporterUnit,
        List<String> concernTypes,
        boolean attached,
        String forwardedFromMunicipality,
        String forwardedFromUnit,
        LocalDate safetyAssessmentDueOn,
        LocalDate assessmentDueOn) implements CaseIntegrationEvent {
}
