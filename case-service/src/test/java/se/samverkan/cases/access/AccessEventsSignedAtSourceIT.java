package se.samverkan.cases.access;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import se.samverkan.cases.support.IntegrationTest;
import se.samverkan.contracts.CloudEvent;
import se.samverkan.contracts.CloudEventCodec;
import se.samverkan.contracts.Topics;
import se.samverkan.contracts.signing.EventSigner;
import se.samverkan.contracts.signing.EventVerifier;
import se.samverkan.signing.SignedEnvelope;
import tools.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static se.samverkan.platform.test.TestUser.SOCIAL_WORKER;

/**
 * Access events are signed when case-service writes them and sent as stored: a row someone put into
 * {@code access_outbox} with the service's database credentials ("anna read case X under break-glass") is never
 * signed by the service. Before, the relay signed whatever a row said at send time, and both forgeries below went out
 * as case-service's word.
 */
class AccessEventsSignedAtSourceIT extends IntegrationTest {

    @Autowired
    EventSigner signer;

    @Autowired
    MeterRegistry meters;



    @Test
    void aRowTheServiceDidNotSignNeverReachesKafkaAndIsSetAsideWithAnAlert() {
        UUID caseId = openCase(SOCIAL_WORKER, "RAPID_INTERVENTION", "NONE");
        assertThat(get(SOCIAL_WORKER, "/api/cases/" + caseId).status()).isEqualTo(200);
        byte[] genuine = storedValue(latestEventId(caseId));
        double alertsBefore = alerts();

        // as the service's database role: an unsigned made-up break-glass read, and a signed row with its bytes altered
        UUID unsigned = UUID.randomUUID();
        ObjectNode made = (ObjectNode) CloudEventCodec.mapper().readTree(genuine);
        made.remove(SignedEnvelope.SIGNATURE_ATTRIBUTE);
        made.remove(SignedEnvelope.KEY_ID_ATTRIBUTE);
        made.put("id", unsigned.toString());
        ((ObjectNode) made.get("data")).put("purpose", "BREAK_GLASS");
        insertAsRuntimeRole(unsigned, caseId, CloudEventCodec.mapper().writeValueAsBytes(made));
        UUID altered = UUID.randomUUID();
        String genuineJson = new String(genuine, StandardCharsets.UTF_8);
        String genuineId = CloudEventCodec.fromBytes(genuine).id();
        insertAsRuntimeRole(altered, caseId, genuineJson.replace(genuineId, altered.toString()).getBytes(StandardCharsets.UTF_8));
        // and a genuine signed value copied into a row of another id (a replay the row's id would hide)
        UUID copied = UUID.randomUUID();
        insertAsRuntimeRole(copied, caseId, genuine);
        setAside(List.of(unsigned, altered, copied));

        // a genuine access event written after them: once it arrives, the relay has been past both
        assertThat(get(SOCIAL_WORKER, "/api/cases/" + caseId).status()).isEqualTo(200);
        UUID marker = latestEventId(caseId);
        ConsumerRecord<String, byte[]> arrived = awaitRecord(marker);

        assertThat(records(Topics.ACCESS_EVENTS)).map(r -> CloudEventCodec.fromBytes(r.value()).id())
                .doesNotContain(unsigned.toString(), altered.toString());
        assertThat(errorClass(unsigned)).isEqualTo("ForgedAtSource");
        assertThat(errorClass(altered)).isEqualTo("ForgedAtSource");
        // set aside under the id it carries: the genuine event's, which went out once, long before
        assertThat(jdbc.sql("SELECT dead_lettered_at IS NOT NULL FROM access_outbox WHERE event_id = ?").param(copied)
                .query(Boolean.class).single()).isTrue();
        assertThat(records(Topics.ACCESS_EVENTS)).filteredOn(r -> CloudEventCodec.fromBytes(r.value()).id().equals(genuineId))
                .hasSize(1);
        assertThat(jdbc.sql("SELECT count(*) FROM access_outbox WHERE event_id IN (?, ?) AND dead_lettered_at IS NOT NULL"
                + " AND published_at IS NULL").params(unsigned, altered).query(Long.class).single()).isEqualTo(2);
        assertThat(alerts()).isGreaterThanOrEqualTo(alertsBefore + 3);
        // the genuine one went out byte for byte as stored, with a signature of the service's key
        assertThat(arrived.value()).isEqualTo(storedValue(marker));
        assertThat(ownKeyVerifier().verify(Topics.ACCESS_EVENTS, arrived.value()).event().id()).isEqualTo(marker.toString());
    }

