package se.samverkan.localstack;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import se.samverkan.contracts.Topics;
import se.samverkan.localstack.kafka.LocalKafka;
import se.samverkan.localstack.kafka.TopicList;
import se.samverkan.localstack.secrets.StackSecrets;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.LinkedHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The attacker's view of issue 16's first point, "the broker authenticates every client": someone on the broker's
 * network with kcat, or with one service's credentials, tries to write the forged referral-sent record of the issue
 * or to read and disturb what the services exchange. Before the change the local broker had a PLAINTEXT listener and
 * no authorizer, so every attempt below succeeded and each test fails on that code. Each attempt ends within seconds
 * with the broker's own refusal; nothing waits by sleeping.
 */
class AttackerBrokerIT {

    /** The forged record, as kcat would send it (never accepted, so its content does not matter much). */
    private static final byte[] FORGED = """
            {"specversion":"1.0","id":"forged-1","source":"/samverkan/case-service","type":"se.samverkan.case.referral-sent.v1",
             "subject":"00000000-0000-0000-0000-000000000000","data":{"actor":"cecilia"}}""".getBytes(StandardCharsets.UTF_8);
    private static final Duration REFUSAL = Duration.ofSeconds(20);

    private static StackSettings settings;
    private static StackSecrets secrets;
    private static List<String> topics;

    @BeforeAll
    static void stack() {
        // the services must run on the authenticated broker
        settings = ItStack.started().settings();
        secrets = StackSecrets.loadOrCreate(settings);
        topics = TopicList.read(settings.topicsFile()).names();
    }

    /** Issue 16 point 1, "no anonymous client writes anything": before, the forged record was accepted as is. */
    @Test
    void a_client_without_credentials_cannot_produce_the_forged_referral() {
        try (KafkaProducer<String, byte[]> kcat = producer(anonymous())) {
            Throwable failure = sendFailure(kcat, Topics.CASE_EVENTS);

            // the broker speaks only SASL: a plaintext client never even learns the topic's partitions
            assertThat(failure).isInstanceOf(TimeoutException.class).hasMessageContaining("not present in metadata");
        }
    }

