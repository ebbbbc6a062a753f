package se.samverkan.platform.kafka;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.config.SaslConfigs;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.core.env.Environment;
import se.samverkan.platform.secrets.SecretCheck;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a service logs in to the broker, applied to every producer, consumer and admin client it makes: SASL with
 * SCRAM-SHA-512 as its own principal (the username defaults to {@code spring.application.name}, which is what the
 * broker's grants name), over TLS where the deployment has it. PLAINTEXT (no login at all) is only for the module
 * tests' embedded broker and is refused outside development mode.
 */
@ConfigurationProperties(KafkaClientSecurity.PREFIX)
public record KafkaClientSecurity(@DefaultValue("SASL_PLAINTEXT") Protocol securityProtocol, String username, String password) {

    public static final String PREFIX = "samverkan.kafka";
    public static final String PROTOCOL_VARIABLE = "SAMVERKAN_KAFKA_SECURITY_PROTOCOL";
    public static final String MECHANISM = "SCRAM-SHA-512";

    public enum Protocol {
        SASL_PLAINTEXT, SASL_SSL, PLAINTEXT;

        public boolean authenticates() {
            return this != PLAINTEXT;
        }
    }

    /** Reads {@code samverkan.kafka.*}; usable before any bean exists (the start-up checks run that early). */
    public static KafkaClientSecurity from(Environment environment) {
        KafkaClientSecurity bound = Binder.get(environment).bindOrCreate(PREFIX, KafkaClientSecurity.class);
        String username = bound.username() == null || bound.username().isBlank()
                ? environment.getProperty("spring.application.name") : bound.username();
        return new KafkaClientSecurity(bound.securityProtocol(), username, bound.password());
    }

    /** Why the service must not start with this setting; empty when it may. */
    public List<String> refusals(boolean developmentMode) {
        if (!securityProtocol.authenticates() && !developmentMode) {
            return List.of(PREFIX + ".security-protocol is PLAINTEXT, which lets anyone on the broker's network write events"
                    + " as this service: set the environment variable " + PROTOCOL_VARIABLE + " to SASL_SSL (or SASL_PLAINTEXT"
                    + " on a trusted network) with SAMVERKAN_KAFKA_USERNAME and SAMVERKAN_KAFKA_PASSWORD. Only the tests'"
                    + " embedded broker runs without a login (" + SecretCheck.DEVELOPMENT_MODE_VARIABLE + "=true)");
        }
        if (securityProtocol.authenticates() && (username == null || username.isBlank())) {
            return List.of(PREFIX + ".username is not set: set the environment variable SAMVERKAN_KAFKA_USERNAME to the"
                    + " service's broker user");
        }
        return List.of();
    }

    /** The Kafka client properties every client of this service gets (the password only inside the JAAS line). */
    public Map<String, String> clientProperties() {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, securityProtocol.name());
        if (securityProtocol.authenticates()) {
            properties.put(SaslConfigs.SASL_MECHANISM, MECHANISM);
            properties.put(SaslConfigs.SASL_JAAS_CONFIG, "org.apache.kafka.common.security.scram.ScramLoginModule required"
                    + " username=\"" + quoted(username) + "\" password=\"" + quoted(password == null ? "" : password) + "\";");
        }
        return properties;
    }

    /** A JAAS value is read as a quoted string with backslash escapes: a quote in a password must not end it. */
    static String quoted(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    @Override
    public String toString() {
        // never the password: this record may end up in a log line or an exception message
        return "KafkaClientSecurity[securityProtocol=" + securityProtocol + ", username=" + username + "]";
    }
}
