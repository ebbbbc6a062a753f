package se.samverkan.audit.review;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
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

    private final AtomicInteger windowReads = new AtomicInteger();
    private final RecentSubjects.SubjectsBetween between = (actor, from, to) -> {
        windowReads.incrementAndGet();
        Set<UUID> inside = new HashSet<>();
        inTheLog.forEach((subject, at) -> {
            if (at.isAfter(from) && !at.isAfter(to)) {
                inside.add(subject);
            }
        });
        return inside;
    };

    private final RecentSubjects recent = new RecentSubjects(3, HOUR, 1_000, () -> 0L);

    @Test
    void the_threshold_is_reached_by_the_third_different_subject_within_the_window() {
        assertThat(recent.reached("anna", subject(1), T0, fromLog, between)).isFalse();
        assertThat(recent.reached("anna", subject(2), T0.plusSeconds(60), fromLog, between)).isFalse();
        assertThat(recent.reached("anna", subject(3), T0.plusSeconds(120), fromLog, between)).isTrue();
        assertThat(recent.reached("amir", subject(4), T0.plusSeconds(130), fromLog, between)).as("another actor counts alone").isFalse();
    }

    @Test
    void the_same_subject_again_is_not_another_subject() {
        recent.reached("anna", subject(1), T0, fromLog, between);
        recent.reached("anna", subject(2), T0.plusSeconds(60), fromLog, between);

        assertThat(recent.reached("anna", subject(1), T0.plusSeconds(120), fromLog, between)).isFalse();
        assertThat(recent.reached("anna", subject(2), T0.plusSeconds(180), fromLog, between)).isFalse();
    }

    @Test
    void subjects_accessed_before_the_window_no_longer_count() {
        recent.reached("anna", subject(1), T0, fromLog, between);
        recent.reached("anna", subject(2), T0.plus(Duration.ofMinutes(30)), fromLog, between);

        assertThat(recent.reached("anna", subject(3), T0.plus(Duration.ofMinutes(61)), fromLog, between)).as("subject 1 is out").isFalse();
        assertThat(recent.reached("anna", subject(4), T0.plus(Duration.ofMinutes(62)), fromLog, between)).as("2, 3 and 4 are in").isTrue();
    }

    @Test
    void an_actor_not_kept_is_read_from_the_log_once_and_again_after_everything_was_forgotten() {
        inTheLog.put(subject(1), T0.minus(Duration.ofMinutes(90)));
        inTheLog.put(subject(2), T0.minus(Duration.ofMinutes(20)));
        inTheLog.put(subject(3), T0.minus(Duration.ofMinutes(10)));

        assertThat(recent.reached("anna", subject(4), T0, fromLog, between)).as("2 and 3 from the log, 4 now; 1 is too old").isTrue();
        recent.reached("anna", subject(4), T0.plusSeconds(1), fromLog, between);
        assertThat(logReads).hasValue(1);

        recent.forgetAll();
        inTheLog.clear();
        assertThat(recent.reached("anna", subject(5), T0.plusSeconds(2), fromLog, between)).as("a rolled-back batch's accesses are gone").isFalse();
        assertThat(logReads).hasValue(2);
    }

    @Test
    void an_access_that_arrives_hours_late_is_counted_in_its_own_hour_not_with_the_later_ones() {
        Instant later = T0.plus(Duration.ofHours(5));
        recent.reached("anna", subject(1), later, fromLog, between);
        recent.reached("anna", subject(2), later.plusSeconds(60), fromLog, between);
        inTheLog.put(subject(1), later);
        inTheLog.put(subject(2), later.plusSeconds(60));

        assertThat(recent.reached("anna", subject(3), T0, fromLog, between))
                .as("three subjects kept, but only one of them in T0's hour").isFalse();
        assertThat(windowReads).hasValue(1);

        inTheLog.put(subject(4), T0.minus(Duration.ofMinutes(40)));
        inTheLog.put(subject(5), T0.minus(Duration.ofMinutes(20)));
        assertThat(recent.reached("anna", subject(6), T0.plusSeconds(1), fromLog, between))
                .as("4, 5 and 6 within T0's own hour, from the log").isTrue();
        inTheLog.put(subject(7), T0.minus(Duration.ofMinutes(90)));
        assertThat(recent.reached("anna", subject(8), T0.minus(Duration.ofMinutes(70)), fromLog, between))
                .as("7 and 8 only: 4 and 5 came after it").isFalse();
    }

    @Test
    void accesses_reordered_by_seconds_are_counted_with_what_is_kept_without_reading_the_log() {
        recent.reached("anna", subject(1), T0.plusSeconds(30), fromLog, between);
        recent.reached("anna", subject(2), T0.plusSeconds(50), fromLog, between);

        assertThat(recent.reached("anna", subject(3), T0, fromLog, between)).as("can fire up to a minute sooner").isTrue();
        assertThat(windowReads).hasValue(0);
    }

    @Test
    void a_threshold_of_zero_is_always_reached() {
        assertThat(new RecentSubjects(0, HOUR, 10, () -> 0L).reached("anna", subject(1), T0, fromLog, between)).isTrue();
    }

    private static UUID subject(int n) {
        return new UUID(0, n);
    }
}
