package se.samverkan.notification.ingest;

import org.junit.jupiter.api.Test;
import se.samverkan.contracts.Topics;
import se.samverkan.signing.EventKeys;
import se.samverkan.contracts.signing.EventVerifier;
import se.samverkan.platform.test.TestEventKeys;

import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProducerTrustTest {

    @Test
    void theListenerConsumesTheCaseAccessAndAuditTopics() {
        assertThat(IntegrationEventListener.consumedTopics())
                .containsExactlyInAnyOrder(Topics.CASE_EVENTS, Topics.ACCESS_EVENTS, Topics.AUDIT_EVENTS);
    }

    @Test
    void startsWhenEveryProducerOfAConsumedTopicHasATrustedKey() {
        assertThatCode(() -> ProducerTrust.requireTrustedProducers(IntegrationEventListener.consumedTopics(), TestEventKeys.verifier()))
                .doesNotThrowAnyException();
    }

    @Test
    void refusesToStartWithoutAKeyOfCaseService() {
        EventVerifier withoutCaseService = trustingOnly("audit-service", "notification-service");

        assertThatThrownBy(() -> ProducerTrust.requireTrustedProducers(IntegrationEventListener.consumedTopics(), withoutCaseService))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(Topics.CASE_EVENTS + " (written by case-service)")
                .hasMessageContaining(Topics.ACCESS_EVENTS + " (written by case-service)")
                .hasMessageNotContaining(Topics.AUDIT_EVENTS)
                .hasMessageContaining("SAMVERKAN_EVENTS_TRUSTED_KEYS");
    }

    @Test
    void refusesToStartWithoutAKeyOfAuditService() {
        assertThatThrownBy(() -> ProducerTrust.requireTrustedProducers(IntegrationEventListener.consumedTopics(),
                trustingOnly("case-service")))
                .hasMessageContaining(Topics.AUDIT_EVENTS + " (written by audit-service)")
                .hasMessageNotContaining(Topics.CASE_EVENTS);
    }

    @Test
    void theListenerItselfCannotBeCreatedWithoutThem() {
        assertThatThrownBy(() -> new IntegrationEventListener(null, trustingOnly("notification-service")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("written by case-service")
                .hasMessageContaining("written by audit-service");
    }

    @Test
    void refusesToStartTrustingNothing() {
        assertThatThrownBy(() -> ProducerTrust.requireTrustedProducers(IntegrationEventListener.consumedTopics(),
                new EventVerifier(Map.of()))).isInstanceOf(IllegalStateException.class);
    }

    private static EventVerifier trustingOnly(String... services) {
        var wanted = java.util.Set.of(services);
        return new EventVerifier(EventKeys.parsePublicKeys(TestEventKeys.trustedKeys()).entrySet().stream()
                .filter(key -> wanted.contains(EventKeys.serviceOf(key.getKey())))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
    }
}
