package se.samverkan.cases.effects;

import org.junit.jupiter.api.Test;
import se.samverkan.cases.effects.CohortRecord.StoredFact;
import se.samverkan.contracts.Program;
import se.samverkan.contracts.effects.CohortPeriod;
import se.samverkan.contracts.effects.EffectFigure;
import se.samverkan.contracts.effects.EffectFiguresPublished.Figure;
import se.samverkan.contracts.effects.EffectFiguresPublished.Row;
import se.samverkan.contracts.effects.EffectFiguresPublished.Targets;
import se.samverkan.contracts.effects.FigureStatus;
import se.samverkan.contracts.vocabulary.SchoolWorkStatus;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 15: cohort records, the figures computed from them, and that folded aggregates give the same figures. */
class CohortFiguresTest {

    static final LocalDate Q1 = LocalDate.of(2026, 1, 1);
    static final Targets TARGETS = new Targets(7, 14);

    static StoredFact fact(FactKind kind, LocalDate on) {
        return new StoredFact(kind, on, null, Set.of(), null);
    }

    static StoredFact report(LocalDate on, String... concerns) {
        return new StoredFact(FactKind.REPORT_RECEIVED, on, EffectFactMapper.POLICE, Set.of(concerns), "r");
    }

    static StoredFact commitment(FactKind kind, String ref) {
        return new StoredFact(kind, Q1, null, Set.of(), ref);
    }

    static CohortFigures figures(LocalDate asOf) {
        return new CohortFigures(new CohortFigures.Settings(CohortPeriod.QUARTER, 5, TARGETS, asOf));
    }

    static Figure figure(Row row, EffectFigure figure) {
        return row.figures().stream().filter(f -> f.figure() == figure).findFirst().orElseThrow();
    }

    static Row row(List<Row> rows, String group) {
        return rows.stream().filter(r -> r.concernGroup().equals(group)).findFirst().orElseThrow();
    }

    @Test
    void narcoticsIsAGroupOfItsOwnWhateverElseWasReported() {
        assertThat(CohortRecord.concernGroup(Set.of("VIOLENCE", "NARCOTICS"))).isEqualTo("NARCOTICS");
        assertThat(CohortRecord.concernGroup(Set.of("VIOLENCE"))).isEqualTo("VIOLENCE");
        assertThat(CohortRecord.concernGroup(Set.of("VIOLENCE", "THEFT"))).isEqualTo("MULTIPLE");
        assertThat(CohortRecord.concernGroup(Set.of())).isEqualTo("NOT_RECORDED");
    }

    @Test
    void aCohortRecordCountsFromTheStartAndTakesTheLatestOutcomeOfEachCommitment() {
        LocalDate start = LocalDate.of(2026, 2, 10);
        CohortRecord record = CohortRecord.of(Program.RAPID_INTERVENTION, start, List.of(
                report(start, "NARCOTICS"),
                fact(FactKind.FAMILY_CONTACT, start.plusDays(5)),
                fact(FactKind.FAMILY_CONTACT, start.plusDays(2)),
                fact(FactKind.JOINT_MEETING, start.plusDays(12)),
                fact(FactKind.ACTION_PLAN_AGREED, start.plusDays(20)),
                commitment(FactKind.COMMITMENT_MADE, "c1"),
                commitment(FactKind.COMMITMENT_MADE, "c2"),
                commitment(FactKind.COMMITMENT_MADE, "c3"),
                commitment(FactKind.COMMITMENT_PARTLY_KEPT, "c1"),
                commitment(FactKind.COMMITMENT_KEPT, "c1"),
                commitment(FactKind.COMMITMENT_NOT_KEPT, "c2"),
                fact(FactKind.NEW_POLICE_REPORT, start.plusMonths(6).plusDays(1)),
                new StoredFact(FactKind.FOLLOW_UP_STATUS, start.plusMonths(3), "NEITHER_STUDYING_NOR_WORKING", Set.of(), null),
                new StoredFact(FactKind.FOLLOW_UP_STATUS, start.plusMonths(4), "STUDYING", Set.of(), null)));

        assertThat(record.concernGroup()).isEqualTo("NARCOTICS");
        assertThat(record.daysToFamilyContact()).isEqualTo(2);
        assertThat(record.daysToJointMeeting()).isEqualTo(12);
        assertThat(record.actionPlanAgreed()).isTrue();
        assertThat(record.commitmentsKept()).as("c1's latest follow-up").isEqualTo(1);
        assertThat(record.commitmentsPartlyKept()).isZero();
        assertThat(record.commitmentsNotKept()).isEqualTo(1);
        assertThat(record.newPoliceReportWithin6Months()).as("one day after six months").isFalse();
        assertThat(record.newPoliceReportWithin12Months()).isTrue();
        assertThat(record.followUpStatus()).isEqualTo("STUDYING");
        assertThat(record.cohortMonth()).isEqualTo(LocalDate.of(2026, 2, 1));
    }

