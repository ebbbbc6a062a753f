package se.samverkan.notification.directory;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import se.samverkan.contracts.Agency;
import se.samverkan.contracts.CloudEvent;
import se.samverkan.contracts.CloudEventCodec;
import se.samverkan.contracts.MalformedEventException;
import se.samverkan.contracts.Topics;
import se.samverkan.contracts.signing.EventSigner;
import se.samverkan.contracts.signing.EventVerifier;
import se.samverkan.notification.NotificationServiceIT;
import se.samverkan.notification.schema.SchemaMigration;
import se.samverkan.platform.identity.Role;
import se.samverkan.platform.test.TestKafka;
import se.samverkan.platform.test.TestPostgres;
import se.samverkan.platform.test.TestUser;
import se.samverkan.signing.EventKeys;
import se.samverkan.signing.SignedEnvelope;
import tools.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Directory events are signed when notification-service writes them and sent as stored: a row someone put into
 * {@code directory_event_outbox} with the service's database credentials ("the administrator suspended this police
 * liaison") is never signed by the service, and the audit log never records an administrative act nobody made. Before,
 * the relay signed whatever a row said at send time, and every forgery below went out as notification-service's word.
 */
class DirectoryEventsSignedAtSourceIT extends NotificationServiceIT {

    @Autowired
    EventSigner signer;

    @Autowired
    MeterRegistry meters;

    @Test
    void aRowTheServiceDidNotSignNeverReachesKafkaAndIsSetAsideWithAnAlert() {
        Staff staff = newStaff();
        TestUser admin = person("admin", Role.ADMINISTRATOR, Agency.MUNICIPALITY, staff.municipality(), "it-" + staff.unit());
        TestUser police = staff.police();
        assertThat(put("/api/directory/users/" + police.id(), admin, entry(staff, police, false)).statusCode()).isEqualTo(200);
        UUID genuineId = latestEventOf(police.id());
        byte[] genuine = storedValue(genuineId);
        double alertsBefore = alerts();

        // as the service's database role: an unsigned "the administrator suspended the social worker"
        TestUser victim = staff.socialWorker();
        UUID unsigned = UUID.randomUUID();
        ObjectNode made = (ObjectNode) CloudEventCodec.mapper().readTree(genuine);
        made.remove(SignedEnvelope.SIGNATURE_ATTRIBUTE);
        made.remove(SignedEnvelope.KEY_ID_ATTRIBUTE);
        made.put("id", unsigned.toString());
        made.put("subject", victim.id());
        ((ObjectNode) made.get("data")).put("userId", victim.id());
        insertAsRuntimeRole(unsigned, CloudEventCodec.mapper().writeValueAsBytes(made));
        // the same, signed with a key that claims to be notification-service's but is none of its own
        UUID otherKey = UUID.randomUUID();
        made.put("id", otherKey.toString());
        EventSigner notOurs = new EventSigner(EventKeys.parseSigningKey(EventKeys.generateSigningKey("notification-service/not-ours")));
        insertAsRuntimeRole(otherKey, notOurs.sign(CloudEventCodec.fromBytes(CloudEventCodec.mapper().writeValueAsBytes(made))));
        // and the genuine signed value copied into a row of another id (a replay the row's id would hide)
        UUID copied = UUID.randomUUID();
        insertAsRuntimeRole(copied, genuine);

        // a genuine change written after them: once it arrives, the relay has been past all three
        assertThat(put("/api/directory/users/" + police.id(), admin, entry(staff, police, true)).statusCode()).isEqualTo(200);
        UUID marker = latestEventOf(police.id());
        List<ConsumerRecord<String, byte[]>> sent = recordsThrough(marker);

        assertThat(sent).map(DirectoryEventsSignedAtSourceIT::idOf)
                .doesNotContain(unsigned.toString(), otherKey.toString(), copied.toString());
        // the copy carries the genuine event's id, which went out once, before
        assertThat(sent).filteredOn(r -> idOf(r).equals(genuineId.toString())).hasSize(1);
        assertThat(sent).as("nothing about the victim").noneMatch(r -> victim.id().equals(r.key()));
        assertThat(jdbc.sql("SELECT count(*) FROM directory_event_outbox WHERE event_id IN (?, ?, ?) AND dead_lettered_at IS NOT NULL"
                + " AND published_at IS NULL").params(unsigned, otherKey, copied).query(Long.class).single()).isEqualTo(3);
        assertThat(alerts()).isGreaterThanOrEqualTo(alertsBefore + 3);
        // the genuine one went out byte for byte as stored, with a signature of the service's key
        ConsumerRecord<String, byte[]> arrived = sent.getLast();
        assertThat(arrived.value()).isEqualTo(storedValue(marker));
        assertThat(ownKeyVerifier().verify(Topics.NOTIFICATION_EVENTS, arrived.value()).event().id()).isEqualTo(marker.toString());
    }

