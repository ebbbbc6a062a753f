package se.samverkan.cases.retention;

import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import se.samverkan.cases.access.AccessGuard;
import se.samverkan.cases.access.AccessRequest;
import se.samverkan.cases.access.AccessOperation;
import se.samverkan.platform.identity.Actor;

import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import static se.samverkan.cases.access.Operation.RETENTION_REPORT;

@RestController
@RequestMapping("/api/retention/units")
public class RetentionController {

    /**
     * {@code withheldForIntegrity}: closed cases of the unit that could not be assessed because their stored history
     * fails its authenticity check; they are not cleared until an operator has dealt with it.
     */
    public record DryRun(String municipality, String unit, LocalDate asOf, List<Retention.Item> cases,
                         List<UUID> withheldForIntegrity) {
    }

    private final Retention retention;
    private final AccessGuard guard;
    private final Clock clock;

    public RetentionController(Retention retention, AccessGuard guard, Clock clock) {
        this.retention = retention;
        this.guard = guard;
        this.clock = clock;
    }

    /** What clearing would do in the unit as of {@code asOf} (default today): due, held, or kept as research sample. */
    @GetMapping("/{unit}/dry-run")
    @AccessOperation(RETENTION_REPORT)
    public DryRun dryRun(@AuthenticationPrincipal Actor actor, @PathVariable String unit,
                         @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate asOf) {
        guard.require(AccessRequest.forUnit(actor, RETENTION_REPORT, actor.municipality(), unit), null, null,
                "Unit " + unit);
        LocalDate day = asOf == null ? LocalDate.now(clock) : asOf;
        Retention.Assessment assessment = retention.dryRun(actor.municipality(), unit, day);
        return new DryRun(actor.municipality(), unit, day, assessment.items(), assessment.withheldForIntegrity());
    }
}
