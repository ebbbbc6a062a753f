package se.samverkan.cases.casework;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import se.samverkan.cases.core.Subjects.SubjectInput;
import se.samverkan.cases.domain.Phase;
import se.samverkan.contracts.Program;
import se.samverkan.contracts.ProtectedIdentity;

import java.time.LocalDate;
import java.util.List;

import static se.samverkan.cases.core.Bounds.CODE;
import static se.samverkan.cases.core.Bounds.TEAM;
import static se.samverkan.cases.core.Bounds.USER_ID;

/**
 * Request bodies of the work on a case. Every string and list is bounded ({@code core.Bounds}); code fields are typed
 * by their vocabulary (issue 10, item 6); units and municipalities are checked against the configured lists in
 * {@code config.CodeLists}.
 */
public final class CaseRequests {

    private CaseRequests() {
    }

    /** {@code unit} defaults to the caller's own unit; the creator joins the team. */
    public record OpenCaseRequest(@NotNull Program program, @NotNull @Valid SubjectInput subject,
                                  @Size(max = TEAM) List<@NotBlank @Size(max = USER_ID) String> team,
                                  @Size(max = CODE) String unit) {
    }

    public record AssignTeamRequest(@NotEmpty @Size(max = TEAM) List<@NotBlank @Size(max = USER_ID) String> team) {
    }

    public record NoteRequest(@NotBlank @Size(max = 20_000) String text) {
    }

    /** {@code measureType}: a code of the municipality's measures (national, or its own under one; issue 15). */
    public record MeasureRequest(@NotBlank @Size(max = CODE) String measureType, @NotNull LocalDate startDate,
                                 LocalDate endDate) {
    }

    public record PhaseChangeRequest(@NotNull Phase phase) {
    }

    public record CloseRequest(@NotBlank @Size(max = CODE) String outcome) {
    }

    public record ReopenRequest(@NotBlank @Size(max = 2_000) String reason) {
    }

    public record ProtectedIdentityRequest(@NotNull ProtectedIdentity level) {
    }
}
