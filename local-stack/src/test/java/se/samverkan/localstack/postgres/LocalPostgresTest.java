package se.samverkan.localstack.postgres;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class LocalPostgresTest {

    @Test
    void durableCommitsOnlyWhenAsked() {
        assertThat(LocalPostgres.durable(Map.of())).isFalse();
        assertThat(LocalPostgres.durable(Map.of("SAMVERKAN_LOCAL_PG_DURABLE", "false"))).isFalse();
        assertThat(LocalPostgres.durable(Map.of("SAMVERKAN_LOCAL_PG_DURABLE", "true"))).isTrue();
    }

    @Test
    void statementStatisticsOnlyWhenAsked() {
        assertThat(LocalPostgres.statementStatistics(Map.of())).isFalse();
        assertThat(LocalPostgres.statementStatistics(Map.of("SAMVERKAN_LOCAL_PG_STATEMENTS", "false"))).isFalse();
        assertThat(LocalPostgres.statementStatistics(Map.of("SAMVERKAN_LOCAL_PG_STATEMENTS", "true"))).isTrue();
    }
}
