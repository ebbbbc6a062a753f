package se.samverkan.audit.ingest;

import org.junit.jupiter.api.Test;
import se.samverkan.signing.EventKeys;
import se.samverkan.contracts.signing.EventVerifier;
import se.samverkan.platform.test.TestEventKeys;

import java.security.PublicKey;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** An audit log that cannot verify its producers would dead-letter every genuine event: it must not start. */
class IngestTrustTest {

    private static final Map<String, PublicKey> ALL = TestEventKeys.verifier().trustedKeys();

    @Test
    void theTestKeysOfEveryProducerAreEnough() {
        assertThatNoException().isThrownBy(() -> new IngestTrust(new EventVerifier(ALL), TestEventKeys.signer("audit-service")));
    }

    @Test
    void noTrustedKeyOfCaseServiceOrNotificationServiceStopsTheService() {
        assertThatThrownBy(() -> new IngestTrust(new EventVerifier(Map.of()), TestEventKeys.signer("audit-service")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("SAMVERKAN_EVENTS_TRUSTED_KEYS")
                .hasMessageContaining("case-service and notification-service");
        assertThatThrownBy(() -> new IngestTrust(new EventVerifier(without("case-service")), TestEventKeys.signer("audit-service")))
                .hasMessageContaining("no key of case-service:");
        assertThatThrownBy(() -> new IngestTrust(new EventVerifier(without("notification-service")), TestEventKeys.signer("audit-service")))
                .hasMessageContaining("no key of notification-service:");
    }

    @Test
    void theLogSignsItsOwnEntriesOnlyWithAnAuditServiceKey() {
        assertThatThrownBy(() -> new IngestTrust(new EventVerifier(ALL), TestEventKeys.signer("case-service")))
                .hasMessageContaining("SAMVERKAN_EVENTS_SIGNING_KEY").hasMessageContaining("not a key of audit-service");
    }

    private static Map<String, PublicKey> without(String service) {
        Map<String, PublicKey> keys = new LinkedHashMap<>(ALL);
        keys.keySet().removeIf(id -> EventKeys.serviceOf(id).equals(service));
        assertThat(keys).hasSizeLessThan(ALL.size());
        return keys;
    }
}
