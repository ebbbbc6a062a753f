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

    /** Accepts YYYYMMDD-NNNN, YYYYMMDDNNNN and the samordningsnummer forms of both. */
    public static Personnummer parse(String text) {
        if (text == null) {
            throw invalid();
        }
        String digits = text.strip().replaceFirst("^(\\d{8})[-+]?(\\d{4})$", "$1$2");
        return new Personnummer(digits);
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
                "A personal identity number or co-ordination number has 12 digits: YYYYMMDD-NNNN");
    }
}
