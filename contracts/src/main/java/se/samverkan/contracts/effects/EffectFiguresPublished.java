package se.samverkan.contracts.effects;

import se.samverkan.contracts.EventFamily;
import se.samverkan.contracts.IntegrationEvent;
import se.samverkan.contracts.IntegrationEventType;
import se.samverkan.contracts.Program;
import se.samverkan.contracts.vocabulary.SchoolWorkStatus;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * A municipality's effect figures for its steering group (issue 15), published once a month: per program, cohort
 * period and concern group, aggregates only. No case id, no subject id, no person: a row is a group of people (at
 * least the suppression threshold, or the figure says {@code SUPPRESSED} and has no value). Only complete periods are
 * published, and only one period length.
 *
 * @param month the calendar month this publication is for ({@code yyyy-MM}); figures are as of {@code asOf}, the first
 *              day after it
 */
@IntegrationEventType("se.samverkan.case.effect-figures-published.v1")
public record EffectFiguresPublished(
        UUID publicationId,
        String municipality,
        String month,
        LocalDate asOf,
        CohortPeriod periodLength,
        int suppressionThreshold,
        Targets targets,
        List<Row> rows,
        Instant issuedAt) implements IntegrationEvent {

    /** The targets the within-target shares are measured against, in days from the cohort case's start. */
    public record Targets(int familyContactDays, int jointMeetingDays) {
    }

    /** {@code concernGroup}: {@code ALL}, {@code NARCOTICS}, a concern type code, {@code MULTIPLE} or {@code NOT_RECORDED}. */
    public record Row(Program program, String period, LocalDate periodStart, LocalDate periodEnd, String concernGroup,
                      List<Figure> figures) {
        public Row {
            figures = figures == null ? List.of() : List.copyOf(figures);
        }
    }

    /** {@code schoolWorkStatus} only for {@code FOLLOW_UP_STATUS_SHARE}; {@code value} only when {@code SHOWN}. */
    public record Figure(EffectFigure figure, SchoolWorkStatus schoolWorkStatus, BigDecimal value, FigureStatus status) {
    }

    public EffectFiguresPublished {
        rows = rows == null ? List.of() : List.copyOf(rows);
    }

    /** All publications of a municipality share a key, so they arrive in order. */
    @Override
    public String subject() {
        return "effect-figures-" + municipality;
    }

    @Override
    public EventFamily family() {
        return new EventFamily.Effects(this);
    }
}
