package se.samverkan.cases.application;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.PlatformTransactionManager;
import se.samverkan.cases.domain.ActedBy;
import se.samverkan.cases.domain.CaseCommand.RecordJointPoliceMeeting;
import se.samverkan.cases.domain.CaseEvent.JointPoliceMeetingRecorded;
import se.samverkan.cases.domain.CaseEvent.NoteRecorded;
import se.samverkan.cases.domain.CaseId;
import se.samverkan.cases.privacy.DataKeyCache;
import se.samverkan.cases.support.CaseStreams;
import se.samverkan.cases.support.IntegrationTest;
import se.samverkan.platform.test.TestUser;

import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.Locale;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Not part of the suite (no *Test / *IT name): what a command costs on a long case whose stored snapshot is unusable,
 * as after an upgrade that changed the snapshot's revision, before and after {@link LateSnapshots}. A case of
 * {@code bench.events} events (20,000; every fourth a sealed note, the rest meetings) is written straight into its
 * stream; its snapshot is then made one of "an older revision", and
 * <ol>
 *     <li>a command is sent on its own, as a job or an intake sends one: it folds the whole case inside its
 *     transaction (the bound is raised to 10 minutes here so that it finishes and can be timed);</li>
 *     <li>the same again, but after a read, as every write through the API starts: the read folds the case outside
 *     any transaction and stores its snapshot, and the command loads from that.</li>
 * </ol>
 * Prints the times and how many events a case may have before its replay outlasts the production bound (20 s) at
 * this machine's rate. {@code ./mvnw -pl case-service -am test -Dtest=UnusableSnapshotBenchmark
 * -Dsurefire.failIfNoSpecifiedTests=false [-Dbench.events=20000]}.
 */
class UnusableSnapshotBenchmark extends IntegrationTest {

    private static final int EVENTS = Integer.getInteger("bench.events", 20_000);
    /** The first round runs cold code; the later ones show the steady figures. */
    private static final int ROUNDS = Integer.getInteger("bench.rounds", 3);

    @DynamicPropertySource
    static void longTransactions(DynamicPropertyRegistry registry) {
        registry.add("samverkan.cases.event-store.command-transaction-timeout", () -> "10m");
        registry.add("samverkan.cases.event-store.gap-timeout", () -> "30m");
    }

    @Autowired
    EventStore eventStore;

    @Autowired
    CaseFiles caseFiles;

    @Autowired
    CommandGateway commands;

    @Autowired
    PlatformTransactionManager transactions;

    @Autowired
    LateSnapshots lateSnapshots;

    @Autowired
    DataKeyCache keys;

    @Test
    void aCommandOnALongCaseWhoseSnapshotIsUnusable() {
        CaseId id = new CaseId(openCase(TestUser.SOCIAL_WORKER, "RAPID_INTERVENTION", "NONE", TestUser.SOCIAL_WORKER.id()));
        append(id, EVENTS - 1 - (int) caseFiles.currentVersion(id));
        print("a case of %,d events (every fourth a sealed note), load %s", caseFiles.currentVersion(id) + 1, load());

        caseFiles.read(id); // stores a snapshot, which unusable(...) makes one of an older revision
        for (int round = 1; round <= ROUNDS; round++) {
            unusable(id);
            long alone = time(() -> commands.sendAndWait(meeting(id)));
            double perEvent = alone / 1e6 / EVENTS;
            print("round %d: command alone (folds the case inside its transaction): %,d ms; %,.0f events/s; the 20 s "
                    + "bound is reached at about %,d events", round, alone / 1_000_000, 1e3 / perEvent, (long) (20_000 / perEvent));

            unusable(id);
            long read = time(() -> assertThat(get(TestUser.SOCIAL_WORKER, "/api/cases/" + id).status()).isEqualTo(200));
            long after = time(() -> commands.sendAndWait(meeting(id)));
            print("round %d: read (folds outside any transaction, stores the snapshot): %,d ms; the command after it: "
                    + "%,d ms; load %s", round, read / 1_000_000, after / 1_000_000, load());
        }
    }

    private RecordJointPoliceMeeting meeting(CaseId id) {
        return new RecordJointPoliceMeeting(id, today(), null, TestUser.SOCIAL_WORKER.actor(), Instant.now());
    }

    /** As after the upgrade's restart: the stored snapshot of an older revision, nothing of the case in memory. */
    private void unusable(CaseId id) {
        assertThat(jdbc.sql("UPDATE snapshot_event_entry SET payload_revision = 'an-older-one' WHERE aggregate_identifier = ?")
                .param(id.toString()).update()).isPositive();
        keys.forget(UUID.randomUUID()); // moves the shred stamp, which drops every kept file and opened snapshot
        assertThat(lateSnapshots.lagging()).contains(id.toString());
    }

    private void append(CaseId id, int count) {
        ActedBy anna = ActedBy.of(TestUser.SOCIAL_WORKER.actor());
        new CaseStreams(eventStore, transactions).append(id, count, i -> i % 4 == 0
                ? new NoteRecorded(id, UUID.randomUUID().toString(), "Samtal nummer " + i + " med den unge.", null, anna, Instant.now())
                : new JointPoliceMeetingRecorded(id, today(), anna, Instant.now()));
    }

    private static long time(Runnable action) {
        long start = System.nanoTime();
        action.run();
        return System.nanoTime() - start;
    }

    private static String load() {
        return String.format(Locale.ROOT, "%.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    private static void print(String format, Object... args) {
        System.out.println("UNUSABLE SNAPSHOT " + String.format(Locale.ROOT, format, args));
    }
}
