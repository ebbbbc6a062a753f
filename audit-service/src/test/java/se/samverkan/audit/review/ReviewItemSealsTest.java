package se.samverkan.audit.review;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class ReviewItemSealsTest {

    private static final ReviewItemSeals SEALS = new ReviewItemSeals("the log's signing key".getBytes(StandardCharsets.UTF_8));
    private static final UUID EVENT = UUID.randomUUID();

    @Test
    void anItemsIdIsTheSameForItsRuleAndEventInEveryProcessThatHoldsTheKey() {
        ReviewItemSeals another = new ReviewItemSeals("the log's signing key".getBytes(StandardCharsets.UTF_8));
        assertThat(another.itemId("BREAK_GLASS", EVENT)).isEqualTo(SEALS.itemId("BREAK_GLASS", EVENT));
        assertThat(SEALS.itemId("DENIED_ATTEMPT", EVENT)).isNotEqualTo(SEALS.itemId("BREAK_GLASS", EVENT));
        assertThat(SEALS.itemId("BREAK_GLASS", UUID.randomUUID())).isNotEqualTo(SEALS.itemId("BREAK_GLASS", EVENT));
    }

    @Test
    void anItemsIdCannotBeComputedWithoutTheKey() {
        UUID byName = UUID.nameUUIDFromBytes(("BREAK_GLASS/" + EVENT).getBytes(StandardCharsets.UTF_8));
        assertThat(SEALS.itemId("BREAK_GLASS", EVENT)).as("not the name-based id of before").isNotEqualTo(byName);
        assertThat(new ReviewItemSeals("another key".getBytes(StandardCharsets.UTF_8)).itemId("BREAK_GLASS", EVENT))
                .isNotEqualTo(SEALS.itemId("BREAK_GLASS", EVENT));
    }

    @Test
    void anOccurrencesSealCoversEveryColumnAndIsOfItsOwnKey() {
        UUID item = UUID.randomUUID();
        Instant at = Instant.parse("2026-12-06T08:00:00.123456789Z");
        ReviewItemSeals.Occurrence occurrence = new ReviewItemSeals.Occurrence(item, "UNUSUAL_HOURS", EVENT, 42, at);
        byte[] seal = SEALS.seal(occurrence);
        assertThat(SEALS.matches(seal, new ReviewItemSeals.Occurrence(item, "UNUSUAL_HOURS", EVENT, 42,
                Instant.parse("2026-12-06T08:00:00.123456Z")))).as("as PostgreSQL keeps the time").isTrue();
        assertThat(SEALS.matches(seal, new ReviewItemSeals.Occurrence(UUID.randomUUID(), "UNUSUAL_HOURS", EVENT, 42, at))).isFalse();
        assertThat(SEALS.matches(seal, new ReviewItemSeals.Occurrence(item, "OUTSIDE_CASE_TEAM", EVENT, 42, at))).isFalse();
        assertThat(SEALS.matches(seal, new ReviewItemSeals.Occurrence(item, "UNUSUAL_HOURS", UUID.randomUUID(), 42, at))).isFalse();
        assertThat(SEALS.matches(seal, new ReviewItemSeals.Occurrence(item, "UNUSUAL_HOURS", EVENT, 43, at))).isFalse();
        assertThat(SEALS.matches(seal, new ReviewItemSeals.Occurrence(item, "UNUSUAL_HOURS", EVENT, 42, at.plusSeconds(1)))).isFalse();
        assertThat(SEALS.occurrenceKeyTag()).as("a key of its own: an item's seal is no occurrence's").isNotEqualTo(SEALS.keyTag());
        assertThat(SEALS.ofThisKey(seal)).isFalse();
    }
}
