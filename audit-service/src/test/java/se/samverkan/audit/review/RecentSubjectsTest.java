package se.samverkan.audit.review;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;

import static org.assertj.core.api.Assertions.assertThat;

class RecentSubjectsTest {

    private static final Instant T0 = Instant.parse("2026-12-03T08:00:00Z");
    private static final Duration HOUR = Duration.ofHours(1);

    private final AtomicInteger logReads = new AtomicInteger();
    private final Map<UUID, Instant> inTheLog = new HashMap<>();
    private final BiFunction<String, Instant, Map<UUID, Instant>> fromLog = (actor, since) -> {
        logReads.incrementAndGet();
        Map<UUID, Instant> after = new HashMap<>();
        inTheLog.forEach((subject, at) -> {
            if (at.isAfter(since)) {
                after.put(subject, at);
            }
        });
        return after;
    };

    private final RecentSubjects recent = new RecentSubjects(3, HOUR, 1_000, () -> 0L);

    @Test
    void the_threshold_is_reached_by_the_third_different_subject_within_the_window() {
        assertThat(recent.reached("anna", subject(1), T0, fromLog)).isFalse();
        assertThat(recent.reached("anna", subject(2), T0.plusSeconds(60), fromLog)).isFalse();
        assertThat(recent.reached("anna", subject(3), T0.plusSeconds(120), fromLog)).isTrue();
        assertThat(recent.reached("amir", subject(4), T0.plusSeconds(130), fromLog)).as("another actor counts alone").isFalse();
    }

    @Test
    void the_same_subject_again_is_not_another_subject() {
        recent.reached("anna", subject(1), T0, fromLog);
        recent.reached("anna", subject(2), T0.plusSeconds(60), fromLog);

        assertThat(recent.reached("anna", subject(1), T0.plusSeconds(120), fromLog)).isFalse();
        assertThat(recent.reached("anna", subject(2), T0.plusSeconds(180), fromLog)).isFalse();
    }

    @Test
    void subjects_accessed_before_the_window_no_longer_count() {
        recent.reached("anna", subject(1), T0, fromLog);
        recent.reached("anna", subject(2), T0.plus(Duration.ofMinutes(30)), fromLog);

        assertThat(recent.reached("anna", subject(3), T0.plus(Duration.ofMinutes(61)), fromLog)).as("subject 1 is out").isFalse();
        assertThat(recent.reached("anna", subject(4), T0.plus(Duration.ofMinutes(62)), fromLog)).as("2, 3 and 4 are in").isTrue();
    }

    @Test
    void an_actor_not_kept_is_read_from_the_log_once_and_again_after_everything_was_forgotten() {
        inTheLog.put(subject(1), T0.minus(Duration.ofMinutes(90)));
        inTheLog.put(subject(2), T0.minus(Duration.ofMinutes(20)));
        inTheLog.put(subject(3), T0.minus(Duration.ofMinutes(10)));

        assertThat(recent.reached("anna", subject(4), T0, fromLog)).as("2 and 3 from the log, 4 now; 1 is too old").isTrue();
        recent.reached("anna", subject(4), T0.plusSeconds(1), fromLog);
        assertThat(logReads).hasValue(1);

        recent.forgetAll();
        inTheLog.clear();
        assertThat(recent.reached("anna", subject(5), T0.plusSeconds(2), fromLog)).as("a rolled-back batch's accesses are gone").isFalse();
        assertThat(logReads).hasValue(2);
    }

    @Test
    void a_threshold_of_zero_is_always_reached() {
        assertThat(new RecentSubjects(0, HOUR, 10, () -> 0L).reached("anna", subject(1), T0, fromLog)).isTrue();
    }

    private static UUID subject(int n) {
        return new UUID(0, n);
    }
}
