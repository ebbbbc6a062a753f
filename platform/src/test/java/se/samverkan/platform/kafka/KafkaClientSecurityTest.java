package se.samverkan.platform.kafka;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.security.JaasContext;
import org.apache.kafka.common.config.types.Password;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.mock.env.MockEnvironment;
import se.samverkan.platform.secrets.RefusedSecretsException;
import se.samverkan.platform.secrets.RequiredSecret;
import se.samverkan.platform.secrets.SecretRequirements;

import javax.security.auth.login.AppConfigurationEntry;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 16 point 1, the service side: every client logs in as the service; no login only in development mode. */
class KafkaClientSecurityTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(KafkaAutoConfiguration.class, PlatformKafkaConfiguration.class,
                    se.samverkan.platform.events.EventSigningConfiguration.class))
            .withPropertyValues("spring.application.name=case-service", "spring.kafka.consumer.group-id=case-service",
                    "samverkan.events.signing-key=" + se.samverkan.signing.EventKeys.generateSigningKey("case-service/test"));

    @Test
    void by_default_the_service_logs_in_with_scram_as_itself() {
        MockEnvironment environment = new MockEnvironment()
                .withProperty("spring.application.name", "audit-service")
                .withProperty("samverkan.kafka.password", "pw");

        KafkaClientSecurity security = KafkaClientSecurity.from(environment);

        assertThat(security.securityProtocol()).isEqualTo(KafkaClientSecurity.Protocol.SASL_PLAINTEXT);
        assertThat(security.username()).isEqualTo("audit-service");
        assertThat(security.clientProperties())
                .containsEntry(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT")
                .containsEntry(SaslConfigs.SASL_MECHANISM, "SCRAM-SHA-512");
        assertThat(security.refusals(false)).isEmpty();
        assertThat(security.toString()).doesNotContain("pw");
    }

    @Test
    void the_variables_a_deployment_sets_are_bound() {
        MockEnvironment environment = new MockEnvironment()
                .withProperty("samverkan.kafka.security-protocol", "SASL_SSL")
                .withProperty("samverkan.kafka.username", "notification-service")
                .withProperty("samverkan.kafka.password", "from-the-kafkauser-secret");

        KafkaClientSecurity security = KafkaClientSecurity.from(environment);

        assertThat(security).isEqualTo(new KafkaClientSecurity(KafkaClientSecurity.Protocol.SASL_SSL, "notification-service", "from-the-kafkauser-secret"));
        assertThat(security.clientProperties()).containsEntry(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_SSL");
    }

    @Test
    void a_password_with_quotes_stays_one_jaas_value() {
        String password = "a\"b\\c; username=\"admin";
        KafkaClientSecurity security = new KafkaClientSecurity(KafkaClientSecurity.Protocol.SASL_PLAINTEXT, "case-service", password);

        // parsed the way the Kafka client parses it
        AppConfigurationEntry entry = JaasContext.loadClientContext(Map.of(SaslConfigs.SASL_JAAS_CONFIG,
                new Password(security.clientProperties().get(SaslConfigs.SASL_JAAS_CONFIG)))).configurationEntries().getFirst();

        Map<String, Object> options = Map.copyOf(entry.getOptions());
        assertThat(options).containsEntry("username", "case-service").containsEntry("password", password);
    }

    @Test
    void plaintext_is_refused_outside_development_mode_naming_the_variable() {
        KafkaClientSecurity plaintext = new KafkaClientSecurity(KafkaClientSecurity.Protocol.PLAINTEXT, "case-service", null);

        assertThat(plaintext.refusals(false)).singleElement().asString()
                .contains("PLAINTEXT", "SAMVERKAN_KAFKA_SECURITY_PROTOCOL", "SASL_SSL");
        assertThat(plaintext.refusals(true)).isEmpty();
        assertThat(plaintext.clientProperties()).containsOnly(Map.entry(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "PLAINTEXT"));
    }

    @Test
    void the_password_is_a_required_secret_unless_there_is_no_login() {
        SecretRequirements requirements = new KafkaClientSecrets();

        assertThat(requirements.requiredSecrets(new MockEnvironment()).stream().map(RequiredSecret::environmentVariable))
                .containsExactly("SAMVERKAN_KAFKA_PASSWORD");
        assertThat(requirements.requiredSecrets(new MockEnvironment().withProperty("samverkan.kafka.security-protocol", "PLAINTEXT"))).isEmpty();
    }

    @Test
    void every_producer_consumer_and_admin_client_gets_the_login() {
        runner.withPropertyValues("samverkan.kafka.password=s3cret-from-the-secret-store").run(context -> {
            assertThat(context).hasNotFailed();
            for (Map<String, Object> client : List.of(
                    context.getBean(DefaultKafkaProducerFactory.class).getConfigurationProperties(),
                    context.getBean(DefaultKafkaConsumerFactory.class).getConfigurationProperties(),
                    context.getBean(KafkaAdmin.class).getConfigurationProperties())) {
                assertThat(client).containsEntry(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT")
                        .containsEntry(SaslConfigs.SASL_MECHANISM, "SCRAM-SHA-512");
                assertThat(String.valueOf(client.get(SaslConfigs.SASL_JAAS_CONFIG)))
                        .contains("username=\"case-service\"", "password=\"s3cret-from-the-secret-store\"");
            }
        });
    }

    @Test
    void a_service_on_plaintext_outside_development_mode_does_not_start() {
        runner.withPropertyValues("samverkan.kafka.security-protocol=PLAINTEXT").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).isInstanceOf(RefusedSecretsException.class)
                    .hasMessageContaining("SAMVERKAN_KAFKA_SECURITY_PROTOCOL");
        });
    }

    @Test
    void the_module_tests_embedded_broker_needs_no_login_in_development_mode() {
        runner.withPropertyValues("samverkan.kafka.security-protocol=PLAINTEXT", "samverkan.development-mode=true").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(DefaultKafkaProducerFactory.class).getConfigurationProperties())
                    .containsEntry(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "PLAINTEXT")
                    .doesNotContainKey(SaslConfigs.SASL_JAAS_CONFIG);
        });
    }
}
