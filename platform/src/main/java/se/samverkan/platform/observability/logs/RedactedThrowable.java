package se.samverkan.platform.observability.logs;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A copy of a failure for the log: the same type names, stack frames, causes and suppressed failures, with each
 * message as {@link WithheldMessages} allows it. It prints as the original would ({@code type: message}), so a stack
 * trace reads as before; only the values are gone. Also what a span records of a failure ({@code EventTracing.failed}).
 */
public final class RedactedThrowable extends RuntimeException {

    private final String originalType;

    private RedactedThrowable(String originalType, String message) {
        super(message);
        this.originalType = originalType;
    }

    public static RedactedThrowable of(Throwable original) {
        return copy(original, Collections.newSetFromMap(new IdentityHashMap<>()), new IdentityHashMap<>());
    }

    private static RedactedThrowable copy(Throwable original, Set<Throwable> onPath, Map<Throwable, RedactedThrowable> copied) {
        RedactedThrowable done = copied.get(original);
        if (done != null) {
            return done;
        }
        RedactedThrowable copy = new RedactedThrowable(original.getClass().getName(), WithheldMessages.loggable(original));
        copy.setStackTrace(original.getStackTrace());
        copied.put(original, copy);
        onPath.add(original);
        Throwable cause = original.getCause();
        if (cause != null && !onPath.contains(cause)) {
            copy.initCause(copy(cause, onPath, copied));
        }
        for (Throwable suppressed : original.getSuppressed()) {
            if (!onPath.contains(suppressed)) {
                copy.addSuppressed(copy(suppressed, onPath, copied));
            }
        }
        onPath.remove(original);
        return copy;
    }

    String originalType() {
        return originalType;
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        // the frames are the original's, set right after construction
        return this;
    }

    @Override
    public String toString() {
        String message = getMessage();
        return message == null ? originalType : originalType + ": " + message;
    }
}
