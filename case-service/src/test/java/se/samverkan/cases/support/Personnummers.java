package se.samverkan.cases.support;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Valid personnummer (date and Luhn check digit) no other test uses: a report about the ITs' common subject would join
 * whichever of its many cases is open in the unit (issue 15), so a test that needs a subject of its own makes one here.
 */
public final class Personnummers {

    private static final AtomicInteger NEXT = new AtomicInteger((int) (System.nanoTime() % 900));

    private Personnummers() {
    }

    /** A youth born in 2011 with a serial number no earlier call of this JVM gave, as {@code yyyyMMdd-nnnc}. */
    public static String fresh() {
        int n = NEXT.incrementAndGet();
        LocalDate birth = LocalDate.of(2011, 1, 1).plusDays(n / 900 % 365);
        String serial = Integer.toString(100 + n % 900);
        String nine = birth.format(DateTimeFormatter.ofPattern("yyMMdd")) + serial;
        int sum = 0;
        for (int i = 0; i < nine.length(); i++) {
            int digit = (nine.charAt(i) - '0') * (i % 2 == 0 ? 2 : 1);
            sum += digit > 9 ? digit - 9 : digit;
        }
        return birth.format(DateTimeFormatter.BASIC_ISO_DATE) + "-" + serial + (10 - sum % 10) % 10;
    }
}
