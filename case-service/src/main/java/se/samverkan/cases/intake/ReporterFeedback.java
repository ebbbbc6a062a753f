package se.samverkan.cases.intake;

import com.fasterxml.jackson.annotation.JsonInclude;
import se.samverkan.cases.projection.IntakeReports.Row;
import se.samverkan.contracts.vocabulary.ForwardingReason;
import se.samverkan.contracts.vocabulary.ReportStatus;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * What the unit that sent a report may learn of it, and nothing more (issue 15, "Feedback to the reporter"). SoL 14
 * kap. 1 b § lets social services tell the reporter whether an investigation was opened, will not be opened or is
 * already ongoing; the steps of the intake that carry no case content (received, where and when; the same-day safety
 * assessment done, not its result; forwarded, to which unit and why) are told too, so the sender knows where its
 * report is and when the answer is due. Never told: the case id, the subject, any summary, the safety assessment's
 * result, or that the report joined a case already open. That last one would say that someone had reported the
 * young person before; the statute's "already ongoing" is given only when the case is under investigation, and a
 * report that joined a case still being assessed reads exactly like one that opened a case, until the assessment ends.
 * <p>
 * About a young person with a protected identity the sender learns that the report was forwarded and when, never to
 * which municipality or unit nor why: "resides in another municipality" and the unit that took it are where the young
 * person now lives, which is what the protection hides (also from a police unit or a school that reported).
 */
public final class ReporterFeedback {

    private ReporterFeedback() {
    }

    /** One step of a report's way, as its sender sees it; {@code municipality}/{@code unit} name the unit of the step. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Step(ReportStatus status, String label, LocalDate on, String municipality, String unit,
                       ForwardingReason reason) {
    }

    /**
     * A report as its sender sees it: the current {@code status} (with {@code statusOn}), every step so far, the unit
     * that has it now and, while it waits for an answer, the day the answer is due ({@code answerDueOn}).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ReportStatusView(UUID reportId, LocalDate sentOn, List<String> concernTypes, ReportStatus status,
                                   String statusLabel, LocalDate statusOn, String withMunicipality, String withUnit,
                                   LocalDate answerDueOn, List<Step> steps) {
    }

    /**
     * A report whose feedback a unit decided is not appropriate (SoL 14 kap. 1 b §) reads as received where it was
     * sent, with the answer due as for any report received: exactly what any report looks like on its first day, so
     * the decision itself is not told either.
     */
    public static ReportStatusView of(List<Row> legs, java.time.ZoneId zone, boolean withheld, boolean protectedIdentity) {
        if (!withheld) {
            return of(legs, zone, protectedIdentity);
        }
        Row first = legs.getFirst();
        LocalDate on = first.receivedAt().atZone(zone).toLocalDate();
        Step received = step(ReportStatus.RECEIVED, on, first.municipality(), first.unit(), null);
        return new ReportStatusView(first.reportId(), on, first.concernTypes(), received.status(), received.label(), on,
                first.municipality(), first.unit(), first.assessmentDueOn(), List.of(received));
    }

    /** {@code legs}: the report in each unit it passed, oldest first (at least one). */
    static ReportStatusView of(List<Row> legs, java.time.ZoneId zone, boolean protectedIdentity) {
        List<Step> steps = new ArrayList<>();
        for (Row leg : legs) {
            // the unit it was sent to is the sender's own knowledge; where it went from there is not, for a protected identity
            boolean told = !protectedIdentity || leg == legs.getFirst();
            steps.add(step(ReportStatus.RECEIVED, leg.receivedAt().atZone(zone).toLocalDate(), told ? leg.municipality() : null,
                    told ? leg.unit() : null, null));
            if (leg.safetyAssessedOn() != null) {
                steps.add(step(ReportStatus.SAFETY_ASSESSED, leg.safetyAssessedOn(), null, null, null));
            }
            if (leg.assessment() != null) {
                steps.add(step(ReportStatus.valueOf(leg.assessment()), leg.assessedOn(), null, null, null));
            }
            if (leg.forwardedOn() != null) {
                steps.add(protectedIdentity ? step(ReportStatus.FORWARDED, leg.forwardedOn(), null, null, null)
                        : step(ReportStatus.FORWARDED, leg.forwardedOn(), leg.forwardedToMunicipality(), leg.forwardedToUnit(),
                        ForwardingReason.valueOf(leg.forwardingReason())));
            }
        }
        Row current = legs.getLast();
        Step now = current.forwardedOn() != null ? last(steps, ReportStatus.FORWARDED)
                : current.assessment() != null ? last(steps, ReportStatus.valueOf(current.assessment()))
                : steps.getLast().status() == ReportStatus.SAFETY_ASSESSED ? steps.getLast()
                : last(steps, ReportStatus.RECEIVED);
        LocalDate answerDueOn = current.pending() ? current.assessmentDueOn() : null;
        boolean whereTold = !protectedIdentity || legs.size() == 1 && current.forwardedOn() == null;
        return new ReportStatusView(current.reportId(), legs.getFirst().receivedAt().atZone(zone).toLocalDate(),
                legs.getFirst().concernTypes(), now.status(), now.label(), now.on(), whereTold ? current.municipality() : null,
                whereTold ? current.unit() : null, answerDueOn, List.copyOf(steps));
    }

    private static Step step(ReportStatus status, LocalDate on, String municipality, String unit, ForwardingReason reason) {
        return new Step(status, status.label(), on, municipality, unit, reason);
    }

    private static Step last(List<Step> steps, ReportStatus status) {
        return steps.reversed().stream().filter(s -> s.status() == status).findFirst().orElseThrow();
    }
}
