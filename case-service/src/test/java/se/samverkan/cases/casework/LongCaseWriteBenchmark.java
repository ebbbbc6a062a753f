package se.samverkan.cases.casework;

import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import se.samverkan.cases.support.IntegrationTest;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static se.samverkan.platform.test.TestUser.SOCIAL_WORKER;

/**
 * Issue 12's "writes to a case with thousands of notes slow down", in process and not part of the suite (no *Test /
 * *IT name): one writer records {@code bench.notes} notes on one case over HTTP (embedded PostgreSQL) and prints the
 * write rate of every {@code bench.window} notes. {@code -Dbench.keptOpened=0} opens the case's stored snapshot on every
 * load, as before the snapshots were kept opened; run once each way and compare the "LONG CASE WRITES" lines:
 * {@code ./mvnw -pl case-service -am test -Dtest=LongCaseWriteBenchmark -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class LongCaseWriteBenchmark extends IntegrationTest {

    private static final int NOTES = Integer.getInteger("bench.notes", 3000);
    private static final int WINDOW = Integer.getInteger("bench.window", 500);

    @DynamicPropertySource
    static void keptOpened(DynamicPropertyRegistry registry) {
        registry.add("samverkan.cases.snapshots.kept-opened", () -> System.getProperty("bench.keptOpened", "2000"));
    }

    @Test
    void fillOneCaseWithNotes() {
        UUID caseId = openCase(SOCIAL_WORKER, "RAPID_INTERVENTION", "NONE");
        String path = "/api/cases/" + caseId + "/notes";
        String body = "{\"text\":\"Samtal med den unge och vårdnadshavaren; överenskommelse om nästa steg.\"}";
        List<Long> window = new ArrayList<>();
        long windowStart = System.nanoTime();
        print("kept-opened=%s, %d notes, windows of %d, load %s", System.getProperty("bench.keptOpened", "2000"),
                NOTES, WINDOW, load());
        for (int written = 1; written <= NOTES; written++) {
            long sent = System.nanoTime();
            assertThat(post(SOCIAL_WORKER, path, body).status()).isEqualTo(201);
            window.add((System.nanoTime() - sent) / 1_000);
            if (written % WINDOW == 0) {
                double seconds = (System.nanoTime() - windowStart) / 1e9;
                window.sort(null);
                print("notes %5d-%5d: %6.1f notes/s, write p50 %5.1f ms, p99 %6.1f ms, load %s", written - WINDOW + 1,
                        written, WINDOW / seconds, window.get(window.size() / 2) / 1e3,
                        window.get((int) (window.size() * 0.99)) / 1e3, load());
                window.clear();
                windowStart = System.nanoTime();
            }
        }
    }

    private static String load() {
        return String.format(Locale.ROOT, "%.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    private static void print(String format, Object... args) {
        System.out.println("LONG CASE WRITES " + String.format(Locale.ROOT, format, args));
    }
}
