package se.samverkan.notification;

import org.junit.jupiter.api.Test;
import se.samverkan.contracts.Agency;
import se.samverkan.contracts.CloudEvent;
import se.samverkan.contracts.CloudEventCodec;
import se.samverkan.contracts.ContractSchemas;
import se.samverkan.contracts.effects.EffectFiguresPublished;
import se.samverkan.platform.identity.Role;
import se.samverkan.platform.test.TestUser;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Issue 15: an event about no case (the monthly effect figures) reaches the analysts of its municipality, once. */
class EffectFiguresIT extends NotificationServiceIT {

    static final String TYPE = "se.samverkan.case.effect-figures-published.v1";

    @Test
    void theMonthlyEffectFiguresReachTheirMunicipalitysAnalystsOnlyAndOnce() {
        String municipality = "9" + "%03d".formatted(ThreadLocalRandom.current().nextInt(1000));
        TestUser analyst = person("analyst", Role.ANALYST, Agency.MUNICIPALITY, municipality, "analys-" + municipality);
        TestUser compliance = person("compliance", Role.COMPLIANCE_OFFICER, Agency.MUNICIPALITY, municipality, "dataskydd-" + municipality);
        TestUser elsewhere = person("analyst", Role.ANALYST, Agency.MUNICIPALITY, "8" + municipality.substring(1), "analys-annan");

        EffectFiguresPublished example = (EffectFiguresPublished) CloudEventCodec.data(new CloudEvent("1.0", UUID.randomUUID().toString(),
                URI.create("/samverkan/case-service"), TYPE, null, Instant.now(), "application/json", null, ContractSchemas.example(TYPE)));
        EffectFiguresPublished figures = new EffectFiguresPublished(UUID.randomUUID(), municipality, example.month(), example.asOf(),
                example.periodLength(), example.suppressionThreshold(), example.targets(), example.rows(), Instant.now());
        CloudEvent sent = publish(figures);
        publish(sent);

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(inbox(analyst, "").path("items")).hasSize(1));
        JsonNode item = inbox(analyst, "").path("items").get(0);
        assertThat(item.path("kind").asString()).isEqualTo("EFFECT_FIGURES_PUBLISHED");
        assertThat(item.path("caseId").isNull() || item.path("caseId").isMissingNode()).isTrue();
        assertThat(item.path("link").asString()).isEqualTo("/api/effects/municipalities/" + municipality + "/figures");
        assertThat(item.path("message").asString()).contains(example.month()).doesNotContain("PEOPLE", "SHOWN");
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> inbox(analyst, "").path("items").size() == 1);
        assertThat(inbox(compliance, "").path("items")).isEmpty();
        assertThat(inbox(elsewhere, "").path("items")).isEmpty();
    }
}
