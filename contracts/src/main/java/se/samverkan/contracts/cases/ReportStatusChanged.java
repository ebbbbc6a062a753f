package se.samverkan.contracts.cases;

import se.samverkan.contracts.*;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/**
 * The status of a report changed as the unit that sent it may learn it ({@code reportStatus}, see
 * {@link se.samverkan.contracts.vocabulary.ReportStatus}): safety assessed, investigation opened, not opened or already
 * ongoing, or forwarded (then to which unit and municipality, and why). Names the reporting unit so it can be told;
 * whoever tells it must not pass on the case id.
 */
@IntegrationEventType("se.samverkan.case.report-status-changed.v1")
public record ReportStatusChanged(
        CaseRef caseRef,
        ActorRef actor,
        Instant occurredAt,
        UUID reportId,
        Agency reporterAgency,
        String reporterMunicipality,
        String reporterUnit,
        String reportStatus,
        LocalDate statusOn,
        String forwardedToMunicipality,
        String forwardedToUnit,
        String forwardingReason) implements CaseIntegrationEvent {
}
