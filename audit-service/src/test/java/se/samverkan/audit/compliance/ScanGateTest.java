package se.samverkan.audit.compliance;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScanGateTest {

    @Test
    void aScanBeyondTheBoundIsRefusedAndTheSlotIsFreeAgainOnceTheRunningScanEnds() throws Exception {
        ScanGate gate = new ScanGate(new SearchProperties(50_000, 1, 0, 1));
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        try (ExecutorService executor = Executors.newSingleThreadExecutor()) {
            Future<String> first = executor.submit(() -> gate.scan(() -> {
                running.countDown();
                try {
                    finish.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return "first";
            }));
            assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();

            assertThatThrownBy(() -> gate.scan(() -> "second")).isInstanceOf(ScanGate.ScansBusyException.class);

            finish.countDown();
            assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("first");
        }
        assertThat(gate.scan(() -> "third")).isEqualTo("third");
    }

    @Test
    void aFailingScanGivesItsSlotBack() {
        ScanGate gate = new ScanGate(new SearchProperties(50_000, 1, 0, 1));
        assertThatThrownBy(() -> gate.scan(() -> {
            throw new IllegalStateException("the database went away");
        })).isInstanceOf(IllegalStateException.class);
        assertThat(gate.scan(() -> "next")).isEqualTo("next");
    }
}
