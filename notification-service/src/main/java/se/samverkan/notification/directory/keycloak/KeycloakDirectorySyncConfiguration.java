package se.samverkan.notification.directory.keycloak;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import se.samverkan.notification.directory.UnitDirectory;

import java.time.Clock;

@Configuration(proxyBeanMethods = false)
class KeycloakDirectorySyncConfiguration {

    @Bean
    @ConditionalOnBooleanProperty("samverkan.notification.directory.keycloak.enabled")
    KeycloakDirectorySync keycloakDirectorySync(KeycloakDirectoryProperties properties, UnitDirectory directory, JdbcClient jdbc,
                                                PlatformTransactionManager transactions, Clock clock) {
        return new KeycloakDirectorySync(new KeycloakAdminClient(properties, clock), properties, directory, jdbc,
                new TransactionTemplate(transactions));
    }

    @Bean
    @ConditionalOnBooleanProperty("samverkan.notification.directory.keycloak.enabled")
    DirectorySyncHealthIndicator directorySyncHealthIndicator(KeycloakDirectorySync sync, KeycloakDirectoryProperties properties,
                                                              Clock clock) {
        return new DirectorySyncHealthIndicator(sync, properties, clock);
    }

    @Bean
    @ConditionalOnBooleanProperty("samverkan.notification.directory.keycloak.enabled")
    ScheduledDirectorySync scheduledDirectorySync(KeycloakDirectorySync sync) {
        return new ScheduledDirectorySync(sync);
    }

    static class ScheduledDirectorySync {

        private static final Logger log = LoggerFactory.getLogger(ScheduledDirectorySync.class);

        private final KeycloakDirectorySync sync;

        ScheduledDirectorySync(KeycloakDirectorySync sync) {
            this.sync = sync;
        }

        /** A failed run leaves the directory as it was; the next run tries again. */
        @Scheduled(fixedDelayString = "${samverkan.notification.directory.keycloak.interval:PT15M}",
                initialDelayString = "${samverkan.notification.directory.keycloak.initial-delay:PT10S}")
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
