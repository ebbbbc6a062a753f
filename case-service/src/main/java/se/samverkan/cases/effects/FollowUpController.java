package se.samverkan.cases.effects;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import se.samverkan.cases.access.AccessOperation;
import se.samverkan.cases.core.CaseWrite;
import se.samverkan.cases.domain.CaseCommand.RecordFollowUpStatus;
import se.samverkan.contracts.vocabulary.SchoolWorkStatus;

import java.time.LocalDate;
import java.util.Map;
import java.util.UUID;

/**
 * The case team records the young person's school or work status at follow-up (a {@link SchoolWorkStatus} code, never
 * text): what the effect figures count "at follow-up". The first family contact and later ones are recorded at
 * {@code /family-contacts} (the deadlines feature, since the first one meets the first-contact deadline).
 */
@RestController
@RequestMapping("/api/cases")
public class FollowUpController {

    public record FollowUpStatusRequest(@NotNull SchoolWorkStatus status, @NotNull LocalDate on) {
    }

    @PostMapping("/{caseId}/follow-up-statuses")
    @AccessOperation(se.samverkan.cases.access.Operation.WRITE_CASE)
    @ResponseStatus(HttpStatus.CREATED)
    public ResponseEntity<?> recordFollowUpStatus(CaseWrite write, @Valid @RequestBody FollowUpStatusRequest request) {
        String followUpId = UUID.randomUUID().toString();
        return write.send(request, (file, v) -> new RecordFollowUpStatus(file.caseId(), followUpId, request.status(),
                request.on(), v, write.actor(), write.now()), Map.of("followUpId", followUpId));
    }
}