    /** n people of Q1 2026 with the given days to first family contact (null: none), no report concern types. */
    static List<CohortRecord> contacts(Integer... days) {
        List<CohortRecord> records = new ArrayList<>();
        for (Integer d : days) {
            List<StoredFact> facts = d == null ? List.of() : List.of(fact(FactKind.FAMILY_CONTACT, Q1.plusDays(d)));
            records.add(CohortRecord.of(Program.RAPID_INTERVENTION, Q1, facts));
        }
        return records;
    }

    @Test
    void theMedianIsExactAndTheShareWithinTargetCountsEveryoneOfTheCohort() {
        CohortHistograms h = new CohortHistograms();
        contacts(1, 2, 3, 4, 6, 10, 30, 40, null, null).forEach(h::add);
        List<Row> rows = figures(LocalDate.of(2027, 6, 1)).rows(h, List.of(Program.RAPID_INTERVENTION), List.of(Q1));

        Row all = row(rows, CohortFigures.ALL);
        assertThat(all.period()).isEqualTo("2026-Q1");
        assertThat(figure(all, EffectFigure.PEOPLE).value()).isEqualByComparingTo("10");
        assertThat(figure(all, EffectFigure.FAMILY_CONTACT_MEDIAN_DAYS).value()).as("1 2 3 4 | 6 10 30 40").isEqualByComparingTo("5");
        assertThat(figure(all, EffectFigure.FAMILY_CONTACT_WITHIN_TARGET_SHARE).value()).as("5 of 10 within 7 days")
                .isEqualByComparingTo("50");
        assertThat(figure(all, EffectFigure.JOINT_MEETING_MEDIAN_DAYS).status()).isEqualTo(FigureStatus.NOT_APPLICABLE);
        assertThat(figure(all, EffectFigure.ACTION_PLAN_AGREED_SHARE).value()).isEqualByComparingTo("0");
        assertThat(figure(all, EffectFigure.COMMITMENTS_KEPT_SHARE).status()).isEqualTo(FigureStatus.NOT_APPLICABLE);
        assertThat(row(rows, "NOT_RECORDED").figures()).as("the only group is the total").isEqualTo(all.figures());
    }

    @Test
    void aSuppressedFigureHasNoValueNeverAZero() {
        CohortHistograms h = new CohortHistograms();
        contacts(1, 2, 3, 40, 41, 42, 43).forEach(h::add);
        List<Row> rows = figures(LocalDate.of(2027, 6, 1)).rows(h, List.of(Program.RAPID_INTERVENTION), List.of(Q1));
        Figure within = figure(row(rows, CohortFigures.ALL), EffectFigure.FAMILY_CONTACT_WITHIN_TARGET_SHARE);
        assertThat(within.status()).as("3 within, 4 not").isEqualTo(FigureStatus.SUPPRESSED);
        assertThat(within.value()).isNull();
        assertThat(figure(row(rows, CohortFigures.ALL), EffectFigure.FAMILY_CONTACT_MEDIAN_DAYS).value()).isEqualByComparingTo("40");
    }

    @Test
    void newPoliceReportsAreMeasuredOnlyOnceEveryCaseOfThePeriodHadItsWholeWindow() {
        CohortHistograms h = new CohortHistograms();
        for (int i = 0; i < 6; i++) {
            LocalDate start = Q1.plusDays(i * 10L);
            h.add(CohortRecord.of(Program.RAPID_INTERVENTION, start, i < 5 ? List.of() : List.of(fact(FactKind.NEW_POLICE_REPORT, start.plusMonths(2)))));
        }
        LocalDate end = LocalDate.of(2026, 3, 31);
        Row early = row(figures(end.plusMonths(6)).rows(h, List.of(Program.RAPID_INTERVENTION), List.of(Q1)), CohortFigures.ALL);
        assertThat(figure(early, EffectFigure.NEW_POLICE_REPORT_6_MONTHS_SHARE).status()).isEqualTo(FigureStatus.NOT_YET_MEASURABLE);
        Row later = row(figures(end.plusMonths(6).plusDays(1)).rows(h, List.of(Program.RAPID_INTERVENTION), List.of(Q1)), CohortFigures.ALL);
        assertThat(figure(later, EffectFigure.NEW_POLICE_REPORT_6_MONTHS_SHARE).status()).as("1 of 6").isEqualTo(FigureStatus.SUPPRESSED);
        assertThat(figure(later, EffectFigure.NEW_POLICE_REPORT_12_MONTHS_SHARE).status()).isEqualTo(FigureStatus.NOT_YET_MEASURABLE);
    }

