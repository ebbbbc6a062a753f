package se.samverkan.cases.support;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;

/**
 * Valid personal identity numbers (and co-ordination numbers, day + 60) for a given date of birth, with the Luhn
 * check digit computed, so a test can make a subject of exactly the age it needs on the day it needs.
 */
public final class TestPersonnummer {

    private TestPersonnummer() {
    }

    /** YYYYMMDD-NNNN, birth number 123 (odd: a man; irrelevant to every rule here). */
    public static String bornOn(LocalDate birth) {
        return of(birth, false);
    }

    public static String coordinationNumberBornOn(LocalDate birth) {
        return of(birth, true);
    }

    private static String of(LocalDate birth, boolean coordination) {
        String date = birth.format(DateTimeFormatter.BASIC_ISO_DATE);
        if (coordination) {
            date = date.substring(0, 6) + String.format("%02d", birth.getDayOfMonth() + 60);
        }
        String nine = date.substring(2) + "123";
        return date + "-123" + checkDigit(nine);
    }

    private static int checkDigit(String nineDigits) {
        int sum = 0;
        for (int i = 0; i < nineDigits.length(); i++) {
            int digit = (nineDigits.charAt(i) - '0') * (i % 2 == 0 ? 2 : 1);
            sum += digit > 9 ? digit - 9 : digit;
        }
        return (10 - sum % 10) % 10;
    }
}
