package se.samverkan.platform.outbox;

import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.KafkaTemplate;
import se.samverkan.contracts.CloudEvent;
import se.samverkan.contracts.CloudEventCodec;
import se.samverkan.contracts.signing.EventSigner;
import se.samverkan.platform.kafka.CloudEventPublisher;
import se.samverkan.signing.EventKeys;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An outbox row signed when it was written goes out byte for byte as stored: the publisher does not sign it again
 * (a relay that signed whatever a row says would sign what anyone with the database credentials wrote).
 */
class SignedAtSourceTest {

    private final MockProducer<String, byte[]> producer = new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());
    private final EventSigner signer = new EventSigner(EventKeys.parseSigningKey(EventKeys.generateSigningKey("case-service/test")));
    private final CloudEventPublisher publisher = new CloudEventPublisher(new KafkaTemplate<>(() -> producer), signer);

    @Test
    void thePublisherSendsTheStoredSignedValueUnchanged() {
        CloudEvent event = event();
        byte[] stored = signer.sign(event);

        publisher.publish("access-events", event, null, stored).join();

        assertThat(producer.history()).singleElement().satisfies(record -> {
            assertThat(record.value()).isEqualTo(stored);
            assertThat(record.key()).isEqualTo(event.subject());
        });
    }

    @Test
    void theBatchPublisherPassesTheStoredValueOn() {
        CloudEvent event = event();
        byte[] stored = signer.sign(event);

        BatchPublisher.Outcome<Long> outcome = new BatchPublisher(publisher, Duration.ofSeconds(5)).publishAll(List.of(
                new OutgoingRecord<>(1L, "access-events", event, null, stored)));

        assertThat(outcome.sent()).hasSize(1);
        assertThat(producer.history()).singleElement().satisfies(record -> assertThat(record.value()).isEqualTo(stored));
    }

    @Test
    void withoutAStoredValueThePublisherStillSignsAtSendTime() {
        CloudEvent event = event();

        publisher.publish("access-events", event, null, null).join();

        assertThat(producer.history()).singleElement().satisfies(record -> assertThat(record.value()).isEqualTo(signer.sign(event)));
    }

    @Test
    void theOwnKeysAreTheActiveOneAndThePublishedOnesOfTheSameService() {
        String former = EventKeys.generateSigningKey("case-service/former");
        String foreign = EventKeys.generateSigningKey("audit-service/x");
        String published = publicOf(former) + "," + publicOf(foreign);

        OutboxTable.SignedAtSource keys = OutboxTable.SignedAtSource.of(signer, published, "legacy_rows");

        assertThat(keys.ownKeys()).containsOnlyKeys("case-service/test", "case-service/former");
    }

    private static String publicOf(String signingKey) {
        EventKeys.SigningKey key = EventKeys.parseSigningKey(signingKey);
        return key.keyId() + ":" + EventKeys.encodePublic(key.publicKey());
    }

    private CloudEvent event() {
        return new CloudEvent(CloudEvent.SPEC_VERSION, UUID.randomUUID().toString(), signer.producer().source(),
                "se.samverkan.access.access-recorded.v1", UUID.randomUUID().toString(), Instant.now(), "application/json", null,
                CloudEventCodec.toTree(Map.of("n", 1)));
    }
}