    @Test
    void anUnsignedRowPendingAtTheUpgradeStillGoesOutSignedAtSendTime() {
        String id = UUID.randomUUID().toString();
        // an administrator's refused attempt on an unknown user: a genuine event to copy the shape of
        assertThat(put("/api/directory/users/" + id, TestUser.ADMINISTRATOR, """
                {"userId":"%s","username":"legacy-probe","email":"probe@haninge.example","agency":"SOCIAL_SERVICES",
                 "municipality":"0136","unit":"haninge-ungdom","roles":["social-worker"],"active":true}""".formatted(id))
                .statusCode()).isEqualTo(422);
        CloudEvent genuine = CloudEventCodec.fromBytes(storedValue(latestEventOf(id)));
        UUID legacy = UUID.randomUUID();
        CloudEvent older = new CloudEvent(genuine.specversion(), legacy.toString(), genuine.source(), genuine.type(),
                genuine.subject(), genuine.time(), genuine.datacontenttype(), genuine.dataschema(), genuine.data());

        // as the previous version wrote it, recorded as pending by the upgrade's migration (as its owner does)
        jdbc.sql("""
                        WITH r AS (INSERT INTO directory_event_outbox (event_id, cloud_event) VALUES (?, ?) RETURNING position)
                        INSERT INTO directory_event_outbox_legacy_unsigned (position) SELECT position FROM r""")
                .params(legacy, CloudEventCodec.toBytes(older)).update();

        ConsumerRecord<String, byte[]> arrived = recordsThrough(legacy).getLast();
        assertThat(ownKeyVerifier().verify(Topics.NOTIFICATION_EVENTS, arrived.value()).event().id()).isEqualTo(legacy.toString());
    }

    @Test
    void theRuntimeRoleCannotMarkARowAsWrittenBeforeTheUpgradeNorWriteTheRelaysColumns() {
        assertThatThrownBy(() -> service.sql("INSERT INTO directory_event_outbox_legacy_unsigned (position) VALUES (-1)").update())
                .hasStackTraceContaining("permission denied");
        assertThatThrownBy(() -> service.sql("UPDATE directory_event_outbox_legacy_unsigned SET position = position").update())
                .hasStackTraceContaining("permission denied");
        assertThatThrownBy(() -> service.sql("DELETE FROM directory_event_outbox_legacy_unsigned").update())
                .hasStackTraceContaining("permission denied");
        assertThatThrownBy(() -> service.sql("SELECT * FROM directory_event_outbox_signing_line").query().listOfRows())
                .as("nothing in the service reads the line").hasStackTraceContaining("permission denied");
        assertThatThrownBy(() -> service.sql("INSERT INTO directory_event_outbox (position, event_id, cloud_event) OVERRIDING SYSTEM VALUE"
                        + " VALUES (-5, ?, '\\x7b7d')").param(UUID.randomUUID()).update())
                .hasStackTraceContaining("permission denied");
        assertThatThrownBy(() -> service.sql("INSERT INTO directory_event_outbox (event_id, cloud_event, dead_lettered_at) VALUES (?, '\\x7b7d', now())")
                .param(UUID.randomUUID()).update()).hasStackTraceContaining("permission denied");
        assertThat(service.sql("SELECT count(*) FROM directory_event_outbox_legacy_unsigned").query(Long.class).single())
                .as("the relay reads the list").isNotNegative();
    }

