package se.samverkan.cases.domain;

import se.samverkan.cases.domain.CaseCommand.AssignCaseTeam;
import se.samverkan.cases.domain.CaseEvent.CaseTeamAssigned;
import se.samverkan.platform.identity.Actor;
import se.samverkan.platform.problem.ClientProblem;

import java.util.LinkedHashSet;
import java.util.List;

/** Who is on the case team: never empty, and only admitted staff ({@link TeamMembershipPolicy}), wherever it is set. */
public final class Teams {

    private Teams() {
    }

    public static List<CaseEvent> decide(CaseFile file, AssignCaseTeam command, StaffDirectory staff) {
        CaseGuards.requireOpen(file);
        List<String> team = admitted(file.municipality(), file.unit(), command.team(), command.by(), staff);
        return List.of(new CaseTeamAssigned(file.caseId(), team, ActedBy.of(command.by()), command.at()));
    }

    /** The team without duplicates, in the order given, once every member is admitted. */
    static List<String> admitted(String municipality, String unit, List<String> team, Actor by, StaffDirectory staff) {
        if (team == null || team.isEmpty()) {
            throw ClientProblem.badRequest("team-required", "A case team needs at least one member");
        }
        TeamMembershipPolicy.check(municipality, unit, team, by, staff::find);
        return List.copyOf(new LinkedHashSet<>(team));
    }
}
