package se.samverkan.cases.storedevents;

import org.junit.jupiter.api.Test;
import se.samverkan.cases.storedevents.StoredEventMacs.Kind;
import se.samverkan.cases.storedevents.StoredEventMacs.Row;
import se.samverkan.cases.storedevents.StoredEventMacs.Verdict;

import java.time.Instant;
import java.util.Arrays;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the MAC of each stored event costs (config.AuthenticEventStorageEngine: one MAC per event appended, one check
 * per event or snapshot read, by a command's load, a case read and every processor), not part of the suite (no *Test /
 * *IT name). Single-threaded, in rounds (the first warms the JIT), over rows of the size of a note (~1 KB sealed
 * payload) and of a snapshot of a long case (~200 KB). Run with {@code ./mvnw -pl case-service test
 * -Dtest=StoredEventMacBenchmark -Dsurefire.failIfNoSpecifiedTests=false -Dbench.events=50000} and read the lines "MAC".
 */
class StoredEventMacBenchmark {

    @Test
    void macStoredEvents() {
        int events = Integer.getInteger("bench.events", 50_000);
        StoredEventMacs macs = StoredEventMacs.fromSubjectPseudonymKey(StoredEventMacsTest.KEY);
        for (int size : new int[]{1_024, 200_000}) {
            byte[] payload = new byte[size];
            Arrays.fill(payload, (byte) 'x');
            byte[] metaData = "{\"traceparent\":\"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01\"}".getBytes();
            int count = size > 10_000 ? Math.max(1, events / 100) : events;
            for (int round = 1; round <= 4; round++) {
                long start = System.nanoTime();
                int verified = 0;
                for (int i = 0; i < count; i++) {
                    Row row = new Row(Kind.EVENT, UUID.randomUUID().toString(), i, UUID.randomUUID().toString(), "CaseAggregate",
                            Instant.now().toString(), "case.NoteRecorded", "3", payload, metaData);
                    StoredEventMacs.Tag tag = macs.tag(row);
                    verified += macs.verify(row, tag.keyId(), tag.mac(), false) == Verdict.AUTHENTIC ? 1 : 0;
                }
                long took = System.nanoTime() - start;
                System.out.printf("MAC round %d%s: %d rows of %d bytes, MAC + check %.1f µs per row (%.0f/s on one thread);"
                                + " a load of 50 events %.2f ms%n", round, round == 1 ? " (warm-up)" : "", count, size,
                        took / 1000.0 / count, count * 1e9 / took, took / 1e6 / count / 2 * 50);
                assertThat(verified).isEqualTo(count);
            }
        }
    }
}
