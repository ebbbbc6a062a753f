package se.samverkan.audit.log;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IntegrityPacingTest {

    private final IntegrityProperties defaults = new IntegrityProperties(Duration.ofSeconds(5), 20_000, Duration.ofMinutes(1));

    @Test
    void aMidSizedLogIsReadInTheTwelveStepsOfAMinuteNotFasterAndASmallOneWholeEachStep() {
        assertThat(defaults.entriesPerStep(120_000)).isEqualTo(10_000);
        assertThat(defaults.entriesPerStep(110_001)).isEqualTo(9_167);
        assertThat(defaults.entriesPerStep(1_000)).isEqualTo(5_000);
        assertThat(defaults.entriesPerStep(0)).isEqualTo(5_000);
    }

    @Test
    void aLogBeyondTheCeilingIsReadAtTheCeiling() {
        assertThat(defaults.entriesPerStep(10_000_000)).isEqualTo(20_000);
        assertThat(new IntegrityProperties(Duration.ofMillis(500), 20_000, Duration.ofMillis(500)).entriesPerStep(15_000)).isEqualTo(15_000);
        assertThat(new IntegrityProperties(Duration.ofSeconds(5), 3_000, Duration.ofMinutes(1)).entriesPerStep(100)).isEqualTo(3_000);
    }

    @Test
    void aPassWithinNothingIsRefused() {
        assertThatThrownBy(() -> new IntegrityProperties(Duration.ofSeconds(5), 20_000, Duration.ZERO))
                .hasMessageContaining("pass-within");
    }
}
