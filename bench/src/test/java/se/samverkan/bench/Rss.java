package se.samverkan.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Resident memory of each service process under load, from /proc/<pid>/status (VmRSS sampled every second; VmHWM, the
 * kernel's own peak, at the end). The pids are the ones the local stack wrote to .local-stack/pids/.
 */
final class Rss {

    static final List<String> SERVICES = List.of("case-service", "audit-service", "notification-service");

    private final Path pidDir;
    private final Map<String, Long> peakSampledKb = new ConcurrentHashMap<>();
    private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();

    Rss(Path stackDir) {
        this.pidDir = stackDir.resolve("pids");
    }

    void start() {
        sampler.scheduleAtFixedRate(() -> SERVICES.forEach(service -> {
            long kb = field(service, "VmRSS:");
            if (kb > 0) {
                peakSampledKb.merge(service, kb, Math::max);
            }
        }), 0, 1, TimeUnit.SECONDS);
    }

    /** service → {peak sampled RSS MB, VmHWM MB, current RSS MB}; -1 where the process was not found. */
    Map<String, long[]> stop() {
        sampler.shutdownNow();
        Map<String, long[]> result = new TreeMap<>();
        for (String service : SERVICES) {
            result.put(service, new long[]{peakSampledKb.getOrDefault(service, -1024L) / 1024,
                    field(service, "VmHWM:") / 1024, field(service, "VmRSS:") / 1024});
        }
        return result;
    }

    private long field(String service, String name) {
        try {
            Path pidFile = pidDir.resolve(service + ".pid");
            if (!Files.exists(pidFile)) {
                return -1024;
            }
            // the launcher writes the pid on the first line and the start time on the second
            String pid = Files.readAllLines(pidFile).get(0).trim();
            for (String line : Files.readAllLines(Path.of("/proc", pid, "status"))) {
                if (line.startsWith(name)) {
                    return Long.parseLong(line.substring(name.length()).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            // not on Linux, or the process is gone: reported as not measured
        }
        return -1024;
    }
}
