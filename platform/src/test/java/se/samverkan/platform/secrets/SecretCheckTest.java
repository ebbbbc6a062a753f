package se.samverkan.platform.secrets;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SecretCheckTest {

    // the key that was case-service's default master key until issue 10: anyone with the repository has it
    private static final String PUBLISHED_MASTER_KEY = "bG9jYWwtZGV2LW9ubHktbWFzdGVyLWtleS0zMi1ieXQ=";
    private static final String FRESH_KEY = "nD1vX0c2kY7mJ4qW8sZ3tB6fH9rL5pA2eU1oI7yT0gQ=";

    private static final RequiredSecret MASTER_KEYS = RequiredSecret.of("samverkan.cases.master-keys", "openssl rand -base64 32")
            .splitBy(value -> Arrays.stream(value.split(",")).map(entry -> entry.substring(entry.indexOf(':') + 1).strip()).toList());
    private static final RequiredSecret PASSWORD = RequiredSecret.of("spring.datasource.password", "from the database's secret");

    @Test
    void the_environment_variable_is_the_one_spring_binds_to_the_property() {
        assertThat(MASTER_KEYS.environmentVariable()).isEqualTo("SAMVERKAN_CASES_MASTER_KEYS");
        assertThat(PASSWORD.environmentVariable()).isEqualTo("SPRING_DATASOURCE_PASSWORD");
    }

    @Nested
    class Outside_development_mode {

        @Test
        void a_missing_secret_is_refused_naming_its_variable_and_how_to_make_one() {
            SecretCheck.Outcome outcome = SecretCheck.check(List.of(MASTER_KEYS, PASSWORD), Map.of("spring.datasource.password", "s3cret-from-vault")::get, false);

            assertThat(outcome.refusals()).containsExactly(
                    "samverkan.cases.master-keys is not set: set the environment variable SAMVERKAN_CASES_MASTER_KEYS (openssl rand -base64 32)");
        }

        @Test
        void a_blank_secret_counts_as_missing() {
            assertThat(SecretCheck.check(List.of(PASSWORD), Map.of("spring.datasource.password", "  ")::get, false).refusals())
                    .singleElement().asString().startsWith("spring.datasource.password is not set");
        }

        @Test
        void a_published_development_value_is_refused_even_when_it_is_one_key_among_several() {
            SecretCheck.Outcome outcome = SecretCheck.check(List.of(MASTER_KEYS),
                    Map.of("samverkan.cases.master-keys", "prod-2027:" + FRESH_KEY + ", dev-2026:" + PUBLISHED_MASTER_KEY)::get, false);

            assertThat(outcome.refusals()).singleElement().asString()
                    .startsWith("samverkan.cases.master-keys holds a development value that is published in the Samverkan repository")
                    .contains("SAMVERKAN_CASES_MASTER_KEYS")
                    .doesNotContain(PUBLISHED_MASTER_KEY);
        }

        @Test
        void the_development_database_passwords_are_refused() {
            for (String published : List.of("case_service", "case_owner", "audit_service", "audit_owner",
                    "notification_service", "notification_owner", "postgres")) {
                assertThat(SecretCheck.check(List.of(PASSWORD), Map.of("spring.datasource.password", published)::get, false).refusals())
                        .as(published).hasSize(1);
            }
        }

        @Test
        void a_fresh_secret_passes() {
            SecretCheck.Outcome outcome = SecretCheck.check(List.of(MASTER_KEYS, PASSWORD), Map.of(
                    "samverkan.cases.master-keys", "prod-2027:" + FRESH_KEY,
                    "spring.datasource.password", "s3cret-from-vault")::get, false);

            assertThat(outcome.refusals()).isEmpty();
            assertThat(outcome.developmentValuesUsed()).isEmpty();
        }
    }

    @Nested
    class In_development_mode {

        @Test
        void a_published_value_is_accepted_and_reported() {
            SecretCheck.Outcome outcome = SecretCheck.check(List.of(MASTER_KEYS, PASSWORD), Map.of(
                    "samverkan.cases.master-keys", "dev-2026:" + PUBLISHED_MASTER_KEY,
                    "spring.datasource.password", "case_service")::get, true);

            assertThat(outcome.refusals()).isEmpty();
            assertThat(outcome.developmentValuesUsed()).containsExactly("samverkan.cases.master-keys", "spring.datasource.password");
        }

        @Test
        void a_missing_secret_is_still_refused() {
            assertThat(SecretCheck.check(List.of(MASTER_KEYS), Map.<String, String>of()::get, true).refusals())
                    .singleElement().asString().contains("SAMVERKAN_CASES_MASTER_KEYS");
        }
    }
}
