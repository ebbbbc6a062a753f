package se.samverkan.cases.police;

import org.springframework.stereotype.Component;
import se.samverkan.cases.access.AccessGuard;
import se.samverkan.cases.access.AccessRequest;
import se.samverkan.cases.police.PoliceRequests.PoliceReportRequest;
import se.samverkan.cases.core.Subjects;
import se.samverkan.cases.application.CaseWrites;
import se.samverkan.cases.config.CaseServiceProperties;
import se.samverkan.cases.domain.CaseCommand.ReceivePoliceReport;
import se.samverkan.cases.domain.CaseId;
import se.samverkan.cases.domain.Subject;
import se.samverkan.cases.domain.SubjectPseudonyms;
import se.samverkan.platform.identity.Actor;

import java.time.Clock;
import java.util.UUID;

import static se.samverkan.cases.access.Operation.SEND_POLICE_REPORT;

/** A police report about a youth opens an intake case at the receiving social services unit. */
@Component
public class PoliceReports {

    private final AccessGuard guard;
    private final CaseWrites writes;
    private final SubjectPseudonyms pseudonyms;
    private final Clock clock;
    private final CaseServiceProperties properties;

    public PoliceReports(AccessGuard guard, CaseWrites writes, SubjectPseudonyms pseudonyms, Clock clock,
                         CaseServiceProperties properties) {
        this.properties = properties;
        this.guard = guard;
        this.writes = writes;
        this.pseudonyms = pseudonyms;
        this.clock = clock;
    }

    /** Asks the policy (recorded) whether the caller may send this report; answers the receiving municipality. */
    public String authorize(Actor actor, PoliceReportRequest request) {
        String municipality = request.receivingMunicipality() == null ? actor.municipality() : request.receivingMunicipality();
        guard.require(AccessRequest.forUnit(actor, SEND_POLICE_REPORT, municipality, request.receivingUnit()),
                null, null, "Unit " + request.receivingUnit());
        return municipality;
    }

    /** Opens the intake for a report {@link #authorize} let through. */
    public UUID receive(Actor actor, PoliceReportRequest request, String municipality) {
        Subject subject = Subjects.of(request.subject());
        UUID reportId = UUID.randomUUID();
        writes.send(new ReceivePoliceReport(CaseId.random(), reportId.toString(), municipality, request.receivingUnit(),
                pseudonyms.subjectId(municipality, subject.personnummer()), subject, request.summary(), properties.firstFamilyContactDays(), actor, clock.instant()));
        return reportId;
    }
}
