package se.samverkan.platform.test;

import se.samverkan.contracts.CloudEvent;
import se.samverkan.contracts.CloudEventCodec;
import se.samverkan.signing.EventKeys;
import se.samverkan.contracts.signing.EventSigner;
import se.samverkan.contracts.signing.EventVerifier;
import se.samverkan.signing.SignedEnvelope;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The tests' event keys (samverkan-test-event-keys.properties, which the services' test configuration imports), for
 * tests that publish a record as a producer would, or check what a service published.
 */
public final class TestEventKeys {

    public static final String RESOURCE = "samverkan-test-event-keys.properties";
    private static final Properties KEYS = load();

    private TestEventKeys() {
    }

    /** @param service case-service, audit-service or notification-service */
    public static EventSigner signer(String service) {
        String key = KEYS.getProperty("samverkan.test.event-keys." + service);
        if (key == null) {
            throw new IllegalArgumentException("no test event key for " + service);
        }
        return new EventSigner(EventKeys.parseSigningKey(key));
    }

    /** The value case-service (or whichever service the event's source names) would publish. */
    public static byte[] signed(CloudEvent event) {
        String source = event.source().toString();
        return signer(source.substring(source.lastIndexOf('/') + 1)).sign(event);
    }

    /**
     * What a forger's tool does with a key it holds (stolen, or another service's own): signs any envelope under that
     * key's id. {@link EventSigner} itself refuses to sign for another source.
     */
    public static byte[] forgedWith(EventKeys.SigningKey key, CloudEvent event) {
        ObjectNode envelope = (ObjectNode) CloudEventCodec.toTree(event);
        envelope.put(SignedEnvelope.KEY_ID_ATTRIBUTE, key.keyId());
        return SignedEnvelope.sign(CloudEventCodec.mapper().writeValueAsBytes(envelope), key.privateKey());
    }

    public static String trustedKeys() {
        return KEYS.getProperty("samverkan.test.event-keys.trusted");
    }

    public static EventVerifier verifier() {
        return new EventVerifier(EventKeys.parsePublicKeys(trustedKeys()));
    }

    private static Properties load() {
        Properties properties = new Properties();
        try (InputStream in = TestEventKeys.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from platform-test");
            }
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }
}
