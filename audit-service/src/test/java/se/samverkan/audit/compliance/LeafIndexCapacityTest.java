package se.samverkan.audit.compliance;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The search index stops where its share of the heap would be spent, or at the configured limit if that is lower. */
class LeafIndexCapacityTest {

    private static final long POD_HEAP = 269L * 1024 * 1024; // 35 % of a 768 MiB pod

    @Test
    void aPodsHeapHoldsFewerLeavesThanTheConfiguredLimit() {
        long capacity = LeafIndex.capacity(10_000_000, 0.3, POD_HEAP);

        assertThat(capacity).isEqualTo((long) (POD_HEAP * 0.3) / LeafIndex.BYTES_PER_LEAF).isBetween(4_000_000L, 4_300_000L);
        assertThat(capacity * LeafIndex.BYTES_PER_LEAF).isLessThanOrEqualTo((long) (POD_HEAP * 0.3));
    }

    @Test
    void aLowerLimitOrZeroStillDecides() {
        assertThat(LeafIndex.capacity(1_000, 0.3, POD_HEAP)).isEqualTo(1_000);
        assertThat(LeafIndex.capacity(0, 0.3, POD_HEAP)).as("index-limit 0 turns the index off").isZero();
        assertThat(LeafIndex.capacity(10_000_000, 0.3, 8L * 1024 * 1024 * 1024)).as("a large heap").isEqualTo(10_000_000);
    }

    @Test
    void theShareIsBounded() {
        assertThatThrownBy(() -> new SearchProperties(50_000, 1, 10_000_000, 10_000, 0)).hasMessageContaining("index-heap-share");
        assertThatThrownBy(() -> new SearchProperties(50_000, 1, 10_000_000, 10_000, 0.9)).hasMessageContaining("index-heap-share");
        assertThat(new SearchProperties(50_000, 1, 10_000_000, 10_000).indexHeapShare()).isEqualTo(SearchProperties.DEFAULT_INDEX_HEAP_SHARE);
    }
}
