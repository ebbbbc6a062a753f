package se.samverkan.contracts.signing;

import se.samverkan.contracts.CloudEvent;
import se.samverkan.contracts.CloudEventCodec;
import se.samverkan.contracts.MalformedEventException;
import se.samverkan.signing.EventKeys;
import se.samverkan.signing.EventProducer;
import se.samverkan.signing.SignedEnvelope;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.security.PublicKey;
import java.util.Map;
import java.util.Optional;

/**
 * What a consumer checks before it acts on a record: the value carries a signature by a trusted key, the key
 * belongs to the service the {@code source} names, that service may produce the type, and on this topic.
 */
public final class EventVerifier {

    // a second "type" member after the signed one would be read by some parsers and not others: refuse duplicates
    private static final JsonMapper STRICT = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private final Map<String, PublicKey> trustedKeys;

    /** @param trustedKeys key id → public key, e.g. from {@link EventKeys#parsePublicKeys} */
    public EventVerifier(Map<String, PublicKey> trustedKeys) {
        this.trustedKeys = Map.copyOf(trustedKeys);
        trustedKeys.keySet().forEach(EventKeys::serviceOf);
    }

    public Map<String, PublicKey> trustedKeys() {
        return trustedKeys;
    }

    /**
     * @param topic the record's topic; null for an entry the audit log wrote itself
     * @throws ForgedEventException     when the producer cannot be proven
     * @throws MalformedEventException when the value is not a CloudEvent at all
     */
    public VerifiedEvent verify(String topic, byte[] value) {
        Optional<SignedEnvelope.Parts> parts = SignedEnvelope.split(value);
        JsonNode tree;
        try {
            tree = STRICT.readTree(value);
        } catch (JacksonException e) {
            throw new MalformedEventException("not a JSON envelope");
        }
        if (tree == null || !tree.isObject()) {
            throw new MalformedEventException("not a JSON envelope");
        }
        String keyId = text(tree, SignedEnvelope.KEY_ID_ATTRIBUTE);
        if (parts.isEmpty() || keyId == null) {
            throw new ForgedEventException(ForgedEventException.Reason.UNSIGNED, "the record carries no producer signature");
        }
        PublicKey key = trustedKeys.get(keyId);
        if (key == null) {
            throw new ForgedEventException(ForgedEventException.Reason.UNKNOWN_KEY, "signed with a key that is not trusted here: "
                    + (EventKeys.isKeyId(keyId) ? keyId : "(not a key id)"));
        }
        EventProducer producer = EventProducer.ofService(EventKeys.serviceOf(keyId)).orElse(null);
        String source = text(tree, "source");
        if (producer == null || !producer.source().toString().equals(source)) {
            throw new ForgedEventException(ForgedEventException.Reason.SOURCE_NOT_OF_KEY, "key " + keyId
                    + " may not sign for the source the record names");
        }
        String type = text(tree, "type");
        if (type == null || !producer.mayProduce(type, topic)) {
            throw new ForgedEventException(ForgedEventException.Reason.TYPE_NOT_ALLOWED, producer.service()
                    + " may not produce this type" + (topic == null ? "" : " on " + topic));
        }
        if (!SignedEnvelope.verifies(parts.get(), key)) {
            throw new ForgedEventException(ForgedEventException.Reason.BAD_SIGNATURE, "the signature of key " + keyId
                    + " does not verify over the record");
        }
        CloudEvent event;
        try {
            event = CloudEventCodec.mapper().treeToValue(tree, CloudEvent.class);
            event.eventId();
        } catch (JacksonException | IllegalArgumentException | NullPointerException e) {
            throw new MalformedEventException("a signed record that is not a CloudEvents 1.0 envelope", e);
        }
        return new VerifiedEvent(event, keyId, producer);
    }

    private static String text(JsonNode tree, String field) {
        JsonNode node = tree.get(field);
        return node != null && node.isString() ? node.asString() : null;
    }
}