    /**
     * An installation from before: the rows still pending when the migration runs are listed (and only they), and the
     * line is drawn after the last row written unsigned.
     */
    @Test
    void theUpgradeListsThePendingUnsignedRowsAndDrawsTheLine() {
        String database = "notification_signing_" + Long.toHexString(System.nanoTime());
        TestPostgres.database(database);
        TestPostgres.execute("postgres", "ALTER DATABASE " + database + " OWNER TO " + OWNER);
        String url = TestPostgres.jdbcUrlWithoutUser(database);
        Flyway.configure().dataSource(url, OWNER, OWNER).locations(SchemaMigration.DEFAULT_LOCATIONS.toArray(String[]::new))
                .placeholders(Map.of("runtime_role", RUNTIME_ROLE)).target("8").load().migrate();
        JdbcClient owner = JdbcClient.create(dataSource(url, OWNER));
        String unsignedEvent = "{\"specversion\":\"1.0\"}";
        owner.sql("INSERT INTO directory_event_outbox (event_id, cloud_event, published_at) VALUES (?, convert_to(?, 'UTF8'), now())")
                .params(UUID.randomUUID(), unsignedEvent).update();
        owner.sql("INSERT INTO directory_event_outbox (event_id, cloud_event, dead_lettered_at) VALUES (?, convert_to(?, 'UTF8'), now())")
                .params(UUID.randomUUID(), unsignedEvent).update();
        long pending = owner.sql("INSERT INTO directory_event_outbox (event_id, cloud_event) VALUES (?, convert_to(?, 'UTF8')) RETURNING position")
                .params(UUID.randomUUID(), unsignedEvent).query(Long.class).single();
        owner.sql("INSERT INTO directory_event_outbox (event_id, cloud_event, published_at) VALUES (?, convert_to(?, 'UTF8'), now())")
                .params(UUID.randomUUID(), unsignedEvent).update();
        long last = owner.sql("SELECT max(position) FROM directory_event_outbox").query(Long.class).single();

        SchemaMigration.migrate(url, OWNER, OWNER, RUNTIME_ROLE, SchemaMigration.DEFAULT_LOCATIONS);

        JdbcClient runtime = JdbcClient.create(dataSource(url, RUNTIME_ROLE));
        assertThat(runtime.sql("SELECT position FROM directory_event_outbox_legacy_unsigned").query(Long.class).list())
                .containsExactly(pending);
        assertThat(owner.sql("SELECT last_unsigned_position FROM directory_event_outbox_signing_line").query(Long.class).list())
                .containsExactly(last);
    }

    private void insertAsRuntimeRole(UUID eventId, byte[] value) {
        service.sql("INSERT INTO directory_event_outbox (event_id, cloud_event) VALUES (?, ?)").params(eventId, value).update();
    }

    /** The id of the latest directory event about the user. */
    private static UUID latestEventOf(String userId) {
        String row = "position(convert_to(?, 'UTF8') in cloud_event) > 0";
        await().atMost(PATIENCE).until(() -> jdbc.sql("SELECT count(*) FROM directory_event_outbox WHERE " + row)
                .param(userId).query(Long.class).single() > 0);
        return jdbc.sql("SELECT event_id FROM directory_event_outbox WHERE " + row + " ORDER BY position DESC LIMIT 1")
                .param(userId).query(UUID.class).single();
    }

    private static byte[] storedValue(UUID eventId) {
        return jdbc.sql("SELECT cloud_event FROM directory_event_outbox WHERE event_id = ?").param(eventId)
                .query((rs, n) -> rs.getBytes(1)).single();
    }

    /**
     * Every record on the topic, from its start to its end once the event arrived: the relay sends in the outbox's
     * order and marks a batch sent only after the broker took all of it, so whatever was sent before the event is in.
     * The event's record is the last one.
     */
    private static List<ConsumerRecord<String, byte[]>> recordsThrough(UUID eventId) {
        List<ConsumerRecord<String, byte[]>> read = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                TestKafka.bootstrapServers(), ConsumerConfig.GROUP_ID_CONFIG, "signed-at-source-it-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.NOTIFICATION_EVENTS));
            await().atMost(PATIENCE).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(read::add);
                return read.stream().anyMatch(r -> idOf(r).equals(eventId.toString()));
            });
            // the other partitions, to their end
            Map<TopicPartition, Long> ends = consumer.endOffsets(consumer.assignment());
            await().atMost(PATIENCE).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(read::add);
                return ends.entrySet().stream().allMatch(end -> consumer.position(end.getKey()) >= end.getValue());
            });
        }
        ConsumerRecord<String, byte[]> event = read.stream().filter(r -> idOf(r).equals(eventId.toString())).findFirst().orElseThrow();
        List<ConsumerRecord<String, byte[]>> all = new ArrayList<>(read);
        all.remove(event);
        all.add(event);
        return all;
    }

    private static String idOf(ConsumerRecord<String, byte[]> record) {
        try {
            return CloudEventCodec.fromBytes(record.value()).id();
        } catch (MalformedEventException e) { // another test's garbage
            return "";
        }
    }

    private double alerts() {
        var counter = meters.find("samverkan.publish.dead.letters").tag("stream", "DIRECTORY_EVENTS").tag("reason", "ForgedAtSource").counter();
        return counter == null ? 0 : counter.count();
    }

    private EventVerifier ownKeyVerifier() {
        return new EventVerifier(Map.of(signer.keyId(), signer.key().publicKey()));
    }

    private static String entry(Staff staff, TestUser user, boolean active) {
        return """
                {"userId":"%s","username":"%s","email":"%s","agency":"%s","municipality":"%s","unit":"%s",
                 "roles":["police-liaison"],"active":%s}""".formatted(user.id(), user.username(), user.email(),
                user.agency().name(), staff.municipality(), staff.policeUnit(), active);
    }

    private static PGSimpleDataSource dataSource(String url, String role) {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(url);
        dataSource.setUser(role);
        dataSource.setPassword(role);
        return dataSource;
    }
}
