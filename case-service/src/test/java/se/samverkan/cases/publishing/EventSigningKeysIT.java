package se.samverkan.cases.publishing;

import org.junit.jupiter.api.Test;
import se.samverkan.cases.support.IntegrationTest;
import se.samverkan.signing.EventKeys;
import se.samverkan.platform.test.TestEventKeys;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 16: consumers and the offline verifier pin case-service's public event key; anyone may fetch it, nothing else. */
class EventSigningKeysIT extends IntegrationTest {

    @Test
    void thePublicHalfOfCaseServicesSigningKeyIsPublishedWithoutATokenAndNothingSecretWithIt() {
        Response keys = get(null, "/api/event-signing-keys");

        assertThat(keys.status()).isEqualTo(200);
        assertThat(keys.json().get("source").asString()).isEqualTo("/samverkan/case-service");
        var active = keys.json().get("keys").get(0);
        assertThat(active.get("kid").asString()).isEqualTo("case-service/test");
        assertThat(active.get("x").asString())
                .isEqualTo(EventKeys.encodePublic(TestEventKeys.verifier().trustedKeys().get("case-service/test")));
        assertThat(active.has("d")).as("no private key material").isFalse();
        assertThat(keys.json().get("keys")).as("only case-service's own keys").allSatisfy(key ->
                assertThat(key.get("kid").asString()).startsWith("case-service/"));
    }
}
