package se.samverkan.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** Everything a run can be told, as system properties (-Dbench.rate=300 ...); defaults make a short run. */
record BenchSettings(
        double rate,
        Duration rampUp,
        Duration duration,
        String caseService,
        String caseServiceManagement,
        String notificationService,
        String auditService,
        String keycloak,
        String jdbcUrl,
        int pgClients,
        Duration pgDuration,
        Path stackDir,
        Duration samplePeriod,
        int seedCases,
        boolean readsOnly) {

    static BenchSettings fromSystemProperties() {
        Path root = Path.of(System.getProperty("bench.root", "..")).toAbsolutePath().normalize();
        Path stackDir = Path.of(System.getProperty("bench.stackDir", root.resolve(".local-stack").toString()));
        // the plugin's forked JVM may run in bench/ or the project root: take the nearest .local-stack upwards
        for (Path dir = Path.of("").toAbsolutePath(); !Files.isDirectory(stackDir) && dir != null; dir = dir.getParent()) {
            stackDir = dir.resolve(".local-stack");
        }
        String host = System.getProperty("bench.host", "127.0.0.1");
        return new BenchSettings(
                Double.parseDouble(System.getProperty("bench.rate", "50")),
                Duration.ofSeconds(Long.parseLong(System.getProperty("bench.rampUp", "10"))),
                Duration.ofSeconds(Long.parseLong(System.getProperty("bench.duration", "60"))),
                System.getProperty("bench.caseService", "http://" + host + ":8081"),
                // its probes and metrics (management.server.port)
                System.getProperty("bench.caseServiceManagement", "http://" + host + ":9081"),
                System.getProperty("bench.notificationService", "http://" + host + ":8082"),
                System.getProperty("bench.auditService", "http://" + host + ":8083"),
                System.getProperty("bench.keycloak", "http://" + host + ":8180"),
                System.getProperty("bench.jdbcUrl", "jdbc:postgresql://" + host + ":55432/postgres"),
                Integer.parseInt(System.getProperty("bench.pgClients", "16")),
                Duration.ofSeconds(Long.parseLong(System.getProperty("bench.pgDuration", "10"))),
                stackDir,
                Duration.ofMillis(Long.parseLong(System.getProperty("bench.samplePeriodMillis", "500"))),
                // a worker's notes land on one of their cases; with too few cases every write waits for the same lock
                Integer.parseInt(System.getProperty("bench.seedCases", "20")),
                readsOnly(System.getProperty("bench.mix", "mixed")));
    }

    /** "reads": case reads only (the seeded cases), for the case-read figure at a given rate; "mixed": the workload. */
    private static boolean readsOnly(String mix) {
        return switch (mix) {
            case "reads" -> true;
            case "mixed" -> false;
            default -> throw new IllegalArgumentException("bench.mix must be mixed or reads, not " + mix);
        };
    }

    /** The stack's PostgreSQL as its superuser, who may read every database's statistics (the embedded one trusts it on loopback). */
    java.sql.Connection superuser() throws java.sql.SQLException {
        return java.sql.DriverManager.getConnection(jdbcUrl, System.getProperty("bench.pgUser", "postgres"),
                System.getProperty("bench.pgPassword", "postgres"));
    }

    String tokenEndpoint() {
        return keycloak + "/realms/samverkan/protocol/openid-connect/token";
    }
}
