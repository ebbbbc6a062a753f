package se.samverkan.contracts.signing;

import org.junit.jupiter.api.Test;
import se.samverkan.contracts.CloudEvent;
import se.samverkan.contracts.CloudEventCodec;
import se.samverkan.contracts.ContractSchemas;
import se.samverkan.contracts.Topics;
import se.samverkan.signing.EventKeys;

import java.net.URI;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What signing costs a producer and verifying a consumer, per event, on a realistic access event (the most frequent
 * type). Not part of the suite (no *Test name); run it with
 * {@code ./mvnw -q -pl contracts test -Dtest=EventSigningBenchmark -Dsurefire.failIfNoSpecifiedTests=false [-Dbench.events=N]}.
 */
class EventSigningBenchmark {

    @Test
    void signAndVerify() {
        int events = Integer.getInteger("bench.events", 50_000);
        EventKeys.SigningKey key = EventKeys.parseSigningKey(EventKeys.generateSigningKey("case-service/bench"));
        EventSigner signer = new EventSigner(key);
        EventVerifier verifier = new EventVerifier(EventKeys.parsePublicKeys(key.publicKeyText()));
        CloudEvent event = new CloudEvent(CloudEvent.SPEC_VERSION, UUID.randomUUID().toString(), URI.create("/samverkan/case-service"),
                "se.samverkan.access.access-recorded.v1", UUID.randomUUID().toString(), Instant.now(), "application/json", null,
                ContractSchemas.example("se.samverkan.access.access-recorded.v1"));
        int unsignedBytes = CloudEventCodec.toBytes(event).length;

        // warm-up so the figures are the JIT-compiled steady state
        byte[] value = null;
        for (int i = 0; i < 5_000; i++) {
            value = signer.sign(event);
            verifier.verify(Topics.ACCESS_EVENTS, value);
        }
        long serialiseStart = System.nanoTime();
        for (int i = 0; i < events; i++) {
            CloudEventCodec.toBytes(event);
        }
        long serialiseNanos = System.nanoTime() - serialiseStart;
        long signStart = System.nanoTime();
        for (int i = 0; i < events; i++) {
            value = signer.sign(event);
        }
        long signNanos = System.nanoTime() - signStart;
        long verifyStart = System.nanoTime();
        for (int i = 0; i < events; i++) {
            verifier.verify(Topics.ACCESS_EVENTS, value);
        }
        long verifyNanos = System.nanoTime() - verifyStart;

        System.out.printf("==== event signing benchmark (%d events, %s, %d cores) ====%n", events,
                Runtime.version(), Runtime.getRuntime().availableProcessors());
        System.out.printf("record size        %d bytes unsigned, %d bytes signed (+%d)%n", unsignedBytes, value.length,
                value.length - unsignedBytes);
        System.out.printf("serialise only     %6.1f µs/event  %8.0f events/s%n", micros(serialiseNanos, events), perSecond(serialiseNanos, events));
        System.out.printf("serialise + sign   %6.1f µs/event  %8.0f events/s  (one core)%n", micros(signNanos, events), perSecond(signNanos, events));
        System.out.printf("parse + verify     %6.1f µs/event  %8.0f events/s  (one core)%n", micros(verifyNanos, events), perSecond(verifyNanos, events));
        assertThat(verifier.verify(Topics.ACCESS_EVENTS, value).keyId()).isEqualTo("case-service/bench");
    }

    private static double micros(long nanos, int events) {
        return nanos / 1_000.0 / events;
    }

    private static double perSecond(long nanos, int events) {
        return events / (nanos / 1e9);
    }
}
