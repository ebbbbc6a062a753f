package se.samverkan.localstack.wait;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/** Tells the person at the terminal what is ready and what we are still waiting for (Keycloak's first start is slow). */
public final class Progress implements AutoCloseable {

    private final PrintStream out;
    private final Instant started = Instant.now();
    private final Map<String, String> waitingFor = new LinkedHashMap<>();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "local-stack-progress");
        thread.setDaemon(true);
        return thread;
    });

    public Progress(PrintStream out, Duration interval) {
        this.out = out;
        ticker.scheduleAtFixedRate(this::report, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    public synchronized void starting(String component, String hint) {
        waitingFor.put(component, hint);
        out.printf("%s  starting %s%s%n", elapsed(), component, hint.isEmpty() ? "" : " (" + hint + ")");
    }

    public synchronized void ready(String component, String detail) {
        waitingFor.remove(component);
        out.printf("%s  ready    %-22s %s%n", elapsed(), component, detail);
    }

    public synchronized void failed(String component, String reason) {
        waitingFor.remove(component);
        out.printf("%s  FAILED   %-22s %s%n", elapsed(), component, reason);
    }

    private synchronized void report() {
        if (!waitingFor.isEmpty()) {
            out.printf("%s  waiting for %s ...%n", elapsed(), waitingFor.keySet().stream().collect(Collectors.joining(", ")));
        }
    }

    private String elapsed() {
        return "[%4d s]".formatted(Duration.between(started, Instant.now()).toSeconds());
    }

    @Override
    public void close() {
        ticker.shutdownNow();
    }
}
