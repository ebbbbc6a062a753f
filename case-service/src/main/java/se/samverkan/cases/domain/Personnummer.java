package se.samverkan.cases.domain;

import se.samverkan.platform.problem.ClientProblem;

import java.time.DateTimeException;
import java.time.LocalDate;

/**
 * A Swedish personal identity number or co-ordination number (samordningsnummer: day of birth + 60), validated by
 * date and Luhn check digit. Always held in the 12-digit form without separator; never logged.
 */
public record Personnummer(String value) {

    public Personnummer {
        if (value == null || !value.matches("\\d{12}")) {
            throw invalid();
        }
        birthDate(value);
        if (!luhnValid(value.substring(2))) {
            throw ClientProblem.badRequest("invalid-personal-identity-number",
                    "The personal identity number's check digit is wrong; check the last four digits");
        }
    }

    /** Where "the day of input" is, for the century of a 10-digit number: the municipalities' own time zone. */
    private static final java.time.ZoneId SWEDEN = java.time.ZoneId.of("Europe/Stockholm");
    private static final java.util.regex.Pattern TEN_DIGITS = java.util.regex.Pattern.compile("(\\d{6})([-+])(\\d{4})");

    /**
     * Accepts YYYYMMDD-NNNN, YYYYMMDDNNNN and the samordningsnummer forms of both, and the 10-digit forms YYMMDD-NNNN
     * and YYMMDD+NNNN (today in Sweden decides the century, see {@link #parse(String, LocalDate)}).
     */
    public static Personnummer parse(String text) {
        return parse(text, LocalDate.now(SWEDEN));
    }

    /**
     * As {@link #parse(String)}, on the day {@code today}. A 10-digit number gets its century by Skatteverket's rule
     * (folkbokföringslagen 18 §): with '-' the person is under 100 on {@code today}, so the most recent year with
     * those two digits whose date is not after today; '+' is written from the year one turns 100, so the same date
     * one hundred years earlier. A 10-digit number without a sign is refused: its century cannot be told.
     */
    public static Personnummer parse(String text, LocalDate today) {
        if (text == null) {
            throw invalid();
        }
        String stripped = text.strip();
        java.util.regex.Matcher ten = TEN_DIGITS.matcher(stripped);
        if (ten.matches()) {
            return new Personnummer(withCentury(ten.group(1), ten.group(2).equals("+"), today) + ten.group(3));
        }
        String digits = stripped.replaceFirst("^(\\d{8})[-+]?(\\d{4})$", "$1$2");
        return new Personnummer(digits);
    }

    private static String withCentury(String yymmdd, boolean hundredOrOlder, LocalDate today) {
        int yy = Integer.parseInt(yymmdd.substring(0, 2));
        int month = Integer.parseInt(yymmdd.substring(2, 4));
        int day = Integer.parseInt(yymmdd.substring(4, 6));
        int birthDay = day > 60 ? day - 60 : day;
        // the latest year not after this one that ends in those two digits; a century earlier if the date is still to come
        int year = today.getYear() - Math.floorMod(today.getYear() - yy, 100);
        try {
            if (LocalDate.of(year, month, birthDay).isAfter(today)) {
                year -= 100;
            }
        } catch (DateTimeException e) {
            // no such date: the 12-digit number is refused with the reason below
        }
        if (hundredOrOlder) {
            year -= 100;
        }
        return "%04d".formatted(year) + yymmdd.substring(2);
    }

    public boolean isCoordinationNumber() {
        return Integer.parseInt(value.substring(6, 8)) > 60;
    }

    public LocalDate dateOfBirth() {
        return birthDate(value);
    }

    public boolean isMinorOn(LocalDate day) {
        return dateOfBirth().plusYears(18).isAfter(day);
    }

    /**
     * Whether the person is younger than {@code years} on {@code day}: a person turns {@code years} on the birthday
     * itself. Someone born on 29 February turns a year older on 28 February of a common year: for a provision that
     * lets data leave only below an age, the earlier reading is the one that cannot disclose too much.
     */
    public boolean isYoungerThanOn(int years, LocalDate day) {
        return dateOfBirth().plusYears(years).isAfter(day);
    }

    @Override
    public String toString() {
        // keeps the number out of logs and exception messages that print records
        return "Personnummer[****]";
    }

    private static LocalDate birthDate(String value) {
        int day = Integer.parseInt(value.substring(6, 8));
        if (day > 60) {
            day -= 60;
        }
        try {
            return LocalDate.of(Integer.parseInt(value.substring(0, 4)), Integer.parseInt(value.substring(4, 6)), day);
        } catch (DateTimeException e) {
            throw ClientProblem.badRequest("invalid-personal-identity-number",
                    "The personal identity number does not start with a valid date of birth (YYYYMMDD, or day + 60 for a co-ordination number)");
        }
    }

    static boolean luhnValid(String tenDigits) {
        int sum = 0;
        for (int i = 0; i < tenDigits.length(); i++) {
            int digit = tenDigits.charAt(i) - '0';
            if (i % 2 == 0) {
                digit *= 2;
                if (digit > 9) {
                    digit -= 9;
                }
            }
            sum += digit;
        }
        return sum % 10 == 0;
    }

    private static ClientProblem invalid() {
        return ClientProblem.badRequest("invalid-personal-identity-number",
                "A personal identity number or co-ordination number has 12 digits (YYYYMMDD-NNNN), or 10 with its sign:"
                        + " YYMMDD-NNNN (under 100 years old) or YYMMDD+NNNN (100 or older)");
    }
}
