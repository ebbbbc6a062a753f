package se.samverkan.cases.police;

import org.springframework.stereotype.Component;
import se.samverkan.cases.access.AccessGuard;
import se.samverkan.cases.access.AccessRequest;
import se.samverkan.cases.application.ReportIntake;
import se.samverkan.cases.application.ReportIntake.IncomingReport;
import se.samverkan.cases.core.Subjects;
import se.samverkan.cases.domain.ReportSource;
import se.samverkan.cases.police.PoliceRequests.PoliceReportRequest;
import se.samverkan.contracts.Agency;
import se.samverkan.contracts.vocabulary.ReporterRole;
import se.samverkan.platform.identity.Actor;

import java.util.Set;
import java.util.UUID;

import static se.samverkan.cases.access.Operation.SEND_POLICE_REPORT;

/**
 * A police report about a youth, through the same intake as every report (issue 15): it joins the subject's case open
 * in the receiving unit or opens an intake there ({@code application.ReportIntake}). Kept for the police's existing
 * clients; {@code POST /api/intake/reports} takes the same body with concern types required.
 */
@Component
public class PoliceReports {

    private final AccessGuard guard;
    private final ReportIntake intake;

    public PoliceReports(AccessGuard guard, ReportIntake intake) {
        this.guard = guard;
        this.intake = intake;
    }

    /** Asks the policy (recorded) whether the caller may send this report; answers the receiving municipality. */
    public String authorize(Actor actor, PoliceReportRequest request) {
        String municipality = request.receivingMunicipality() == null ? actor.municipality() : request.receivingMunicipality();
        guard.require(AccessRequest.forUnit(actor, SEND_POLICE_REPORT, municipality, request.receivingUnit()),
                null, null, "Unit " + request.receivingUnit());
        return municipality;
    }

    /** Places a report {@link #authorize} let through. */
    public UUID receive(Actor actor, PoliceReportRequest request, String municipality) {
        UUID reportId = UUID.randomUUID();
        intake.receive(new IncomingReport(reportId.toString(), municipality, request.receivingUnit(), Subjects.of(request.subject()),
                request.summary(), new ReportSource(Agency.POLICE.name(), ReporterRole.POLICE.name(), actor.municipality(),
                actor.unit()), request.concernTypes() == null ? Set.of() : request.concernTypes()), actor);
        return reportId;
    }
}
