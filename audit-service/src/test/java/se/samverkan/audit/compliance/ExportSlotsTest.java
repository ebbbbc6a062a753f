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
        exports.admit("eva");
        exports.admit("hanna");
        assertThatThrownBy(() -> exports.admit("ida")).isInstanceOfSatisfying(ClientProblem.class, busy -> {
            assertThat(busy.status()).isEqualTo(503);
            assertThat(busy.code()).isEqualTo("exports-busy");
            assertThat(busy.properties()).containsEntry("retryAfterSeconds", 30L);
        });
    }

    @Test
    void aFinishedExportGivesItsSlotBackOnceHoweverOftenItSaysSo() {
        Runnable first = exports.admit("eva");
        exports.admit("hanna");
        first.run();
        first.run();
        exports.admit("ida");
        // the second run of the first export's release gave nothing more back
        assertThatThrownBy(() -> exports.admit("eva")).isInstanceOf(ClientProblem.class);
    }

    /** Two exports held open by one officer took every slot, and everyone else's got 503 for as long as she liked. */
    @Test
    void anOfficerHoldsAllButOneSlotAndTheLastStaysForSomeoneElse() {
        ExportWriter three = new ExportWriter(null, null, null, 65_536, 3);
        Runnable evasFirst = three.admit("eva");
        three.admit("eva");
        assertThatThrownBy(() -> three.admit("eva")).isInstanceOfSatisfying(ClientProblem.class, running -> {
            assertThat(running.status()).isEqualTo(429);
            assertThat(running.code()).isEqualTo("export-running");
            assertThat(running.properties()).containsEntry("retryAfterSeconds", 30L);
        });
        Runnable hannas = three.admit("hanna");
        assertThatThrownBy(() -> three.admit("ida")).isInstanceOfSatisfying(ClientProblem.class,
                busy -> assertThat(busy.status()).isEqualTo(503));
        // a refusal for want of a slot leaves ida free to try again, and eva's finished export gives hers back
        evasFirst.run();
        three.admit("ida");
        hannas.run();
        three.admit("eva");
    }
}
