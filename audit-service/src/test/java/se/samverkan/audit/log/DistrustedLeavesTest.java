package se.samverkan.audit.log;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DistrustedLeavesTest {

    @Test
    void leavesProvenOneByOneAreExceptedFromTheDistrustedRangeAndNothingElse() {
        DistrustedLeaves distrusted = new DistrustedLeaves(10, new long[]{3}, true, new long[]{14, 12});

        assertThat(distrusted.includes(3)).as("found not to be what was signed").isTrue();
        assertThat(distrusted.includes(5)).isFalse();
        assertThat(distrusted.includes(10)).isTrue();
        assertThat(distrusted.includes(12)).as("proven").isFalse();
        assertThat(distrusted.includes(13)).isTrue();
        assertThat(distrusted.sqlExcluding("de.leaf_index"))
                .isEqualTo(" AND (de.leaf_index < 10 OR de.leaf_index IN (12, 14)) AND de.leaf_index NOT IN (3)");
    }

    @Test
    void withoutProvenLeavesTheRangeIsAsBefore() {
        assertThat(new DistrustedLeaves(10, new long[0]).sqlExcluding("de.leaf_index")).isEqualTo(" AND de.leaf_index < 10");
        assertThat(DistrustedLeaves.NONE.sqlExcluding("de.leaf_index")).isEmpty();
        assertThat(DistrustedLeaves.NONE.includes(0)).isFalse();
    }
}
