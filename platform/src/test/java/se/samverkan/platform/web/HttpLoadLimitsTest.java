package se.samverkan.platform.web;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HttpLoadLimitsTest {

    @Test
    void requests_without_a_token_get_their_share_of_the_slots_and_never_none() {
        assertThat(limits(16, 0.25).maxAnonymousInFlight()).isEqualTo(4);
        assertThat(limits(8, 0.25).maxAnonymousInFlight()).isEqualTo(2);
        assertThat(limits(2, 0.25).maxAnonymousInFlight()).as("at least one: a witness must still be served").isEqualTo(1);
        assertThat(limits(32, 1).maxAnonymousInFlight()).isEqualTo(32);
    }

    @Test
    void a_share_outside_zero_to_one_is_refused_at_start_up_naming_the_variable() {
        for (double share : new double[] {0, -0.1, 1.5, Double.NaN}) {
            assertThatThrownBy(() -> limits(16, share)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("SAMVERKAN_HTTP_ANONYMOUS_SHARE");
        }
    }

    private static HttpLoadLimits limits(int maxInFlight, double anonymousShare) {
        return new HttpLoadLimits(maxInFlight, Duration.ofMillis(100), anonymousShare, Duration.ofSeconds(1), 50, 100, 100_000);
    }
}
