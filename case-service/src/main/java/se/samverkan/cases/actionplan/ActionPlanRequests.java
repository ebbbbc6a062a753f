package se.samverkan.cases.actionplan;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import se.samverkan.contracts.vocabulary.CommitmentOutcome;
import se.samverkan.contracts.vocabulary.CommitmentType;
import se.samverkan.contracts.vocabulary.ParticipantRole;

import java.time.LocalDate;
import java.util.List;

import static se.samverkan.cases.core.Bounds.CODE;
import static se.samverkan.cases.core.Bounds.USER_ID;

/** Request bodies of joint action plans (issue 15), bounded like every request ({@code core.Bounds}). */
public final class ActionPlanRequests {

    static final int AGREED_TEXT = 20_000;
    static final int COMMITMENT_TEXT = 2_000;

    private ActionPlanRequests() {
    }

    /**
     * A meeting held on {@code heldOn}: its participants by role (staff with their organisation, a configured unit
     * code, and their user id if they have an account), what was agreed (free text, sealed), whether an action plan
     * was agreed, and the commitments, each naming its owner by index into {@code participants}.
     */
    public record MeetingRequest(@NotNull LocalDate heldOn,
                                 @NotEmpty @Size(max = 30) List<@NotNull @Valid ParticipantRequest> participants,
                                 @Size(max = AGREED_TEXT) String agreedText, @NotNull Boolean actionPlanAgreed,
                                 @Size(max = 50) List<@NotNull @Valid CommitmentRequest> commitments) {
        @Override
        public String toString() {
            return "MeetingRequest[" + heldOn + "]";
        }
    }

    public record ParticipantRequest(@NotNull ParticipantRole role, @Size(max = CODE) String organisation,
                                     @Size(max = USER_ID) String userId) {
    }

    public record CommitmentRequest(@NotNull @Min(0) @Max(29) Integer participant, @NotNull CommitmentType commitmentType,
                                    @Size(max = COMMITMENT_TEXT) String text, @NotNull LocalDate dueOn) {
        @Override
        public String toString() {
            return "CommitmentRequest[" + commitmentType + ", " + dueOn + "]";
        }
    }

    /** {@code on} absent: today. */
    public record FollowUpRequest(@NotNull CommitmentOutcome outcome, LocalDate on) {
    }

    public record DoneReportRequest(@Size(max = COMMITMENT_TEXT) String text) {
        @Override
        public String toString() {
            return "DoneReportRequest";
        }
    }
}