    /**
     * Issue 16 point 1, "no anonymous client reads anything": before, every topic's partitions were there to fetch.
     * One anonymous client per topic, all at once: each waits its full 5 s for metadata the broker never gives it.
     */
    @Test
    void a_client_without_credentials_cannot_read_any_topic() throws Exception {
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            Map<String, Future<Throwable>> failures = new LinkedHashMap<>();
            for (String topic : topics) {
                failures.put(topic, clients.submit(() -> {
                    try (KafkaConsumer<String, byte[]> kcat = consumer(anonymous(), null)) {
                        return catching(() -> kcat.partitionsFor(topic, Duration.ofSeconds(5)));
                    }
                }));
            }
            for (Map.Entry<String, Future<Throwable>> failure : failures.entrySet()) {
                assertThat(failure.getValue().get(1, TimeUnit.MINUTES)).as(failure.getKey()).isInstanceOf(TimeoutException.class);
            }
        }
    }

    /**
     * Issue 16 point 1: the controller listener must not make an anonymous local client the cluster. Before, it was
     * PLAINTEXT with no authorizer: any process on the machine could describe and change the cluster through it.
     */
    @Test
    void the_controller_listener_lets_no_anonymous_client_in() {
        Map<String, Object> config = new HashMap<>();
        config.put(AdminClientConfig.BOOTSTRAP_CONTROLLERS_CONFIG, StackSettings.HOST + ":" + settings.kafkaControllerPort());
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000);
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 4_000);
        try (Admin admin = Admin.create(config)) {
            Throwable failure = catching(() -> admin.describeCluster().clusterId().get(10, TimeUnit.SECONDS));

            assertThat(failure).isInstanceOf(TimeoutException.class);
        }
    }

    /** Issue 16 point 1, "SASL/SCRAM-SHA-512": a wrong password (or an unknown user) is refused by the broker. */
    @Test
    void a_wrong_password_or_an_unknown_user_is_refused() {
        for (Map<String, Object> login : List.of(
                LocalKafka.clientSecurity("case-service", "0123456789abcdef0123456789abcdef"),
                LocalKafka.clientSecurity("mallory", "0123456789abcdef0123456789abcdef"),
                // the services' database passwords are published: one of them must not open the broker
                LocalKafka.clientSecurity("case-service", "0000"))) {
            try (KafkaProducer<String, byte[]> producer = producer(login);
                 KafkaConsumer<String, byte[]> consumer = consumer(login, null)) {
                assertThat(sendFailure(producer, Topics.CASE_EVENTS)).isInstanceOf(SaslAuthenticationException.class);
                assertThat(catching(() -> consumer.partitionsFor(Topics.CASE_EVENTS, Duration.ofSeconds(10))))
                        .isInstanceOf(SaslAuthenticationException.class);
            }
        }
    }

    /**
     * Issue 16 point 1, "only case-service writes samverkan.case.events and samverkan.access.events": a compromised
     * notification-service or audit-service cannot forge case or access events. Before, any client could.
     */
    @Test
    void notification_and_audit_service_credentials_cannot_write_case_or_access_events() {
        for (String service : List.of("notification-service", "audit-service")) {
            try (KafkaProducer<String, byte[]> producer = producer(as(service))) {
                for (String topic : List.of(Topics.CASE_EVENTS, Topics.ACCESS_EVENTS)) {
                    assertThat(sendFailure(producer, topic)).as(service + " -> " + topic).isInstanceOf(TopicAuthorizationException.class);
                }
            }
        }
    }

    /**
     * Issue 16 point 1, "only audit-service writes samverkan.audit.*, consumers read only their topics": case-service's
     * credentials write no audit event, read no topic at all and cannot join (and so disturb) another service's group.
     */
    @Test
    void case_service_credentials_write_no_audit_event_read_no_topic_and_join_no_group() {
        try (KafkaProducer<String, byte[]> producer = producer(as("case-service"))) {
            // control: the login works and may see its own topic, so the refusals below are the grants' doing
            assertThat(producer.partitionsFor(Topics.CASE_EVENTS)).hasSize(3);
            for (String topic : List.of(Topics.AUDIT_EVENTS, Topics.AUDIT_CHECKPOINTS, Topics.NOTIFICATION_EVENTS)) {
                assertThat(sendFailure(producer, topic)).as("case-service -> " + topic).isInstanceOf(TopicAuthorizationException.class);
            }
        }
        for (String topic : topics) {
            try (KafkaConsumer<String, byte[]> consumer = consumer(as("case-service"), null)) {
                consumer.assign(List.of(new TopicPartition(topic, 0)));
                consumer.seekToBeginning(List.of(new TopicPartition(topic, 0)));
                assertThat(pollFailure(consumer)).as("case-service reading " + topic).isInstanceOf(TopicAuthorizationException.class);
            }
        }
        for (String group : List.of("audit-service", "notification-service")) {
            try (KafkaConsumer<String, byte[]> consumer = consumer(as("case-service"), group)) {
                consumer.subscribe(List.of(Topics.CASE_EVENTS));
                assertThat(pollFailure(consumer)).as("case-service joining " + group).isInstanceOf(GroupAuthorizationException.class);
            }
        }
    }

    /** Issue 16 point 1: consumers stay in their own group, so a compromised consumer cannot steal another's partitions. */
    @Test
    void a_consumer_cannot_join_the_other_consumers_group() {
        for (var attempt : Map.of("audit-service", "notification-service", "notification-service", "audit-service").entrySet()) {
            try (KafkaConsumer<String, byte[]> consumer = consumer(as(attempt.getKey()), attempt.getValue())) {
                consumer.subscribe(List.of(Topics.CASE_EVENTS));
                assertThat(pollFailure(consumer)).as(attempt.getKey() + " joining " + attempt.getValue())
                        .isInstanceOf(GroupAuthorizationException.class);
            }
        }
    }

    /** Issue 16 point 1: topics come from infra/kafka/topics.txt only; no service may create one (or a dead-letter topic). */
    @Test
    void no_service_may_create_a_topic() {
        for (String service : StackSecrets.KAFKA_USERS) {
            Map<String, Object> config = new HashMap<>(LocalKafka.adminClientProperties(settings.kafkaBootstrapServers(), service,
                    secrets.kafkaPassword(service)));
            config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000);
            config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
            try (Admin admin = Admin.create(config)) {
                Throwable failure = catching(() -> admin.createTopics(List.of(new NewTopic("samverkan.forged-" + UUID.randomUUID(), 1, (short) 1)))
                        .all().get(20, TimeUnit.SECONDS));
                assertThat(failure).as(service).isInstanceOf(TopicAuthorizationException.class);
            }
        }
    }

    private static Map<String, Object> anonymous() {
        return Map.of(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "PLAINTEXT");
    }

    private static Map<String, Object> as(String service) {
        return LocalKafka.clientSecurity(service, secrets.kafkaPassword(service));
    }

    private static KafkaProducer<String, byte[]> producer(Map<String, Object> login) {
        Map<String, Object> config = new HashMap<>(login);
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.kafkaBootstrapServers());
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 10_000);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
    }

    private static KafkaConsumer<String, byte[]> consumer(Map<String, Object> login, String group) {
        Map<String, Object> config = new HashMap<>(login);
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.kafkaBootstrapServers());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000);
        config.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        if (group != null) {
            config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        }
        return new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
    }

    /** The broker's answer to one forged record: the failure, or a test failure if the record was accepted. */
    private static Throwable sendFailure(KafkaProducer<String, byte[]> producer, String topic) {
        Throwable failure = catching(() -> producer.send(new ProducerRecord<>(topic, "forged", FORGED)).get(REFUSAL.toSeconds(), TimeUnit.SECONDS));
        if (failure == null) {
            fail("the broker accepted a forged record on " + topic);
        }
        return failure;
    }

    /** Polls (each poll blocks up to 500 ms, no sleeping) until the consumer fails; a record read is a test failure. */
    private static Throwable pollFailure(KafkaConsumer<String, byte[]> consumer) {
        Instant deadline = Instant.now().plus(REFUSAL);
        while (Instant.now().isBefore(deadline)) {
            try {
                assertThat(consumer.poll(Duration.ofMillis(500)).count()).as("records read without a grant").isZero();
            } catch (KafkaException e) {
                return e;
            }
        }
        return fail("no refusal within " + REFUSAL.toSeconds() + " s");
    }

    private interface Attempt {
        Object run() throws Exception;
    }

    /** The cause the client reports, unwrapped from the future; null when the attempt succeeded. */
    private static Throwable catching(Attempt attempt) {
        try {
            attempt.run();
            return null;
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (Exception e) {
            return e;
        }
    }
}
