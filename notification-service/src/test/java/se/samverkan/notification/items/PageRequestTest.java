package se.samverkan.notification.items;

import org.junit.jupiter.api.Test;
import se.samverkan.platform.problem.ClientProblem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PageRequestTest {

    @Test
    void theOffsetCountsWholePagesAndDoesNotOverflowOnLargePageNumbers() {
        assertThat(new PageRequest(0, 20).offset()).isZero();
        assertThat(new PageRequest(3, 20).offset()).isEqualTo(60);
        assertThat(new PageRequest(Integer.MAX_VALUE, PageRequest.MAX_SIZE).offset())
                .isEqualTo((long) Integer.MAX_VALUE * PageRequest.MAX_SIZE);
    }

    @Test
    void aNegativePageOrASizeOutOfBoundsIsTheCallersMistakeWithAMessageToActOn() {
        assertThatThrownBy(() -> new PageRequest(-1, 20)).isInstanceOf(ClientProblem.class)
                .hasMessageContaining("page must be 0 or more");
        assertThatThrownBy(() -> new PageRequest(0, 0)).isInstanceOf(ClientProblem.class)
                .hasMessageContaining("size must be between 1 and 100");
        assertThatThrownBy(() -> new PageRequest(0, PageRequest.MAX_SIZE + 1)).isInstanceOf(ClientProblem.class)
                .hasMessageContaining("got 101");
    }
}
