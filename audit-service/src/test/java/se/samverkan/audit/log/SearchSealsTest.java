package se.samverkan.audit.log;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class SearchSealsTest {

    static final SearchSeals SEALS = new SearchSeals("PRIVATE+KEY+samverkan.local/audit+0a1b2c3d+seed".getBytes(StandardCharsets.UTF_8));
    static final byte[] LEAF_HASH = new byte[32];
    static final UUID EVENT = UUID.fromString("3f0c1d2e-4b5a-4c6d-8e7f-9a0b1c2d3e4f");
    static final UUID CASE = UUID.fromString("1a2b3c4d-5e6f-4a0b-8c1d-2e3f4a5b6c7d");
    static final Instant OCCURRED = Instant.parse("2026-12-03T09:30:00.123456Z");

    static Object[] columns(UUID caseId, String actor, Instant occurred) {
        return new Object[]{EVENT, "se.samverkan.access.recorded.v1", caseId, null, actor, "READ", null, "ALLOWED", null, occurred};
    }

    @Test
    void aSealMatchesExactlyTheColumnsOfTheLeafItWasMadeFor() {
        byte[] seal = SEALS.seal(7, LEAF_HASH, columns(CASE, "anna", OCCURRED));
        assertThat(seal).hasSize(SearchSeals.LENGTH);
        assertThat(SEALS.matches(seal, 7, LEAF_HASH, columns(CASE, "anna", OCCURRED))).isTrue();
    }

    @Test
    void aChangedNulledOrMovedColumnDoesNotMatch() {
        byte[] seal = SEALS.seal(7, LEAF_HASH, columns(CASE, "anna", OCCURRED));
        assertThat(SEALS.matches(seal, 7, LEAF_HASH, columns(null, "anna", OCCURRED))).as("case nulled").isFalse();
        assertThat(SEALS.matches(seal, 7, LEAF_HASH, columns(CASE, "mallory", OCCURRED))).as("actor changed").isFalse();
        assertThat(SEALS.matches(seal, 7, LEAF_HASH, columns(CASE, "anna", OCCURRED.plusNanos(1000)))).as("a microsecond later").isFalse();
        // the same text in the neighbouring column, or split differently, is another list
        assertThat(SEALS.matches(seal, 7, LEAF_HASH, new Object[]{EVENT, "se.samverkan.access.recorded.v1", CASE, null,
                null, "anna", "READ", "ALLOWED", null, OCCURRED})).as("shifted").isFalse();
        assertThat(SEALS.seal(1, LEAF_HASH, "ab", "c")).isNotEqualTo(SEALS.seal(1, LEAF_HASH, "a", "bc"));
    }

    @Test
    void aSealIsBoundToItsLeafAndItsStoredHash() {
        byte[] seal = SEALS.seal(7, LEAF_HASH, columns(CASE, "anna", OCCURRED));
        assertThat(SEALS.matches(seal, 8, LEAF_HASH, columns(CASE, "anna", OCCURRED))).as("copied to another leaf").isFalse();
        byte[] otherHash = LEAF_HASH.clone();
        otherHash[31] = 1;
        assertThat(SEALS.matches(seal, 7, otherHash, columns(CASE, "anna", OCCURRED))).as("another leaf hash").isFalse();
    }

    @Test
    void onlyTheSigningKeysHolderCanMakeAMatchingSeal() {
        SearchSeals otherKey = new SearchSeals("PRIVATE+KEY+samverkan.local/audit+0a1b2c3d+other".getBytes(StandardCharsets.UTF_8));
        byte[] forged = otherKey.seal(7, LEAF_HASH, columns(CASE, "anna", OCCURRED));
        assertThat(SEALS.matches(forged, 7, LEAF_HASH, columns(CASE, "anna", OCCURRED))).isFalse();
        // the key tag tells a seal of another key apart at once
        byte[] own = SEALS.seal(7, LEAF_HASH, columns(CASE, "anna", OCCURRED));
        assertThat(Arrays.copyOf(forged, 4)).isNotEqualTo(Arrays.copyOf(own, 4));
        // a seal with the right tag but a guessed MAC does not match either
        byte[] guessed = own.clone();
        guessed[20] ^= 1;
        assertThat(SEALS.matches(guessed, 7, LEAF_HASH, columns(CASE, "anna", OCCURRED))).isFalse();
        assertThat(SEALS.matches(null, 7, LEAF_HASH, columns(CASE, "anna", OCCURRED))).isFalse();
        assertThat(SEALS.matches(new byte[3], 7, LEAF_HASH, columns(CASE, "anna", OCCURRED))).isFalse();
    }
}
