package se.samverkan.audit.log;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IntegrityPacingTest {

    /** The defaults: a step a second, 10,000 entries a step at most, a pass within a minute. */
    private final IntegrityProperties defaults = new IntegrityProperties(Duration.ofSeconds(1), 10_000, Duration.ofMinutes(1));

    @Test
    void aPassIsSpreadEvenlyOverAScheduleThatEndsAStepBeforePassWithin() {
        // 118,000 entries over the 59 seconds of the schedule: 2,000 a step
        assertThat(defaults.entriesForStep(118_000, 0, Duration.ZERO)).isEqualTo(2_000);
        assertThat(defaults.entriesForStep(118_000, 2_000, Duration.ofSeconds(1))).isEqualTo(2_000);
        assertThat(defaults.entriesForStep(0, 0, Duration.ZERO)).isZero();
    }

    @Test
    void aSmallLogIsReadAtLeastAThousandEntriesASecondSoItsPassTakesWellUnderTheMinute() {
        // the schedule would ask for 10 a step; a change to an entry appended after the pass began would wait nearly two
        assertThat(defaults.entriesForStep(590, 0, Duration.ZERO)).isEqualTo(590);
        assertThat(defaults.entriesForStep(30_000, 0, Duration.ZERO)).isEqualTo(1_000);
        assertThat(defaults.entriesForStep(30_000, 29_500, Duration.ofSeconds(29))).isEqualTo(500);
        // beyond 59,000 entries the schedule asks for more than the floor
        assertThat(defaults.entriesForStep(118_000, 0, Duration.ZERO)).isEqualTo(2_000);
    }

    @Test
    void aStepMakesUpWhatTheStepsBeforeItDidNotReadAndReadsOnlyTheFloorWhenAhead() {
        // 30 s in, the schedule asks for 62,000 by the end of this step
        assertThat(defaults.entriesForStep(118_000, 58_000, Duration.ofSeconds(30))).isEqualTo(4_000);
        assertThat(defaults.entriesForStep(118_000, 62_000, Duration.ofSeconds(30))).as("on schedule: the floor").isEqualTo(1_000);
        assertThat(defaults.entriesForStep(118_000, 117_500, Duration.ofSeconds(30))).as("the rest of the pass").isEqualTo(500);
        // past the schedule's end, the rest
        assertThat(defaults.entriesForStep(118_000, 117_000, Duration.ofMinutes(5))).isEqualTo(1_000);
    }

    @Test
    void aLogBeyondTheCeilingIsReadAtTheCeiling() {
        assertThat(defaults.entriesForStep(10_000_000, 0, Duration.ZERO)).isEqualTo(10_000);
        assertThat(defaults.entriesForStep(118_000, 0, Duration.ofSeconds(30))).isEqualTo(10_000);
        // a pass due within one step (the ITs' setting) is read whole at once, up to the ceiling
        IntegrityProperties wholeEachStep = new IntegrityProperties(Duration.ofMillis(500), 20_000, Duration.ofMillis(500));
        assertThat(wholeEachStep.entriesForStep(15_000, 0, Duration.ZERO)).isEqualTo(15_000);
        assertThat(wholeEachStep.entriesForStep(25_000, 0, Duration.ZERO)).isEqualTo(20_000);
    }

    @Test
    void aStepGivesWayToTheIngestForAtMostHalfItsInterval() {
        assertThat(defaults.giveWayPerStep()).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void aPassWithinNothingIsRefused() {
        assertThatThrownBy(() -> new IntegrityProperties(Duration.ofSeconds(5), 20_000, Duration.ZERO))
                .hasMessageContaining("pass-within");
    }
}
