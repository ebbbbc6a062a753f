package se.samverkan.localstack.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Pid files remember which processes a launcher started. If the launcher was killed hard (kill -9, a closed
 * terminal), its children keep running and hold the ports; the next start stops them. A pid is only trusted
 * together with the process start time, so a recycled pid of an unrelated process is never touched.
 */
public final class StaleProcesses {

    private StaleProcesses() {
    }

    static void record(Path pidFile, ProcessHandle process) throws IOException {
        Instant started = process.info().startInstant().orElse(Instant.EPOCH);
        Files.writeString(pidFile, process.pid() + "\n" + started + "\n");
    }

    static void forget(Path pidFile) {
        try {
            Files.deleteIfExists(pidFile);
        } catch (IOException ignored) {
            // a leftover pid file is harmless: its process is gone or will be matched by start time
        }
    }

    /** Stops processes left behind by an earlier launcher and returns their names. */
    public static List<String> reap(Path pidDir) {
        List<String> reaped = new ArrayList<>();
        if (!Files.isDirectory(pidDir)) {
            return reaped;
        }
        try (DirectoryStream<Path> pidFiles = Files.newDirectoryStream(pidDir, "*.pid")) {
            for (Path pidFile : pidFiles) {
                leftover(pidFile).ifPresent(process -> {
                    ProcessTree.terminate(process, Duration.ofSeconds(15));
                    reaped.add(pidFile.getFileName().toString().replace(".pid", "") + " (pid " + process.pid() + ")");
                });
                forget(pidFile);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + pidDir, e);
        }
        return reaped;
    }

    private static Optional<ProcessHandle> leftover(Path pidFile) throws IOException {
        List<String> lines = Files.readAllLines(pidFile);
        if (lines.size() < 2) {
            return Optional.empty();
        }
        long pid;
        Instant started;
        try {
            pid = Long.parseLong(lines.get(0).trim());
            started = Instant.parse(lines.get(1).trim());
        } catch (RuntimeException unreadable) {
            return Optional.empty();
        }
        return ProcessHandle.of(pid)
                .filter(ProcessHandle::isAlive)
                .filter(process -> process.info().startInstant().map(started::equals).orElse(false));
    }
}