    @Test
    void anUnsignedRowPendingAtTheUpgradeStillGoesOutSignedAtSendTime() {
        UUID caseId = openCase(SOCIAL_WORKER, "RAPID_INTERVENTION", "NONE");
        assertThat(get(SOCIAL_WORKER, "/api/cases/" + caseId).status()).isEqualTo(200);
        CloudEvent genuine = CloudEventCodec.fromBytes(storedValue(latestEventId(caseId)));
        UUID legacy = UUID.randomUUID();
        CloudEvent older = new CloudEvent(genuine.specversion(), legacy.toString(), genuine.source(), genuine.type(),
                genuine.subject(), genuine.time(), genuine.datacontenttype(), genuine.dataschema(), genuine.data());

        // as the previous version wrote it, recorded as pending by the upgrade's migration (as its owner does)
        superuser.sql("""
                        WITH r AS (INSERT INTO access_outbox (event_id, case_id, cloud_event) VALUES (?, ?, ?) RETURNING position)
                        INSERT INTO access_outbox_legacy_unsigned (position) SELECT position FROM r""")
                .params(legacy, caseId.toString(), CloudEventCodec.toBytes(older)).update();

        ConsumerRecord<String, byte[]> arrived = awaitRecord(legacy);
        assertThat(ownKeyVerifier().verify(Topics.ACCESS_EVENTS, arrived.value()).event().id()).isEqualTo(legacy.toString());
    }

    @Test
    void theRuntimeRoleCannotMarkARowAsWrittenBeforeTheUpgradeNorWriteTheRelaysColumns() {
        assertThatThrownBy(() -> jdbc.sql("INSERT INTO access_outbox_legacy_unsigned (position) VALUES (-1)").update())
                .hasStackTraceContaining("permission denied");
        assertThatThrownBy(() -> jdbc.sql("UPDATE access_outbox_legacy_unsigned SET position = position").update())
                .hasStackTraceContaining("permission denied");
        assertThatThrownBy(() -> jdbc.sql("INSERT INTO access_outbox (position, event_id, case_id, cloud_event) VALUES (-5, ?, 'x', '\\x7b7d')")
                .param(UUID.randomUUID()).update()).hasStackTraceContaining("permission denied");
        assertThatThrownBy(() -> jdbc.sql("INSERT INTO access_outbox (event_id, case_id, cloud_event, published_at) VALUES (?, 'x', '\\x7b7d', now())")
                .param(UUID.randomUUID()).update()).hasStackTraceContaining("permission denied");
    }

    private void insertAsRuntimeRole(UUID eventId, UUID caseId, byte[] value) {
        jdbc.sql("INSERT INTO access_outbox (event_id, case_id, cloud_event) VALUES (?, ?, ?)")
                .params(eventId, caseId.toString(), value).update();
    }

    private UUID latestEventId(UUID caseId) {
        return superuser.sql("SELECT event_id FROM access_outbox WHERE case_id = ? ORDER BY position DESC LIMIT 1")
                .param(caseId.toString()).query(UUID.class).single();
    }

    private byte[] storedValue(UUID eventId) {
        return superuser.sql("SELECT cloud_event FROM access_outbox WHERE event_id = ?").param(eventId)
                .query((rs, n) -> rs.getBytes(1)).single();
    }

    private static ConsumerRecord<String, byte[]> awaitRecord(UUID eventId) {
        List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            records(Topics.ACCESS_EVENTS).stream()
                    .filter(r -> CloudEventCodec.fromBytes(r.value()).id().equals(eventId.toString()))
                    .findFirst().ifPresent(found::add);
            return !found.isEmpty();
        });
        return found.getFirst();
    }

    private String errorClass(UUID eventId) {
        return superuser.sql("SELECT error_class FROM publish_dead_letter WHERE stream = 'ACCESS_EVENTS' AND event_id = ?")
                .param(eventId).query(String.class).single();
    }

    private double alerts() {
        var counter = meters.find("samverkan.publish.dead.letters").tag("stream", "ACCESS_EVENTS").tag("reason", "ForgedAtSource").counter();
        return counter == null ? 0 : counter.count();
    }

    private EventVerifier ownKeyVerifier() {
        return new EventVerifier(Map.of(signer.keyId(), signer.key().publicKey()));
    }
}
