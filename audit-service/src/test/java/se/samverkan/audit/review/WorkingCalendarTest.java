package se.samverkan.audit.review;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;

import static org.assertj.core.api.Assertions.assertThat;

class WorkingCalendarTest {

    private static final ZoneId STOCKHOLM = ZoneId.of("Europe/Stockholm");
    private final WorkingCalendar calendar = new WorkingCalendar(new ReviewProperties(Duration.ofHours(1), 20,
            LocalTime.of(7, 0), LocalTime.of(19, 0), STOCKHOLM, null));

    @Test
    void easterFollowsTheGregorianComputus() {
        assertThat(WorkingCalendar.easterSunday(2024)).isEqualTo(LocalDate.of(2024, 3, 31));
        assertThat(WorkingCalendar.easterSunday(2025)).isEqualTo(LocalDate.of(2025, 4, 20));
        assertThat(WorkingCalendar.easterSunday(2026)).isEqualTo(LocalDate.of(2026, 4, 5));
        assertThat(WorkingCalendar.easterSunday(2027)).isEqualTo(LocalDate.of(2027, 3, 28));
        assertThat(WorkingCalendar.easterSunday(2038)).isEqualTo(LocalDate.of(2038, 4, 25));
    }

    @Test
    void swedishHolidaysOf2026() {
        assertThat(WorkingCalendar.holiday(LocalDate.of(2026, 1, 6))).hasValue("Epiphany");
        assertThat(WorkingCalendar.holiday(LocalDate.of(2026, 4, 3))).hasValue("Good Friday");
        assertThat(WorkingCalendar.holiday(LocalDate.of(2026, 4, 6))).hasValue("Easter Monday");
        assertThat(WorkingCalendar.holiday(LocalDate.of(2026, 5, 14))).hasValue("Ascension Day");
        assertThat(WorkingCalendar.holiday(LocalDate.of(2026, 6, 6))).hasValue("National Day");
        assertThat(WorkingCalendar.holiday(LocalDate.of(2026, 6, 19))).hasValue("Midsummer Eve");
        assertThat(WorkingCalendar.holiday(LocalDate.of(2026, 6, 20))).hasValue("Midsummer Day");
        assertThat(WorkingCalendar.holiday(LocalDate.of(2026, 10, 31))).hasValue("All Saints' Day");
        assertThat(WorkingCalendar.holiday(LocalDate.of(2026, 12, 24))).hasValue("Christmas Eve");
        assertThat(WorkingCalendar.holiday(LocalDate.of(2026, 4, 7))).isEmpty();
        assertThat(WorkingCalendar.holiday(LocalDate.of(2026, 11, 25))).isEmpty();
    }

    @Test
    void workingTimeIsAWeekdayBetweenStartAndEndInStockholm() {
        assertThat(calendar.unusual(at(2026, 11, 25, 10, 0))).isEmpty();
        assertThat(calendar.unusual(at(2026, 11, 25, 7, 0))).isEmpty();
        assertThat(calendar.unusual(at(2026, 11, 25, 19, 0))).hasValue("outside 07:00-19:00");
        assertThat(calendar.unusual(at(2026, 11, 25, 6, 59))).hasValue("outside 07:00-19:00");
        assertThat(calendar.unusual(at(2026, 11, 28, 10, 0))).hasValue("weekend");
        assertThat(calendar.unusual(at(2026, 4, 3, 10, 0))).hasValue("public holiday: Good Friday");
    }

    private static java.time.Instant at(int year, int month, int day, int hour, int minute) {
        return ZonedDateTime.of(year, month, day, hour, minute, 0, 0, STOCKHOLM).toInstant();
    }
}
