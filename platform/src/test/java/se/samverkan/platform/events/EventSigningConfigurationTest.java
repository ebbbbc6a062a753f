package se.samverkan.platform.events;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import se.samverkan.signing.EventKeys;
import se.samverkan.contracts.signing.EventSigner;
import se.samverkan.contracts.signing.EventVerifier;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Wiring of the event keys: a service signs with its own key, trusts only configured keys, publishes only public ones. */
class EventSigningConfigurationTest {

    private static final String CASE_KEY = EventKeys.generateSigningKey("case-service/2027-01");
    private static final String NEXT_CASE_KEY = EventKeys.generateSigningKey("case-service/2027-07");
    private static final String AUDIT_KEY = EventKeys.generateSigningKey("audit-service/2027-01");

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(EventSigningConfiguration.class));

    @Test
    void signs_with_its_own_key_and_trusts_exactly_the_configured_keys() {
        runner.withPropertyValues("samverkan.events.signing-key=" + CASE_KEY,
                        "samverkan.events.trusted-keys=" + publicOf(AUDIT_KEY) + "," + publicOf(CASE_KEY))
                .run(context -> {
                    assertThat(context.getBean(EventSigner.class).keyId()).isEqualTo("case-service/2027-01");
                    assertThat(context.getBean(EventVerifier.class).trustedKeys())
                            .containsOnlyKeys("audit-service/2027-01", "case-service/2027-01");
                });
    }

    @Test
    void a_broken_key_stops_the_start_naming_the_variable_and_never_the_key() {
        String broken = "case-service/2027-01:" + CASE_KEY.substring(CASE_KEY.indexOf(':') + 1, CASE_KEY.length() - 8);
        runner.withPropertyValues("samverkan.events.signing-key=" + broken).run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("SAMVERKAN_EVENTS_SIGNING_KEY")
                    .message().doesNotContain(broken.substring(broken.indexOf(':') + 1));
        });
        runner.withPropertyValues("samverkan.events.signing-key=" + CASE_KEY, "samverkan.events.trusted-keys=case-service/x:AAAA")
                .run(context -> assertThat(context.getStartupFailure()).rootCause()
                        .hasMessageContaining("SAMVERKAN_EVENTS_TRUSTED_KEYS").hasMessageContaining("32 bytes"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void publishes_the_active_and_the_announced_next_key_and_nothing_private() {
        new WebApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(EventSigningConfiguration.class))
                .withPropertyValues("samverkan.events.signing-key=" + CASE_KEY, "samverkan.events.published-keys=" + publicOf(NEXT_CASE_KEY))
                .run(context -> {
                    Map<String, Object> body = context.getBean(EventSigningKeysController.class).keys().getBody();
                    assertThat(body).containsEntry("source", "/samverkan/case-service");
                    List<Map<String, String>> keys = (List<Map<String, String>>) body.get("keys");
                    assertThat(keys).extracting(key -> key.get("kid") + "=" + key.get("status"))
                            .containsExactly("case-service/2027-01=active", "case-service/2027-07=announced");
                    assertThat(keys.get(0)).containsEntry("x", publicOf(CASE_KEY).substring(publicOf(CASE_KEY).indexOf(':') + 1))
                            .containsEntry("crv", "Ed25519").containsOnlyKeys("kty", "crv", "alg", "use", "kid", "x", "status");
                    assertThat(body.toString()).doesNotContain(CASE_KEY.substring(CASE_KEY.indexOf(':') + 1));
                });
        // a service cannot announce another service's key as its own
        new WebApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(EventSigningConfiguration.class))
                .withPropertyValues("samverkan.events.signing-key=" + CASE_KEY, "samverkan.events.published-keys=" + publicOf(AUDIT_KEY))
                .run(context -> assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("not a key of case-service"));
    }

    private static String publicOf(String signingKey) {
        return EventKeys.parseSigningKey(signingKey).publicKeyText();
    }
}
