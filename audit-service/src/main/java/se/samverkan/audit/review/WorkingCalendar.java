package se.samverkan.audit.review;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.MonthDay;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;
import java.util.Map;
import java.util.Optional;

/**
 * When a municipal office is closed: weekends, Swedish public holidays and the eves that are de facto days off
 * (midsummer, Christmas and New Year's Eve), and outside the configured working hours on other days.
 */
public final class WorkingCalendar {

    private static final Map<MonthDay, String> FIXED = Map.of(
            MonthDay.of(1, 1), "New Year's Day",
            MonthDay.of(1, 6), "Epiphany",
            MonthDay.of(5, 1), "May Day",
            MonthDay.of(6, 6), "National Day",
            MonthDay.of(12, 24), "Christmas Eve",
            MonthDay.of(12, 25), "Christmas Day",
            MonthDay.of(12, 26), "Boxing Day",
            MonthDay.of(12, 31), "New Year's Eve");

    private final ReviewProperties properties;

    public WorkingCalendar(ReviewProperties properties) {
        this.properties = properties;
    }

    /** Why the moment is outside working time, or empty during working hours. */
    public Optional<String> unusual(Instant at) {
        ZonedDateTime local = at.atZone(properties.zone());
        Optional<String> holiday = holiday(local.toLocalDate());
        if (holiday.isPresent()) {
            return Optional.of("public holiday: " + holiday.get());
        }
        DayOfWeek day = local.getDayOfWeek();
        if (day == DayOfWeek.SATURDAY || day == DayOfWeek.SUNDAY) {
            return Optional.of("weekend");
        }
        LocalTime time = local.toLocalTime();
        if (time.isBefore(properties.workdayStart()) || !time.isBefore(properties.workdayEnd())) {
            return Optional.of("outside " + properties.workdayStart() + "-" + properties.workdayEnd());
        }
        return Optional.empty();
    }

    public LocalDate localDate(Instant at) {
        return at.atZone(properties.zone()).toLocalDate();
    }

    public static Optional<String> holiday(LocalDate date) {
        String fixed = FIXED.get(MonthDay.from(date));
        if (fixed != null) {
            return Optional.of(fixed);
        }
        LocalDate easter = easterSunday(date.getYear());
        long fromEaster = date.toEpochDay() - easter.toEpochDay();
        if (fromEaster == -2) {
            return Optional.of("Good Friday");
        }
        if (fromEaster == 0) {
            return Optional.of("Easter Sunday");
        }
        if (fromEaster == 1) {
            return Optional.of("Easter Monday");
        }
        if (fromEaster == 39) {
            return Optional.of("Ascension Day");
        }
        if (fromEaster == 49) {
            return Optional.of("Whit Sunday");
        }
        // midsummer day is the Saturday between 20 and 26 June, its eve the Friday before
        LocalDate midsummer = LocalDate.of(date.getYear(), 6, 20).with(TemporalAdjusters.nextOrSame(DayOfWeek.SATURDAY));
        if (date.equals(midsummer)) {
            return Optional.of("Midsummer Day");
        }
        if (date.equals(midsummer.minusDays(1))) {
            return Optional.of("Midsummer Eve");
        }
        LocalDate allSaints = LocalDate.of(date.getYear(), 10, 31).with(TemporalAdjusters.nextOrSame(DayOfWeek.SATURDAY));
        if (date.equals(allSaints)) {
            return Optional.of("All Saints' Day");
        }
        return Optional.empty();
    }

    /** Gregorian Easter Sunday (the anonymous algorithm of Meeus, Jones and Butcher). */
    static LocalDate easterSunday(int year) {
        int a = year % 19;
        int b = year / 100;
        int c = year % 100;
        int d = b / 4;
        int e = b % 4;
        int f = (b + 8) / 25;
        int g = (b - f + 1) / 3;
        int h = (19 * a + b - d - g + 15) % 30;
        int i = c / 4;
        int k = c % 4;
        int l = (32 + 2 * e + 2 * i - h - k) % 7;
        int m = (a + 11 * h + 22 * l) / 451;
        int month = (h + l - 7 * m + 114) / 31;
        int day = (h + l - 7 * m + 114) % 31 + 1;
        return LocalDate.of(year, month, day);
    }
}
