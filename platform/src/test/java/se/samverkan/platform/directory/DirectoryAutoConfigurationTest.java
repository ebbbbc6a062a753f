package se.samverkan.platform.directory;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.PlatformTransactionManager;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Wiring only: the sync, its schedule and its health check exist exactly when a service has a store and enables it. */
class DirectoryAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(DirectoryAutoConfiguration.class))
            .withUserConfiguration(Infrastructure.class);

    @Test
    void offUnlessEnabled() {
        runner.run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).doesNotHaveBean(KeycloakDirectorySync.class);
            assertThat(context).doesNotHaveBean(DirectorySyncHealthIndicator.class);
        });
    }

    @Test
    void enabledWithASecretItIsScheduledAndHealthChecked() {
        runner.withPropertyValues("samverkan.directory.keycloak.enabled=true", "samverkan.directory.keycloak.client-id=c",
                        "samverkan.directory.keycloak.client-secret=secret")
                .run(context -> {
                    assertThat(context).hasSingleBean(KeycloakDirectorySync.class);
                    assertThat(context).hasSingleBean(DirectoryAutoConfiguration.ScheduledDirectorySync.class);
                    assertThat(context).hasBean("directorySyncHealthIndicator");
                });
    }

    @Test
    void enabledWithoutASecretTheServiceDoesNotStart() {
        runner.withPropertyValues("samverkan.directory.keycloak.enabled=true", "samverkan.directory.keycloak.client-id=c")
                .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("SAMVERKAN_DIRECTORY_KEYCLOAK_CLIENT_SECRET"));
    }

    @Test
    void withoutAStoreThereIsNothingToSync() {
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(DirectoryAutoConfiguration.class))
                .withPropertyValues("samverkan.directory.keycloak.enabled=true", "samverkan.directory.keycloak.client-id=c",
                        "samverkan.directory.keycloak.client-secret=secret")
                .run(context -> assertThat(context).doesNotHaveBean(KeycloakDirectorySync.class));
    }

    /** Never connected to: the sync does not touch the database while the context starts. */
    @Configuration(proxyBeanMethods = false)
    static class Infrastructure {

        private final DriverManagerDataSource dataSource = new DriverManagerDataSource("jdbc:postgresql://127.0.0.1:1/unused");

        @Bean
        DirectoryStore directoryStore() {
            return new DirectoryStore() {
                @Override
                public int applyKeycloakSnapshot(List<DirectoryEntry> users) {
                    return 0;
                }

                @Override
                public void upsertConfigured(DirectoryEntry user) {
                }
            };
        }

        @Bean
        JdbcClient jdbcClient() {
            return JdbcClient.create(dataSource);
        }

        @Bean
        PlatformTransactionManager transactionManager() {
            return new DataSourceTransactionManager(dataSource);
        }
    }
}
