package se.samverkan.contracts.cases;

import se.samverkan.contracts.*;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/**
 * The status of a report changed as the unit that sent it may learn it ({@code reportStatus}, see
 * {@link se.samverkan.contracts.vocabulary.ReportStatus}): safety assessed, investigation opened, not opened or already
 * ongoing, or forwarded (then to which unit and municipality, and why). Names the reporting unit so it can be told;
 * whoever tells it must not pass on the case id. {@code feedbackWithheld} true: the case's team decided that telling the
 * reporter is not appropriate in this case (SoL 14 kap. 1 b §, "om det inte är olämpligt"): nobody tells the reporter;
 * absent or false otherwise.
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
        String forwardingReason,
        Boolean feedbackWithheld) implements CaseIntegrationEvent {

    public ReportStatusChanged(CaseRef caseRef, ActorRef actor, Instant occurredAt, UUID reportId, Agency reporterAgency,
                               String reporterMunicipality, String reporterUnit, String reportStatus, LocalDate statusOn,
                               String forwardedToMunicipality, String forwardedToUnit, String forwardingReason) {
        this(caseRef, actor, occurredAt, reportId, reporterAgency, reporterMunicipality, reporterUnit, reportStatus, statusOn,
                forwardedToMunicipality, forwardedToUnit, forwardingReason, null);
    }

    /** The same change, marked as one the reporter is not told of. */
    public ReportStatusChanged withheld() {
        return new ReportStatusChanged(caseRef, actor, occurredAt, reportId, reporterAgency, reporterMunicipality, reporterUnit,
                reportStatus, statusOn, forwardedToMunicipality, forwardedToUnit, forwardingReason, Boolean.TRUE);
    }
}
