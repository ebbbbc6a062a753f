package se.samverkan.platform.directory;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;

/**
 * The one staff-directory mechanism of every service: a service that declares a {@link DirectoryStore} bean gets its
 * configured entries loaded at start-up and, when {@code samverkan.directory.keycloak.enabled}, the scheduled sync
 * from Keycloak with its health check. The properties are bound (and so validated) whenever a store exists, so an
 * enabled sync without its secret stops the service at start-up with the variable to set.
 */
@AutoConfiguration(afterName = {"org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration",
        "org.springframework.boot.jdbc.autoconfigure.JdbcClientAutoConfiguration"})
@ConditionalOnClass(JdbcClient.class)
@EnableConfigurationProperties({KeycloakDirectoryProperties.class, ConfiguredDirectoryProperties.class})
public class DirectoryAutoConfiguration {

    private static final Logger log = LoggerFactory.getLogger(DirectoryAutoConfiguration.class);

    @Bean
    @ConditionalOnBean(DirectoryStore.class)
    ApplicationRunner configuredDirectoryLoader(ConfiguredDirectoryProperties properties, DirectoryStore store,
                                                PlatformTransactionManager transactions) {
        return args -> {
            if (!properties.users().isEmpty()) {
                new TransactionTemplate(transactions).executeWithoutResult(status ->
                        properties.users().forEach(user -> store.upsertConfigured(user.toEntry())));
                log.info("Loaded {} directory user(s) from configuration", properties.users().size());
            }
        };
    }

    /**
     * Seconds since the last successful sync from Keycloak (issue 13's "directory sync stale" alert); NaN where the
     * sync is off (configured directory) or has not succeeded yet, so the series exists on every instance.
     */
    @Bean
    @ConditionalOnBean(DirectoryStore.class)
    @ConditionalOnClass(name = "io.micrometer.core.instrument.binder.MeterBinder")
    io.micrometer.core.instrument.binder.MeterBinder directorySyncAge(ObjectProvider<KeycloakDirectorySync> sync) {
        return meters -> io.micrometer.core.instrument.Gauge.builder("samverkan.directory.sync.age", () -> {
                    KeycloakDirectorySync keycloak = sync.getIfAvailable();
                    java.time.Instant last = keycloak == null ? null : keycloak.status().lastSuccess();
                    return last == null ? Double.NaN
                            : java.time.Duration.between(last, Clock.systemUTC().instant()).toMillis() / 1000.0;
                }).baseUnit("seconds").description("time since the staff directory was last synced from Keycloak")
                .register(meters);
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnBooleanProperty("samverkan.directory.keycloak.enabled")
    static class KeycloakSync {

        @Bean
        @ConditionalOnBean(DirectoryStore.class)
        KeycloakDirectorySync keycloakDirectorySync(KeycloakDirectoryProperties properties, DirectoryStore store, JdbcClient jdbc,
                                                    PlatformTransactionManager transactions) {
            return new KeycloakDirectorySync(new KeycloakAdminClient(properties, Clock.systemUTC()), properties, store, jdbc,
                    new TransactionTemplate(transactions));
        }

        @Bean
        @ConditionalOnBean(KeycloakDirectorySync.class)
        ScheduledDirectorySync scheduledDirectorySync(KeycloakDirectorySync sync) {
            return new ScheduledDirectorySync(sync);
        }

        @Bean
        @ConditionalOnBean(KeycloakDirectorySync.class)
        DirectorySyncHealthIndicator directorySyncHealthIndicator(KeycloakDirectorySync sync, KeycloakDirectoryProperties properties) {
            return new DirectorySyncHealthIndicator(sync, properties, Clock.systemUTC());
        }
    }

    public static class ScheduledDirectorySync {

        private static final Logger log = LoggerFactory.getLogger(ScheduledDirectorySync.class);

        private final KeycloakDirectorySync sync;

        ScheduledDirectorySync(KeycloakDirectorySync sync) {
            this.sync = sync;
        }

        /** A failed run leaves the directory as it was; the next run tries again. */
        @Scheduled(fixedDelayString = "${samverkan.directory.keycloak.interval:PT15M}",
                initialDelayString = "${samverkan.directory.keycloak.initial-delay:PT10S}")
        void run() {
            try {
                sync.run();
            } catch (KeycloakAdminException e) {
                log.warn("Directory sync from Keycloak failed, directory unchanged: {}", e.getMessage());
            } catch (RuntimeException e) {
                // e.g. a parse error, whose message may quote user data: the class is enough to look further
                log.warn("Directory sync from Keycloak failed, directory unchanged ({})", e.getClass().getName());
            }
        }
    }
}
