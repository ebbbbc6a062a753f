package se.samverkan.contracts;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import se.samverkan.contracts.signing.EventSigner;
import se.samverkan.contracts.signing.EventVerifier;
import se.samverkan.signing.EventKeys;

import java.net.URI;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whatever bytes arrive on a topic, the codec and the verifier answer with an event or a MalformedEventException (a
 * ForgedEventException is one), never another exception that would stop a consumer; and of a genuine record changed
 * anywhere, no byte string but the genuine one verifies. Fuzzed briefly in every build ({@code fuzz} execution,
 * {@code -Dfuzz.duration=10m} for longer), from a genuine signed record and from raw bytes.
 */
class CloudEventFuzzTest {

    private static final EventKeys.SigningKey CASE = EventKeys.parseSigningKey(EventKeys.generateSigningKey("case-service/fuzz"));
    private static final EventVerifier VERIFIER = new EventVerifier(EventKeys.parsePublicKeys(CASE.publicKeyText()));
    private static final byte[] GENUINE = genuine();

    @FuzzTest(maxDuration = "5s")
    void anyRecordIsAnEventOrRefusedAndOnlyTheGenuineBytesVerify(FuzzedDataProvider data) {
        byte[] value = data.consumeBoolean() ? mutate(GENUINE, data) : data.consumeRemainingAsBytes();
        try {
            CloudEvent event = CloudEventCodec.fromBytes(value);
            assertThat(event.eventId()).isNotNull();
        } catch (MalformedEventException refused) {
            // refused with a reason a consumer dead-letters
        }
        try {
            VERIFIER.verify(Topics.CASE_EVENTS, value);
            assertThat(value).as("only the genuine bytes verify").isEqualTo(GENUINE);
        } catch (MalformedEventException refused) {
            // a forgery (ForgedEventException) or no envelope at all
        }
    }

    private static byte[] mutate(byte[] genuine, FuzzedDataProvider data) {
        byte[] value = genuine.clone();
        int edits = data.consumeInt(1, 4);
        for (int i = 0; i < edits; i++) {
            value[data.consumeInt(0, value.length - 1)] = data.consumeByte();
        }
        return value;
    }

    private static byte[] genuine() {
        String type = "se.samverkan.case.case-opened.v1";
        IntegrationEvent data = CloudEventCodec.data(new CloudEvent(CloudEvent.SPEC_VERSION, UUID.randomUUID().toString(),
                URI.create("/t"), type, null, Instant.now(), "application/json", null, ContractSchemas.example(type)));
        return new EventSigner(CASE).sign(new CloudEventCodec(URI.create("/samverkan/case-service"))
                .wrap(UUID.randomUUID(), Instant.now(), data));
    }
}
