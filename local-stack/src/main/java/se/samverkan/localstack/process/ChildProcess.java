package se.samverkan.localstack.process;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A process the stack started (Kafka, Keycloak, a service), with its output in a log file and its pid recorded so
 * that a later start can clean up after a launcher that was killed without running its shutdown hook.
 */
public final class ChildProcess {

    private final String name;
    private final Process process;
    private final Path logFile;
    private final Path pidFile;

    private ChildProcess(String name, Process process, Path logFile, Path pidFile) {
        this.name = name;
        this.process = process;
        this.logFile = logFile;
        this.pidFile = pidFile;
    }

    public static ChildProcess start(String name, List<String> command, Map<String, String> environment, Path workingDir,
                                     Path logFile, Path pidDir) {
        try {
            Files.createDirectories(logFile.getParent());
            Files.createDirectories(pidDir);
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(workingDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(nullDevice()));
            builder.environment().putAll(environment);
            Files.writeString(logFile, "%n==== %s starting %s at %s ====%n".formatted(Instant.now(), name, workingDir),
                    StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            Process process = builder.start();
            Path pidFile = pidDir.resolve(name + ".pid");
            StaleProcesses.record(pidFile, process.toHandle());
            return new ChildProcess(name, process, logFile, pidFile);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + name + " (" + String.join(" ", command) + ")", e);
        }
    }

    public String name() {
        return name;
    }

    public Path logFile() {
        return logFile;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public int exitValue() {
        return process.exitValue();
    }

    public long pid() {
        return process.pid();
    }

    /** Waits for a short-lived tool (e.g. Kafka's storage format) and fails with its log if it did not succeed. */
    public void awaitSuccess(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                stop(Duration.ofSeconds(1));
                throw new IllegalStateException(name + " did not finish within " + timeout.toSeconds() + " s; see " + logFile);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + name, e);
        }
        StaleProcesses.forget(pidFile);
        if (process.exitValue() != 0) {
            throw new IllegalStateException(name + " failed with exit code " + process.exitValue() + "; see " + logFile);
        }
    }

    /** Asks the whole process tree to stop (SIGTERM), then kills what is still alive after the grace period. */
    public void stop(Duration grace) {
        ProcessTree.terminate(process.toHandle(), grace);
        StaleProcesses.forget(pidFile);
    }

    private static File nullDevice() {
        return new File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
    }
}
