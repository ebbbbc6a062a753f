package se.samverkan.contracts;

import org.junit.jupiter.api.Test;
import se.samverkan.contracts.effects.CohortPeriod;
import se.samverkan.contracts.effects.EffectFiguresPublished;
import tools.jackson.databind.node.ObjectNode;

import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 15: the monthly effect figures are aggregates only; the schema refuses anything that could name a case or person. */
class EffectFiguresContractTest {

    static final String TYPE = "se.samverkan.case.effect-figures-published.v1";

    private static ObjectNode example() {
        return (ObjectNode) ContractSchemas.example(TYPE).deepCopy();
    }

    private static ObjectNode firstFigure(ObjectNode data) {
        return (ObjectNode) data.get("rows").get(0).get("figures").get(0);
    }

    @Test
    void theEventIsKeyedByMunicipalityNotByACase() {
        EffectFiguresPublished data = (EffectFiguresPublished) CloudEventCodec.data(new CloudEvent("1.0", "x",
                java.net.URI.create("/t"), TYPE, null, java.time.Instant.now(), "application/json", null, example()));
        assertThat(data.subject()).isEqualTo("effect-figures-0136");
        assertThat(EventTypes.byType(TYPE).orElseThrow().topic()).isEqualTo(Topics.CASE_EVENTS);
    }

    @Test
    void aCaseIdOrSubjectIdAnywhereViolatesTheSchema() {
        ObjectNode top = example();
        top.put("caseId", "7d3c6a10-2f4b-4c8e-9e1a-5b7d2c9f0e34");
        assertThat(ContractSchemas.violations(TYPE, top)).isNotEmpty();

        ObjectNode row = example();
        ((ObjectNode) row.get("rows").get(0)).put("subjectId", "7d3c6a10-2f4b-4c8e-9e1a-5b7d2c9f0e34");
        assertThat(ContractSchemas.violations(TYPE, row)).isNotEmpty();

        ObjectNode figure = example();
        firstFigure(figure).put("caseId", "7d3c6a10-2f4b-4c8e-9e1a-5b7d2c9f0e34");
        assertThat(ContractSchemas.violations(TYPE, figure)).isNotEmpty();
    }

    @Test
    void aSuppressedFigureMayNotCarryAValueAndAShownOneMust() {
        ObjectNode suppressedWithValue = example();
        firstFigure(suppressedWithValue).put("status", "SUPPRESSED");
        assertThat(ContractSchemas.violations(TYPE, suppressedWithValue)).as("a suppressed cell published as a number").isNotEmpty();

        ObjectNode shownWithoutValue = example();
        firstFigure(shownWithoutValue).remove("value");
        assertThat(ContractSchemas.violations(TYPE, shownWithoutValue)).isNotEmpty();
    }

    @Test
    void aNameAsTheConcernGroupViolatesTheSchema() {
        ObjectNode data = example();
        ((ObjectNode) data.get("rows").get(0)).put("concernGroup", "Kim Andersson");
        assertThat(ContractSchemas.violations(TYPE, data)).isNotEmpty();
    }

    @Test
    void periodLabelsReadBackToTheirStart() {
        LocalDate day = LocalDate.of(2026, 8, 17);
        for (CohortPeriod period : CohortPeriod.values()) {
            LocalDate start = period.startOf(day);
            assertThat(period.parse(period.label(start))).as(period.name()).isEqualTo(start);
            assertThat(period.endOf(start)).as(period.name()).isAfterOrEqualTo(day);
        }
        assertThat(CohortPeriod.QUARTER.label(LocalDate.of(2026, 7, 1))).isEqualTo("2026-Q3");
        assertThat(CohortPeriod.HALF_YEAR.label(LocalDate.of(2026, 7, 1))).isEqualTo("2026-H2");
        assertThat(CohortPeriod.QUARTER.parse("2026-Q5")).isNull();
        assertThat(CohortPeriod.QUARTER.parse("2026")).isNull();
    }
}
