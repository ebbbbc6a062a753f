package se.samverkan.platform.test;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Valid Swedish personal identity numbers ({@code yyyyMMdd-nnnc}, Luhn check digit computed) for tests: of a given date
 * of birth (so a subject has exactly the age a rule needs), co-ordination numbers (day + 60), and fresh ones no other
 * call of this JVM gave (a report about the tests' common subject would join whichever of its cases is open).
 */
public final class TestPersonnummer {

    private static final DateTimeFormatter YYMMDD = DateTimeFormatter.ofPattern("yyMMdd");
    private static final AtomicInteger NEXT = new AtomicInteger((int) (System.nanoTime() % 900));

    private TestPersonnummer() {
    }

    /** Born on that day, birth number 123 (odd: a man; irrelevant to every rule tested). */
    public static String bornOn(LocalDate birth) {
        return bornOn(birth, 123);
    }

    /** Born on that day with the given three-digit birth number (0-999). */
    public static String bornOn(LocalDate birth, int serial) {
        return withCheckDigit(birth.format(DateTimeFormatter.BASIC_ISO_DATE), "%03d".formatted(serial));
    }

    /** Born on that day with a random birth number: another person than the test's others, most likely. */
    public static String anyBornOn(LocalDate birth) {
        return bornOn(birth, ThreadLocalRandom.current().nextInt(0, 1000));
    }

    /** A co-ordination number (samordningsnummer): the day of birth plus 60, birth number 123. */
    public static String coordinationNumberBornOn(LocalDate birth) {
        String date = birth.format(DateTimeFormatter.BASIC_ISO_DATE);
        return withCheckDigit(date.substring(0, 6) + "%02d".formatted(birth.getDayOfMonth() + 60), "123");
    }

    /** A youth born in 2011 with a birth number no earlier call of this JVM gave. */
    public static String fresh() {
        int n = NEXT.incrementAndGet();
        return bornOn(LocalDate.of(2011, 1, 1).plusDays(n / 900 % 365), 100 + n % 900);
    }

    private static String withCheckDigit(String yyyyMMdd, String serial) {
        String nine = yyyyMMdd.substring(2) + serial;
        int sum = 0;
        for (int i = 0; i < nine.length(); i++) {
            int digit = (nine.charAt(i) - '0') * (i % 2 == 0 ? 2 : 1);
            sum += digit > 9 ? digit - 9 : digit;
        }
        return yyyyMMdd + "-" + serial + (10 - sum % 10) % 10;
    }
}
