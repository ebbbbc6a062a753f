package se.samverkan.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * CPU time each part of the stack spent during the measured window (utime + stime from /proc, in clock ticks of 10 ms),
 * so a run on a small machine says where its cores went: per answered request, per process. PostgreSQL is the sum of
 * all its backends; the whole machine comes from /proc/stat.
 */
final class Cpu {

    private static final List<String> PROCESSES = List.of("case-service", "audit-service", "notification-service", "kafka");
    private static final double MILLIS_PER_TICK = 10.0;

    private final Path pidDir;
    private Map<String, Long> start;

    Cpu(Path stackDir) {
        this.pidDir = stackDir.resolve("pids");
    }

    void start() {
        start = ticks();
    }

    /** process → CPU milliseconds since {@link #start()}; -1 where it could not be read. */
    Map<String, Double> stop() {
        Map<String, Long> end = ticks();
        Map<String, Double> spent = new LinkedHashMap<>();
        end.forEach((name, ticks) -> {
            Long before = start == null ? null : start.get(name);
            spent.put(name, before == null || before < 0 || ticks < 0 ? -1 : (ticks - before) * MILLIS_PER_TICK);
        });
        return spent;
    }

    private Map<String, Long> ticks() {
        Map<String, Long> ticks = new LinkedHashMap<>();
        for (String process : PROCESSES) {
            ticks.put(process, processTicks(pidOf(process)));
        }
        ticks.put("postgresql", postgresTicks());
        ticks.put("(whole machine)", machineTicks());
        return ticks;
    }

    private String pidOf(String process) {
        try {
            return Files.readAllLines(pidDir.resolve(process + ".pid")).getFirst().trim();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static long processTicks(String pid) {
        if (pid == null) {
            return -1;
        }
        try {
            String stat = Files.readString(Path.of("/proc", pid, "stat"));
            // the command name may hold spaces: the fields after it start behind the last ')'
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static long postgresTicks() {
        try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
            return processes.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
                    .filter(p -> {
                        try {
                            return Files.readString(p.resolve("comm")).trim().equals("postgres");
                        } catch (IOException e) {
                            return false;
                        }
                    })
                    .mapToLong(p -> Math.max(0, processTicks(p.getFileName().toString())))
                    .sum();
        } catch (IOException e) {
            return -1;
        }
    }

    private static long machineTicks() {
        try {
            String[] cpu = Files.readAllLines(Path.of("/proc/stat")).getFirst().trim().split("\\s+");
            // user nice system (idle iowait excluded) irq softirq steal
            return Long.parseLong(cpu[1]) + Long.parseLong(cpu[2]) + Long.parseLong(cpu[3]) + Long.parseLong(cpu[6])
                    + Long.parseLong(cpu[7]) + Long.parseLong(cpu[8]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
