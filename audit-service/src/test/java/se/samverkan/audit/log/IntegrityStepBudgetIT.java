package se.samverkan.audit.log;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import se.samverkan.audit.it.AuditServiceITBase;
import se.samverkan.contracts.AccessAction;
import se.samverkan.contracts.AccessOutcome;
import se.samverkan.contracts.Program;
import se.samverkan.contracts.ProtectedIdentity;
import se.samverkan.contracts.access.AccessRecorded;
import se.samverkan.platform.test.TestUser;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 12: a scheduled step of the integrity pass reads up to its ceiling of entries whose seals match, which costs
 * a hash and a MAC each, but parses no more than its smaller share; so a sealed log is passed over ten times as fast as
 * before, and the first pass after an upgrade, which parses every entry, is paced as it always was.
 */
class IntegrityStepBudgetIT extends AuditServiceITBase {

    private static final int READ = 60;
    private static final int PARSED = 10;
    private static final IntegrityProperties PACE = new IntegrityProperties(Duration.ofSeconds(5), READ, Duration.ofMinutes(1), PARSED);

    @Autowired
    LogStore store;

    @Autowired
    AuditProperties auditProperties;

    @Test
    void aStepReadsItsCeilingOfSealedEntriesButParsesNoMoreThanItsShare() {
        logOfAtLeast(READ);
        new LogIntegrity(jdbc, store, PACE, new SearchSeals(auditProperties), new SimpleMeterRegistry()).check();

        MeterRegistry sealedMeters = new SimpleMeterRegistry();
        LogIntegrity sealed = new LogIntegrity(jdbc, store, PACE, new SearchSeals(auditProperties), sealedMeters);
        sealed.step();
        assertThat(sealed.verdict().verifiedThroughLeaf()).as("sealed entries: the whole read ceiling").isEqualTo(READ);
        assertThat(entries(sealedMeters, "sealed")).isEqualTo(READ);
        assertThat(entries(sealedMeters, "parsed")).isZero();

        // seals made under another key match nothing here: every entry must be parsed, and the step stops at its share
        MeterRegistry foreignMeters = new SimpleMeterRegistry();
        LogIntegrity foreign = new LogIntegrity(jdbc, store, PACE,
                new SearchSeals("another audit-service's signing key".getBytes(StandardCharsets.UTF_8)), foreignMeters);
        foreign.step();
        assertThat(entries(foreignMeters, "parsed")).isEqualTo(PARSED);
        assertThat(foreign.verdict().verifiedThroughLeaf()).as("unsealed entries: the parse share").isEqualTo(PARSED);
        assertThat(foreign.verdict().status()).isEqualTo("UP");
    }

    @Test
    void theOldSettingAloneStillBoundsBoth() {
        IntegrityProperties before = new IntegrityProperties(Duration.ofSeconds(5), 2_000, Duration.ofMinutes(1));
        assertThat(before.parsedEntriesPerCheck()).isEqualTo(2_000);
        assertThat(before.entriesPerStep(10_000_000)).isEqualTo(2_000);
    }

    private void logOfAtLeast(int entries) {
        long have = jdbc.queryForObject("SELECT count(*) FROM audit_entries", Long.class);
        // one subject for all: 20 different subjects within the hour would make the liaison a volume case, and the
        // review rules of other tests in this JVM (AuditLogIT) would see that
        UUID subject = UUID.randomUUID();
        for (long i = have; i < entries; i++) {
            send(new AccessRecorded(ref(TestUser.POLICE_LIAISON), UUID.randomUUID(), subject, UUID.randomUUID(),
                    Program.RAPID_INTERVENTION, TestUser.YOUTH_UNIT, AccessAction.READ, "ReadReferral", List.of("CASE_SUMMARY"),
                    "REFERRAL", "OSL_10_18A", false, false, ProtectedIdentity.NONE, AccessOutcome.ALLOWED, null, Instant.now(),
                    TestUser.HANINGE));
        }
        await().atMost(Duration.ofSeconds(30))
                .until(() -> jdbc.queryForObject("SELECT coalesce(max(tree_size), 0) FROM checkpoints", Long.class) >= entries);
    }

    private static double entries(MeterRegistry meters, String how) {
        return meters.get("samverkan.audit.integrity.entries").tag("columns", how).counter().count();
    }
}
