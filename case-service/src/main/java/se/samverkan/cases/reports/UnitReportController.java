package se.samverkan.cases.reports;

import se.samverkan.cases.config.CodeListProperties;
import se.samverkan.cases.config.CodeLists;
import se.samverkan.contracts.Agency;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import se.samverkan.cases.access.AccessGuard;
import se.samverkan.cases.access.AccessRequest;
import se.samverkan.cases.access.AccessOperation;
import se.samverkan.cases.config.CaseServiceProperties;
import se.samverkan.cases.projection.UnitTimeliness;
import se.samverkan.cases.projection.UnitTimeliness.MissedDeadline;
import se.samverkan.cases.projection.UnitTimeliness.Milestone;
import se.samverkan.cases.projection.UnitTimeliness.Spread;
import se.samverkan.platform.identity.Actor;

import java.util.List;

import static se.samverkan.cases.access.Operation.UNIT_REPORT;

/**
 * How rapid the rapid interventions of a unit are: days from intake to first family contact and to the first joint
 * meeting with the police (median and 90th percentile over the cases that reached them), and the cases past a deadline.
 */
@RestController
@RequestMapping("/api/reports/units")
public class UnitReportController {

    public record TimelinessReport(String municipality, String unit, long rapidInterventionCases,
                                   Spread intakeToFirstFamilyContact, Spread intakeToFirstJointPoliceMeeting,
                                   List<MissedDeadline> casesPastDeadline) {
    }

    private final UnitTimeliness timeliness;
    private final AccessGuard guard;
    private final CaseServiceProperties properties;
    private final CodeLists codeLists;

    public UnitReportController(UnitTimeliness timeliness, AccessGuard guard, CaseServiceProperties properties, CodeLists codeLists) {
        this.timeliness = timeliness;
        this.guard = guard;
        this.properties = properties;
        this.codeLists = codeLists;
    }

    @GetMapping("/{unit}/timeliness")
    @AccessOperation(UNIT_REPORT)
    public TimelinessReport timeliness(@AuthenticationPrincipal Actor actor, @PathVariable String unit) {
        // the unit's own municipality, never the caller's: an officer of one municipality naming another's unit is refused
        String municipality = codeLists.lists().units().stream()
                .filter(u -> u.agency() == Agency.SOCIAL_SERVICES && u.code().equals(unit))
                .map(CodeListProperties.Unit::municipality)
                .findFirst().orElse(null);
        guard.require(AccessRequest.forUnit(actor, UNIT_REPORT, municipality, unit), null, null, "Unit " + unit);
        return new TimelinessReport(municipality, unit, timeliness.rapidInterventionCases(municipality, unit),
                timeliness.daysTo(Milestone.FIRST_FAMILY_CONTACT, properties.zone(), municipality, unit),
                timeliness.daysTo(Milestone.FIRST_JOINT_POLICE_MEETING, properties.zone(), municipality, unit),
                timeliness.missedDeadlines(municipality, unit));
    }
}
