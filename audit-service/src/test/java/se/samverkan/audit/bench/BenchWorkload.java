package se.samverkan.audit.bench;

import se.samverkan.contracts.AccessAction;
import se.samverkan.contracts.AccessOutcome;
import se.samverkan.contracts.ActorRef;
import se.samverkan.contracts.Agency;
import se.samverkan.contracts.Program;
import se.samverkan.contracts.ProtectedIdentity;
import se.samverkan.contracts.access.AccessRecorded;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;

/** What the audit benchmarks feed the log, and the machine's load beside their figures. */
final class BenchWorkload {

    private BenchWorkload() {
    }

    /**
     * The i-th of 2,000 social workers' reads on working days, 08:00-18:00, 100,000 reads a day, each worker about five
     * subjects an hour: the review rules run their queries for every read and raise nothing, as on an ordinary day.
     */
    static AccessRecorded read(int i) {
        ActorRef actor = new ActorRef("user-" + (i % 2_000), List.of("social-worker"), Agency.SOCIAL_SERVICES, "0136", "haninge-ungdom");
        // Monday 2 November 2026 onwards, weekdays only; 0.36 s apart
        int day = i / 100_000;
        LocalDate date = LocalDate.of(2026, 11, 2).plusDays(day / 5 * 7L + day % 5);
        Instant at = date.atTime(8, 0).atZone(ZoneId.of("Europe/Stockholm")).toInstant().plusMillis(i % 100_000 * 360L);
        return new AccessRecorded(actor, UUID.randomUUID(), UUID.randomUUID(), null, Program.RAPID_INTERVENTION, "haninge-ungdom",
                AccessAction.READ, "read-case", List.of("CASE_SUMMARY", "MEASURES"), "case work", null, true, false,
                ProtectedIdentity.NONE, AccessOutcome.ALLOWED, null, at);
    }

    /** The machine's load average from /proc/loadavg (the figures move with it on a shared machine). */
    static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (java.io.IOException | RuntimeException e) {
            return "unknown";
        }
    }
}
