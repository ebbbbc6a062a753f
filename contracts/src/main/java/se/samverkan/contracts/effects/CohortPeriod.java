package se.samverkan.contracts.effects;

import java.time.LocalDate;
import java.time.temporal.IsoFields;

/**
 * How long a cohort period is. One length per deployment: figures of nested periods (a year and its quarters) could be
 * subtracted from each other to reveal a suppressed cell, so only one length is ever shown.
 */
public enum CohortPeriod {
    MONTH(1), QUARTER(3), HALF_YEAR(6), YEAR(12);

    private final int months;

    CohortPeriod(int months) {
        this.months = months;
    }

    public int months() {
        return months;
    }

    /** The first day of the period {@code day} falls in. */
    public LocalDate startOf(LocalDate day) {
        int monthIndex = (day.getMonthValue() - 1) / months * months;
        return LocalDate.of(day.getYear(), monthIndex + 1, 1);
    }

    /** The last day of the period starting on {@code start}. */
    public LocalDate endOf(LocalDate start) {
        return start.plusMonths(months).minusDays(1);
    }

    /** {@code 2026-07}, {@code 2026-Q3}, {@code 2026-H2}, {@code 2026}. */
    public String label(LocalDate start) {
        return switch (this) {
            case MONTH -> "%d-%02d".formatted(start.getYear(), start.getMonthValue());
            case QUARTER -> start.getYear() + "-Q" + start.get(IsoFields.QUARTER_OF_YEAR);
            case HALF_YEAR -> start.getYear() + "-H" + (start.getMonthValue() <= 6 ? 1 : 2);
            case YEAR -> String.valueOf(start.getYear());
        };
    }

    /** The start of the period a label names, or null when the label is not one of this length. */
    public LocalDate parse(String label) {
        if (label == null) {
            return null;
        }
        java.util.regex.Matcher m = switch (this) {
            case MONTH -> java.util.regex.Pattern.compile("(\\d{4})-(0[1-9]|1[0-2])").matcher(label);
            case QUARTER -> java.util.regex.Pattern.compile("(\\d{4})-Q([1-4])").matcher(label);
            case HALF_YEAR -> java.util.regex.Pattern.compile("(\\d{4})-H([12])").matcher(label);
            case YEAR -> java.util.regex.Pattern.compile("(\\d{4})").matcher(label);
        };
        if (!m.matches()) {
            return null;
        }
        int year = Integer.parseInt(m.group(1));
        int month = switch (this) {
            case MONTH -> Integer.parseInt(m.group(2));
            case QUARTER -> (Integer.parseInt(m.group(2)) - 1) * 3 + 1;
            case HALF_YEAR -> (Integer.parseInt(m.group(2)) - 1) * 6 + 1;
            case YEAR -> 1;
        };
        return LocalDate.of(year, month, 1);
    }
}
