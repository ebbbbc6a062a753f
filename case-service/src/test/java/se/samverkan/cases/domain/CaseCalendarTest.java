package se.samverkan.cases.domain;

import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.Test;
import se.samverkan.cases.domain.CaseCommand.OpenCase;
import se.samverkan.cases.domain.CaseEvent.CaseOpened;
import se.samverkan.cases.domain.CaseEvent.DeadlineScheduled;
import se.samverkan.contracts.CaseOrigin;
import se.samverkan.contracts.DeadlineKind;
import se.samverkan.contracts.Program;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static se.samverkan.cases.domain.CaseAggregateTest.*;

/** "Today" is the configured zone's day (issue 11: one today), not a constant in the aggregate. */
class CaseCalendarTest {

    /** 23:30 UTC on the last day of November is already 1 December in Stockholm. */
    static final Instant LATE_EVENING = Instant.parse("2026-11-30T23:30:00Z");

    @Test
    void theDayOfAnInstantIsTheDayInTheClocksZone() {
        assertThat(CaseCalendar.of(Clock.fixed(LATE_EVENING, ZoneId.of("Europe/Stockholm"))).dayOf(LATE_EVENING))
                .isEqualTo(LocalDate.of(2026, 12, 1));
        assertThat(CaseCalendar.of(Clock.fixed(LATE_EVENING, ZoneOffset.UTC)).dayOf(LATE_EVENING))
                .isEqualTo(LocalDate.of(2026, 11, 30));
    }

    @Test
    void theFirstFamilyContactDeadlineCountsFromTheConfiguredZonesToday() {
        expectFirstContactDue(new CaseCalendar(ZoneId.of("Europe/Stockholm")), LocalDate.of(2026, 12, 8));
        expectFirstContactDue(new CaseCalendar(ZoneOffset.UTC), LocalDate.of(2026, 12, 7));
    }

    private static void expectFirstContactDue(CaseCalendar calendar, LocalDate due) {
        var fixture = new AggregateTestFixture<>(CaseAggregate.class);
        fixture.registerInjectableResource(DEMO_STAFF);
        fixture.registerInjectableResource(calendar);
        String deadlineId = UUID.nameUUIDFromBytes((CASE + ":FIRST_FAMILY_CONTACT:" + LATE_EVENING)
                .getBytes(StandardCharsets.UTF_8)).toString();
        fixture.givenNoPriorActivity()
                .when(new OpenCase(CASE, Program.RAPID_INTERVENTION, "0136", "haninge-ungdom", SUBJECT, KIM,
                        List.of(ANNA.userId()), CaseOrigin.SOCIAL_SERVICES, 7, ANNA, LATE_EVENING))
                .expectEvents(new CaseOpened(CASE, Program.RAPID_INTERVENTION, "0136", "haninge-ungdom", SUBJECT, KIM,
                                List.of(ANNA.userId()), CaseOrigin.SOCIAL_SERVICES, Phase.INTAKE, ActedBy.of(ANNA), LATE_EVENING),
                        new DeadlineScheduled(CASE, deadlineId, DeadlineKind.FIRST_FAMILY_CONTACT, due, null, LATE_EVENING));
    }
}
