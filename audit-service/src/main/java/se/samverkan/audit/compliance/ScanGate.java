package se.samverkan.audit.compliance;

import org.springframework.stereotype.Component;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** Bounds the scans of the log that run at once (search, disclosure report); see {@link SearchProperties}. */
@Component
public class ScanGate {

    /** How long a request waits for a free scan before it is refused: a scan takes about this long. */
    static final long WAIT_MILLIS = 250;

    private final Semaphore scans;

    public ScanGate(SearchProperties properties) {
        this.scans = new Semaphore(properties.concurrency(), true);
    }

    public <T> T scan(Supplier<T> work) {
        boolean acquired;
        try {
            acquired = scans.tryAcquire(WAIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ScansBusyException();
        }
        if (!acquired) {
            throw new ScansBusyException();
        }
        try {
            return work.get();
        } finally {
            scans.release();
        }
    }

    /** Every scan slot stayed taken: a temporary condition the client may retry. */
    public static class ScansBusyException extends RuntimeException {
        public ScansBusyException() {
            super("every audit log scan slot is taken", null, false, false);
        }
    }
}
