package se.samverkan.platform.test;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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
    private static final int DEFAULT_SERIAL = 123;
    /** Every number this JVM gave: a random or fresh one is never one of them (the tests share one database). */
    private static final Set<String> GIVEN = ConcurrentHashMap.newKeySet();

    private TestPersonnummer() {
    }

    /** Born on that day, birth number 123 (odd: a man; irrelevant to every rule tested). */
    public static String bornOn(LocalDate birth) {
        return bornOn(birth, DEFAULT_SERIAL);
    }

    /** Born on that day with the given three-digit birth number (0-999). */
    public static String bornOn(LocalDate birth, int serial) {
        String number = withCheckDigit(birth.format(DateTimeFormatter.BASIC_ISO_DATE), "%03d".formatted(serial));
        GIVEN.add(number);
        return number;
    }

    /**
     * Born on that day with a random birth number no earlier call of this JVM gave (nor the default one): another person
     * than every other test's, whose police report would otherwise join that person's open case.
     */
    public static String anyBornOn(LocalDate birth) {
        String date = birth.format(DateTimeFormatter.BASIC_ISO_DATE);
        for (int attempt = 0; attempt < 10_000; attempt++) {
            int serial = ThreadLocalRandom.current().nextInt(0, 1000);
            if (serial != DEFAULT_SERIAL && GIVEN.add(withCheckDigit(date, "%03d".formatted(serial)))) {
                return withCheckDigit(date, "%03d".formatted(serial));
            }
        }
        throw new IllegalStateException("every birth number of " + birth + " was given in this JVM");
    }

    /** A co-ordination number (samordningsnummer): the day of birth plus 60, birth number 123. */
    public static String coordinationNumberBornOn(LocalDate birth) {
        String date = birth.format(DateTimeFormatter.BASIC_ISO_DATE);
        return withCheckDigit(date.substring(0, 6) + "%02d".formatted(birth.getDayOfMonth() + 60), "123");
    }

    /** A youth born in 2011 with a birth number no earlier call of this JVM gave. */
    public static String fresh() {
        for (int attempt = 0; attempt < 400_000; attempt++) {
            int n = NEXT.incrementAndGet();
            String date = LocalDate.of(2011, 1, 1).plusDays(n / 900 % 365).format(DateTimeFormatter.BASIC_ISO_DATE);
            String number = withCheckDigit(date, "%03d".formatted(100 + n % 900));
            if (GIVEN.add(number)) {
                return number;
            }
        }
        throw new IllegalStateException("every 2011 number was given in this JVM");
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