    @Test
    void theFollowUpDistributionIsShownWholeOrNotAtAll() {
        CohortHistograms h = new CohortHistograms();
        for (int i = 0; i < 10; i++) {
            String status = i < 5 ? "STUDYING" : i < 9 ? "WORKING" : null;
            h.add(CohortRecord.of(Program.RAPID_INTERVENTION, Q1, status == null ? List.of()
                    : List.of(new StoredFact(FactKind.FOLLOW_UP_STATUS, Q1.plusMonths(1), status, Set.of(), null))));
        }
        Row all = row(figures(LocalDate.of(2027, 6, 1)).rows(h, List.of(Program.RAPID_INTERVENTION), List.of(Q1)), CohortFigures.ALL);
        List<Figure> distribution = all.figures().stream().filter(f -> f.figure() == EffectFigure.FOLLOW_UP_STATUS_SHARE).toList();
        assertThat(distribution).hasSize(SchoolWorkStatus.values().length)
                .as("4 working would be a small cell, and the rest would give it away").allMatch(f -> f.status() == FigureStatus.SUPPRESSED);
        assertThat(figure(all, EffectFigure.FOLLOW_UP_RECORDED_SHARE).status()).as("9 of 10: one without").isEqualTo(FigureStatus.SUPPRESSED);
    }

    @Test
    void foldedAggregatesGiveExactlyTheFiguresOfTheFactsTheyCameFrom() {
        List<CohortRecord> records = new ArrayList<>();
        for (int i = 0; i < 23; i++) {
            LocalDate start = Q1.plusDays(i * 3L);
            List<StoredFact> facts = new ArrayList<>(List.of(report(start, i % 4 == 0 ? "NARCOTICS" : "VIOLENCE")));
            if (i % 3 != 0) {
                facts.add(fact(FactKind.FAMILY_CONTACT, start.plusDays(i % 9)));
            }
            if (i % 2 == 0) {
                facts.add(fact(FactKind.JOINT_MEETING, start.plusDays(i)));
                facts.add(fact(FactKind.ACTION_PLAN_AGREED, start.plusDays(i)));
                facts.add(commitment(FactKind.COMMITMENT_MADE, "c" + i));
                facts.add(commitment(i % 4 == 0 ? FactKind.COMMITMENT_KEPT : FactKind.COMMITMENT_NOT_KEPT, "c" + i));
            }
            if (i % 5 == 0) {
                facts.add(fact(FactKind.NEW_POLICE_REPORT, start.plusMonths(3)));
            }
            facts.add(new StoredFact(FactKind.FOLLOW_UP_STATUS, start.plusMonths(2), i % 2 == 0 ? "STUDYING" : "WORKING", Set.of(), null));
            records.add(CohortRecord.of(i % 7 == 0 ? Program.EXIT_PROGRAM : Program.RAPID_INTERVENTION, start, facts));
        }
        CohortHistograms live = new CohortHistograms();
        records.forEach(live::add);
        CohortHistograms mixed = new CohortHistograms();
        for (int i = 0; i < records.size(); i++) {
            CohortRecord record = records.get(i);
            if (i % 2 == 0) {
                // folded as EffectFacts folds it: one person per measure and value, in the record's cohort month
                CohortHistograms.Cell cell = new CohortHistograms.Cell(record.program(), record.cohortMonth(), record.concernGroup());
                record.values().forEach((measure, value) -> mixed.add(cell, measure, value, 1));
            } else {
                mixed.add(record);
            }
        }
        CohortFigures figures = figures(LocalDate.of(2027, 6, 1));
        List<Program> programs = List.of(Program.values());
        assertThat(figures.rows(mixed, programs, List.of(Q1))).isEqualTo(figures.rows(live, programs, List.of(Q1)));
        assertThat(figures.rows(live, programs, List.of(Q1))).anySatisfy(r -> assertThat(r.figures())
                .anySatisfy(f -> assertThat(f.status()).isEqualTo(FigureStatus.SHOWN)));
    }

    @Test
    void percentagesRoundHalfUpAndMediansOfTwoMiddlesAreHalfway() {
        assertThat(CohortFigures.percent(1, 8)).isEqualByComparingTo("13");
        assertThat(CohortFigures.percent(0, 0)).isNull();
        assertThat(CohortFigures.median(List.of(new int[]{2, 1}, new int[]{5, 1}), 2)).isEqualTo(new BigDecimal("3.5"));
        assertThat(CohortFigures.median(List.of(new int[]{2, 2}, new int[]{5, 1}), 3)).isEqualTo(BigDecimal.valueOf(2));
    }
}
