package se.samverkan.audit.compliance;

import org.junit.jupiter.api.Test;
import se.samverkan.platform.problem.ClientProblem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * An export streams outside the in-flight bound, so the number running at once is bounded here: an officer's token
 * (or a stolen one) that starts more gets 503 with Retry-After instead of filling the heap.
 */
class ExportSlotsTest {

    private final ExportWriter exports = new ExportWriter(null, null, null, 65_536, 2);

    @Test
    void aThirdExportWhileTwoRunIsRefusedWithWhenToComeBack() {
        exports.admit();
        exports.admit();
        assertThatThrownBy(exports::admit).isInstanceOfSatisfying(ClientProblem.class, busy -> {
            assertThat(busy.status()).isEqualTo(503);
            assertThat(busy.code()).isEqualTo("exports-busy");
            assertThat(busy.properties()).containsEntry("retryAfterSeconds", 30L);
        });
    }

    @Test
    void aFinishedExportGivesItsSlotBackOnceHoweverOftenItSaysSo() {
        Runnable first = exports.admit();
        exports.admit();
        first.run();
        first.run();
        exports.admit();
        // the second run of the first export's release gave nothing more back
        assertThatThrownBy(exports::admit).isInstanceOf(ClientProblem.class);
    }
}
