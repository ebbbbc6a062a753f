package se.samverkan.cases.actionplan;

import com.fasterxml.jackson.annotation.JsonInclude;
import se.samverkan.cases.access.Decision;
import se.samverkan.cases.access.FieldGroup;
import se.samverkan.cases.domain.Commitment;
import se.samverkan.cases.domain.CoordinationMeeting;
import se.samverkan.cases.domain.RetainedView;
import se.samverkan.cases.domain.Subject;
import se.samverkan.contracts.vocabulary.CommitmentType;
import se.samverkan.contracts.vocabulary.Vocabularies;

import java.time.LocalDate;
import java.util.Set;
import java.util.UUID;

/**
 * A commitment as its owner may see it (issue 15): the commitment itself, the day of the meeting, what the meeting
 * agreed only with {@link FieldGroup#MEETING_AGREEMENT}, who the young person is only with {@link FieldGroup#IDENTITY}.
 * Never the case id, the address or anything else of the case: a participant learns no more than the consent says.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CommitmentView(UUID commitmentId, String commitmentType, String commitmentTypeLabel, String text,
                             LocalDate dueOn, String status, String participantRole, String organisation,
                             LocalDate reportedDoneOn, String followUpOutcome, LocalDate followedUpOn,
                             MeetingView meeting, SubjectView subject, AccessView access) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record MeetingView(LocalDate heldOn, Boolean actionPlanAgreed, String agreedText) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SubjectView(String name, String personalIdentityNumber, Boolean erased) {
    }

    public record AccessView(String ground, Set<FieldGroup> fieldGroups) {
    }

    static CommitmentView of(RetainedView retained, Commitment stored, Decision decision) {
        Commitment c = retained.commitment(stored.commitmentId()).orElse(stored.withoutText());
        CoordinationMeeting meeting = retained.meeting(c.meetingId()).orElse(null);
        MeetingView meetingView = meeting == null ? null : decision.shows(FieldGroup.MEETING_AGREEMENT)
                ? new MeetingView(meeting.heldOn(), meeting.actionPlanAgreed(), meeting.agreedText())
                : new MeetingView(meeting.heldOn(), null, null);
        SubjectView subject = null;
        if (decision.shows(FieldGroup.IDENTITY)) {
            Subject s = retained.subject().orElse(null);
            subject = s == null ? new SubjectView(null, null, true) : new SubjectView(s.name(), s.personalIdentityNumber(), null);
        }
        return new CommitmentView(UUID.fromString(c.commitmentId()), c.commitmentType(), label(c.commitmentType()),
                c.text(), c.dueOn(), c.status().name(), c.participantRole(), c.ownerOrganisation(), c.reportedDoneOn(),
                c.outcome(), c.followedUpOn(), meetingView, subject, new AccessView(decision.ground(), decision.fieldGroups()));
    }

    private static String label(String code) {
        return Vocabularies.isCode(CommitmentType.class, code) ? CommitmentType.valueOf(code).label() : null;
    }
}
