package se.samverkan.localstack.kafka;

import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import se.samverkan.contracts.Topics;
import se.samverkan.localstack.StackSettings;
import se.samverkan.localstack.secrets.StackSecrets;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Issue 16 point 1: the one table of who may do what on the broker (infra/kafka/acls.txt). */
class KafkaAccessTest {

    private static final Path ROOT = StackSettings.findProjectRoot();
    private static final KafkaAccess ACCESS = KafkaAccess.read(ROOT.resolve("infra/kafka/acls.txt"));
    private static final Set<AclOperation> WRITE = Set.of(AclOperation.WRITE, AclOperation.DESCRIBE);
    private static final Set<AclOperation> READ = Set.of(AclOperation.READ, AclOperation.DESCRIBE);

    @Test
    void one_principal_per_service_and_the_stack_has_a_password_for_each() {
        assertThat(ACCESS.users()).containsExactlyInAnyOrderElementsOf(StackSecrets.KAFKA_USERS);
    }

    @Test
    void only_case_service_writes_case_and_access_events_and_it_reads_nothing() {
        assertThat(writers(Topics.CASE_EVENTS)).containsExactly("case-service");
        assertThat(writers(Topics.ACCESS_EVENTS)).containsExactly("case-service");
        assertThat(ACCESS.grantsOf("case-service")).allSatisfy(grant -> assertThat(grant.operations()).isEqualTo(WRITE))
                .extracting(KafkaAccess.Grant::resourceName).containsExactlyInAnyOrder(Topics.CASE_EVENTS, Topics.ACCESS_EVENTS);
    }

    @Test
    void only_audit_service_writes_the_audit_topics_and_each_service_only_its_own_dead_letters() {
        assertThat(writers(Topics.AUDIT_EVENTS)).containsExactly("audit-service");
        assertThat(writers(Topics.AUDIT_CHECKPOINTS)).containsExactly("audit-service");
        assertThat(writers(Topics.NOTIFICATION_EVENTS)).containsExactly("notification-service");
        assertThat(writers(Topics.deadLetter("audit-service"))).containsExactly("audit-service");
        assertThat(writers(Topics.deadLetter("notification-service"))).containsExactly("notification-service");
    }

    @Test
    void consumers_read_only_their_topics_in_their_own_group() {
        assertThat(readTopics("audit-service")).containsExactlyInAnyOrder(Topics.CASE_EVENTS, Topics.ACCESS_EVENTS, Topics.NOTIFICATION_EVENTS);
        assertThat(readTopics("notification-service")).containsExactlyInAnyOrder(Topics.CASE_EVENTS, Topics.ACCESS_EVENTS, Topics.AUDIT_EVENTS);
        for (String user : ACCESS.users()) {
            // the group each service's application.yml consumes in, and no other; case-service consumes nothing
            String group = consumerGroup(user);
            assertThat(ACCESS.grantsOf(user).stream().filter(grant -> grant.resourceType() == ResourceType.GROUP)
                    .map(KafkaAccess.Grant::resourceName).toList()).as(user)
                    .isEqualTo(group == null ? List.of() : List.of(group));
        }
    }

    /**
     * Every @KafkaListener in a service reads exactly the topics the table lets it read, in the group the table grants
     * (spring-kafka would otherwise use the listener's id as the group, which the broker refuses).
     */
    @Test
    void each_services_listeners_read_exactly_its_granted_topics_in_its_granted_group() throws Exception {
        for (String service : ACCESS.users()) {
            List<String> listened = new java.util.ArrayList<>();
            try (var files = Files.walk(ROOT.resolve(service).resolve("src/main/java"))) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    String source = Files.readString(file);
                    for (int at = source.indexOf("@KafkaListener("); at >= 0; at = source.indexOf("@KafkaListener(", at + 1)) {
                        String annotation = source.substring(at, source.indexOf(" void ", at));
                        assertThat(annotation).as(file + ": the group must be spring.kafka.consumer.group-id")
                                .containsAnyOf("idIsGroup = false", "groupId = \"${spring.kafka.consumer.group-id}\"");
                        java.util.regex.Matcher topic = java.util.regex.Pattern.compile("Topics\\.([A-Z_]+)").matcher(annotation);
                        while (topic.find()) {
                            listened.add((String) Topics.class.getField(topic.group(1)).get(null));
                        }
                    }
                }
            }
            assertThat(listened).as(service + " listens to").containsExactlyInAnyOrderElementsOf(readTopics(service));
        }
    }

    @Test
    void every_granted_topic_is_created_from_the_topic_list() {
        List<String> topics = TopicList.read(ROOT.resolve("infra/kafka/topics.txt")).names();
        assertThat(ACCESS.grants()).filteredOn(grant -> grant.resourceType() == ResourceType.TOPIC)
                .allSatisfy(grant -> assertThat(topics).contains(grant.resourceName()));
    }

    @Test
    void a_grant_names_one_topic_or_group_and_only_reads_writes_or_describes() {
        assertThat(KafkaAccess.parse(List.of("# c", "", "x-service  topic:t.a  Write,describe")).grants()).singleElement()
                .satisfies(grant -> {
                    assertThat(grant.bindings()).hasSize(2);
                    assertThat(grant.principal()).isEqualTo("User:x-service");
                });
        for (String bad : List.of("x topic:* Read", "x topic:t.a Create", "x cluster:kafka-cluster Alter", "x topic:t.a All",
                "x transactionalId:t Write", "x topic:t.a", "x topic:t.a Reed", "X topic:t.a Read")) {
            assertThatThrownBy(() -> KafkaAccess.parse(List.of(bad))).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(bad);
        }
    }

    private static List<String> writers(String topic) {
        return ACCESS.grants().stream()
                .filter(grant -> grant.resourceType() == ResourceType.TOPIC && grant.resourceName().equals(topic))
                .filter(grant -> grant.operations().contains(AclOperation.WRITE))
                .map(KafkaAccess.Grant::user).toList();
    }

    private static List<String> readTopics(String user) {
        return ACCESS.grantsOf(user).stream()
                .filter(grant -> grant.resourceType() == ResourceType.TOPIC && grant.operations().equals(READ))
                .map(KafkaAccess.Grant::resourceName).toList();
    }

    @SuppressWarnings("unchecked")
    private static String consumerGroup(String service) {
        try (Reader reader = Files.newBufferedReader(ROOT.resolve(service).resolve("src/main/resources/application.yml"))) {
            Map<String, Object> yaml = new Yaml().load(reader);
            Map<String, Object> kafka = (Map<String, Object>) ((Map<String, Object>) yaml.get("spring")).get("kafka");
            Map<String, Object> consumer = (Map<String, Object>) kafka.get("consumer");
            return consumer == null ? null : (String) consumer.get("group-id");
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
