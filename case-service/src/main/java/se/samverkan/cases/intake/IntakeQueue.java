package se.samverkan.cases.intake;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.springframework.stereotype.Component;
import se.samverkan.cases.access.AccessGuard;
import se.samverkan.cases.access.AccessLog;
import se.samverkan.cases.access.AccessRequest;
import se.samverkan.cases.access.CaseFacts;
import se.samverkan.cases.access.Decision;
import se.samverkan.cases.access.Operation;
import se.samverkan.cases.access.VisiblePage;
import se.samverkan.cases.projection.IntakeCases;
import se.samverkan.cases.projection.IntakeReports;
import se.samverkan.cases.projection.IntakeReports.Cursor;
import se.samverkan.cases.projection.IntakeReports.Row;
import se.samverkan.platform.identity.Actor;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * A unit's intake queue: every report it received, newest first, saying which joined a case already open
 * ({@code attachedToOpenCase}) and which opened one, and how far each has come against its same-day safety assessment
 * and 14-day assessment. Every row passes the policy like a case list: where the caller may list the case, the row
 * names it (and is recorded as a metadata read); otherwise the row is still the unit's work and is shown without the
 * case id, except for a protected identity's case, which the rest of the unit need not know exists.
 */
@Component
public class IntakeQueue {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record QueueItem(UUID reportId, UUID caseId, Instant receivedAt, String reporterAgency, String reporterRole,
                            String reporterUnit, List<String> concernTypes, boolean attachedToOpenCase,
                            String forwardedFromMunicipality, String forwardedFromUnit, LocalDate safetyAssessmentDueOn,
                            LocalDate safetyAssessedOn, LocalDate assessmentDueOn, String assessment, LocalDate assessedOn,
                            String forwardedToMunicipality, String forwardedToUnit, String forwardingReason,
                            LocalDate forwardedOn, String status) {
    }

    public record Page(List<QueueItem> items, Cursor next) {
    }

    private final IntakeReports reports;
    private final IntakeCases cases;
    private final AccessGuard guard;

    public IntakeQueue(IntakeReports reports, IntakeCases cases, AccessGuard guard) {
        this.reports = reports;
        this.cases = cases;
        this.guard = guard;
    }

    /**
     * A page of the queue. Rows left out (a protected identity's case the caller may not list) are skipped, so the page
     * is filled from as many rows as it takes, and the next page's cursor is the last row shown: one taken from a row
     * left out would tell the caller that such a report exists, and when it came.
     */
    public Page list(Actor actor, String municipality, String unit, boolean pendingOnly, int limit, Cursor before) {
        guard.gate(AccessRequest.forUnit(actor, Operation.READ_INTAKE_QUEUE, municipality, unit), "Unit " + unit);
        VisiblePage.Page<Shown> page = VisiblePage.fill(limit, limit + 1, before,
                (from, n) -> reports.queue(municipality, unit, pendingOnly, n, from),
                row -> new Cursor(row.receivedAt(), row.reportId()), row -> {
                    Optional<CaseFacts> facts = cases.facts(row.caseId());
                    if (facts.isEmpty()) {
                        return Optional.empty();
                    }
                    AccessRequest request = AccessRequest.onCase(actor, Operation.READ_INTAKE_QUEUE, facts.get());
                    Decision decision = guard.peek(request);
                    if (decision.allowed()) {
                        return Optional.of(new Shown(item(row, row.caseId()), new AccessLog.Access(request, decision, row.caseId())));
                    }
                    return facts.get().isProtected() ? Optional.empty() : Optional.of(new Shown(item(row, null), null));
                });
        guard.recordAll(page.shown().stream().map(Shown::access).filter(java.util.Objects::nonNull).toList());
        List<QueueItem> items = page.shown().stream().map(Shown::item).toList();
        QueueItem last = page.more() ? items.getLast() : null;
        return new Page(items, last == null ? null : new Cursor(last.receivedAt(), last.reportId()));
    }

    /** A row as the caller sees it, and the access it records (none where the row is shown without its case). */
    private record Shown(QueueItem item, AccessLog.Access access) {
    }

    private static QueueItem item(Row row, UUID caseId) {
        String status = row.forwardedOn() != null ? "FORWARDED" : row.assessment() != null ? row.assessment()
                : row.safetyAssessedOn() != null ? "SAFETY_ASSESSED" : "RECEIVED";
        return new QueueItem(row.reportId(), caseId, row.receivedAt(), row.reporterAgency(), row.reporterRole(),
                row.reporterUnit(), row.concernTypes(), row.attached(), row.forwardedFromMunicipality(),
                row.forwardedFromUnit(), row.safetyDueOn(), row.safetyAssessedOn(), row.assessmentDueOn(), row.assessment(),
                row.assessedOn(), row.forwardedToMunicipality(), row.forwardedToUnit(), row.forwardingReason(),
                row.forwardedOn(), status);
    }
}
