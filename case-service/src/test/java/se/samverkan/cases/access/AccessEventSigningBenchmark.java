package se.samverkan.cases.access;

import org.junit.jupiter.api.Test;
import se.samverkan.contracts.CloudEvent;
import se.samverkan.contracts.ContractSchemas;
import se.samverkan.contracts.signing.EventSigner;
import se.samverkan.signing.EventKeys;

import java.net.URI;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What signing each access event when it is written costs the request that writes it (AccessLog: one signature per
 * case read, one per case a list shows), not part of the suite (no *Test / *IT name). Signs the frozen example of an
 * access-recorded event under fresh ids, single-threaded, in rounds (the first warms the JIT). Run with
 * {@code ./mvnw -pl case-service -am test -Dtest=AccessEventSigningBenchmark -Dsurefire.failIfNoSpecifiedTests=false
 * -Dbench.events=20000} and read the lines "SIGNING".
 */
class AccessEventSigningBenchmark {

    @Test
    void signAccessEvents() {
        int events = Integer.getInteger("bench.events", 20_000);
        EventSigner signer = new EventSigner(EventKeys.parseSigningKey(EventKeys.generateSigningKey("case-service/bench")));
        String type = "se.samverkan.access.access-recorded.v1";
        var data = ContractSchemas.example(type);
        long signedBytes = 0;
        for (int round = 1; round <= 4; round++) {
            long start = System.nanoTime();
            for (int i = 0; i < events; i++) {
                CloudEvent event = new CloudEvent(CloudEvent.SPEC_VERSION, UUID.randomUUID().toString(),
                        URI.create("/samverkan/case-service"), type, UUID.randomUUID().toString(), Instant.now(),
                        "application/json", null, data);
                signedBytes += signer.sign(event).length;
            }
            long took = System.nanoTime() - start;
            System.out.printf("SIGNING round %d%s: %d access events, %.1f µs each, %.0f/s on one thread; a list of 50 "
                            + "cases %.2f ms%n", round, round == 1 ? " (warm-up)" : "", events, took / 1000.0 / events,
                    events * 1e9 / took, took / 1e6 / events * 50);
        }
        assertThat(signedBytes).isPositive();
    }
}
