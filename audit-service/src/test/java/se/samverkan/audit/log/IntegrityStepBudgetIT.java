package se.samverkan.audit.log;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import se.samverkan.audit.it.AuditServiceITBase;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 12: a scheduled step of the integrity pass reads up to its ceiling of entries whose seals match, which costs
 * a hash and a MAC each, but parses no more than its smaller share; so a sealed log is passed over ten times as fast as
 * before, and the first pass after an upgrade, which parses every entry, is paced as it always was.
 */
class IntegrityStepBudgetIT extends AuditServiceITBase {

    private static final int READ = 60;
    private static final int PARSED = 10;
    /** A whole pass due in the first step, so the step reads up to its ceilings. */
    private static final IntegrityProperties PACE = new IntegrityProperties(Duration.ofSeconds(5), READ, Duration.ofSeconds(5), PARSED);

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
        assertThat(before.entriesForStep(10_000_000, 0, Duration.ZERO)).isEqualTo(2_000);
    }

    private static double entries(MeterRegistry meters, String how) {
        return meters.get("samverkan.audit.integrity.entries").tag("columns", how).counter().count();
    }
}
