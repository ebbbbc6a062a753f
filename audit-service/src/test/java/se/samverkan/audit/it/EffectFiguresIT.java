package se.samverkan.audit.it;

import org.junit.jupiter.api.Test;
import se.samverkan.contracts.CloudEvent;
import se.samverkan.contracts.CloudEventCodec;
import se.samverkan.contracts.ContractSchemas;
import se.samverkan.contracts.effects.EffectFiguresPublished;
import se.samverkan.platform.test.TestUser;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 15: case-service's monthly effect figures, an event about no case, are recorded like everything it publishes,
 * and read by the officers of the municipality they are about (not every officer, as an entry of nobody's would be).
 */
class EffectFiguresIT extends AuditServiceITBase {

    static final String TYPE = "se.samverkan.case.effect-figures-published.v1";

    @Test
    void theMonthlyEffectFiguresAreRecordedWithoutACaseAndReadByTheirMunicipalitysOfficers() {
        EffectFiguresPublished example = (EffectFiguresPublished) CloudEventCodec.data(new CloudEvent("1.0", UUID.randomUUID().toString(),
                URI.create("/samverkan/case-service"), TYPE, null, Instant.now(), "application/json", null, ContractSchemas.example(TYPE)));
        EffectFiguresPublished figures = new EffectFiguresPublished(UUID.randomUUID(), example.municipality(), example.month(),
                example.asOf(), example.periodLength(), example.suppressionThreshold(), example.targets(), example.rows(), Instant.now());
        // the log this JVM's other classes left behind: the search starts after it, so neither the page nor the scan
        // limit decides whether this test's entry is among those examined
        long before = jdbc.queryForObject("SELECT coalesce(max(leaf_index), -1) FROM audit_entries", Long.class);
        CloudEvent sent = send(figures);
        assertThat(sent.subject()).isEqualTo("effect-figures-0136");

        await().atMost(Duration.ofSeconds(20)).until(() -> entriesWithEventId(sent.id()) == 1);
        Map<String, Object> row = jdbc.queryForMap("SELECT case_id, subject_id, event_type FROM audit_entries WHERE event_id = ?::uuid", sent.id());
        assertThat(row.get("case_id")).isNull();
        assertThat(row.get("subject_id")).isNull();
        assertThat(row.get("event_type")).isEqualTo(TYPE);

        long leaf = jdbc.queryForObject("SELECT leaf_index FROM audit_entries WHERE event_id = ?::uuid", Long.class, sent.id());

        String search = "/api/audit/entries?type=" + TYPE + "&afterLeaf=" + before;
        JsonNode eva = json(get(search, TestUser.COMPLIANCE_OFFICER));
        assertThat(eva.get("items").findValuesAsString("eventId")).contains(sent.id());
        JsonNode hanna = json(get(search, TestUser.COMPLIANCE_OFFICER_BOTKYRKA));
        assertThat(hanna.get("scannedToLeaf").asLong()).as("her search examined the figures' leaf").isGreaterThan(leaf);
        assertThat(hanna.get("items").findValuesAsString("eventId")).as("Haninge's figures are Haninge's business").doesNotContain(sent.id());
    }
}
