package se.samverkan.cases.domain;

import se.samverkan.cases.domain.CaseCommand.RecordFollowUpStatus;
import se.samverkan.cases.domain.CaseEvent.FollowUpStatusRecorded;
import se.samverkan.platform.problem.ClientProblem;

import java.util.List;

/**
 * The follow-up of a case (issue 15): what the young person's school or work situation is when the team follows the
 * case up. It is what the steering group's figures count "at follow-up", so it is recorded only once the case is in
 * its follow-up phase, for a day that has come and that lies within the case.
 */
public final class FollowUps {

    private FollowUps() {
    }

    public static List<CaseEvent> decide(CaseFile file, RecordFollowUpStatus command, CaseCalendar calendar) {
        CaseGuards.requireOpen(file);
        if (file.phase() != Phase.FOLLOW_UP) {
            throw ClientProblem.ruleViolation("not-in-follow-up", "The school or work status at follow-up is recorded in the "
                    + "FOLLOW_UP phase; the case is in " + file.phase() + ". Move it to FOLLOW_UP first");
        }
        MilestoneDates.requireWithinCase(file, command.on(), calendar, command.at(), "follow-up");
        return List.of(new FollowUpStatusRecorded(file.caseId(), command.followUpId(), command.status().name(), command.on(),
                ActedBy.of(command.by()), command.at()));
    }

    /** The latest status by date (the later recording of the same day wins), or null when none was recorded. */
    public static CaseFile.FollowUp latest(List<CaseFile.FollowUp> followUps) {
        CaseFile.FollowUp latest = null;
        for (CaseFile.FollowUp followUp : followUps) {
            if (latest == null || !followUp.on().isBefore(latest.on())) {
                latest = followUp;
            }
        }
        return latest;
    }
}
