package se.samverkan.notification.directory.keycloak;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.PlatformTransactionManager;
import se.samverkan.notification.directory.UnitDirectory;

import java.time.Clock;

import static org.assertj.core.api.Assertions.assertThat;

/** Wiring only: the sync, its schedule and its health check exist exactly when the sync is enabled. */
class KeycloakDirectorySyncConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withUserConfiguration(Infrastructure.class, KeycloakDirectorySyncConfiguration.class);

    @Test
    void offByDefault() {
        runner.run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).doesNotHaveBean(KeycloakDirectorySync.class);
            assertThat(context).doesNotHaveBean(DirectorySyncHealthIndicator.class);
        });
    }

    @Test
    void enabledWithASecretItIsScheduledAndHealthChecked() {
        runner.withPropertyValues("samverkan.notification.directory.keycloak.enabled=true",
                        "samverkan.notification.directory.keycloak.client-secret=secret")
                .run(context -> {
                    assertThat(context).hasSingleBean(KeycloakDirectorySync.class);
                    assertThat(context).hasSingleBean(KeycloakDirectorySyncConfiguration.ScheduledDirectorySync.class);
                    assertThat(context).hasBean("directorySyncHealthIndicator");
                });
    }

    @Test
    void enabledWithoutASecretTheServiceDoesNotStart() {
        runner.withPropertyValues("samverkan.notification.directory.keycloak.enabled=true")
                .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("SAMVERKAN_NOTIFICATION_DIRECTORY_KEYCLOAK_CLIENT_SECRET"));
    }

    /** Never connected to: the sync does not touch the database while the context starts. */
    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(KeycloakDirectoryProperties.class)
    static class Infrastructure {

        private final DriverManagerDataSource dataSource = new DriverManagerDataSource("jdbc:postgresql://127.0.0.1:1/unused");

        @Bean
        UnitDirectory unitDirectory() {
            return new UnitDirectory(JdbcClient.create(dataSource));
        }

        @Bean
        JdbcClient jdbcClient() {
            return JdbcClient.create(dataSource);
        }

        @Bean
        PlatformTransactionManager transactionManager() {
            return new DataSourceTransactionManager(dataSource);
        }

        @Bean
        Clock clock() {
            return Clock.systemUTC();
        }
    }
}
