package se.samverkan.cases.config;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventStorePropertiesTest {

    @Test
    void aGapTimeoutShorterThanThreeCommandTransactionsIsRefusedAtStartUp() {
        assertThatThrownBy(() -> new EventStoreProperties(Duration.ofMillis(100), Duration.ofSeconds(59), Duration.ofSeconds(20)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("gap-timeout (PT59S) must be at least 3 times command-transaction-timeout (PT20S)");
        assertThat(new EventStoreProperties(Duration.ofMillis(100), Duration.ofSeconds(60), Duration.ofSeconds(20)).gapTimeout())
                .isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void aCommandTransactionTimeoutUnderASecondIsRefused() {
        assertThatThrownBy(() -> new EventStoreProperties(Duration.ofMillis(100), Duration.ofSeconds(60), Duration.ofMillis(500)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("command-transaction-timeout must be at least 1s");
    }
}
