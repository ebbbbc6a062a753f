package se.samverkan.localstack.services;

import se.samverkan.localstack.StackSettings;
import se.samverkan.localstack.process.ChildProcess;
import se.samverkan.localstack.wait.Waits;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One service as a child JVM from its Spring Boot jar ({@code <module>/target/<module>-<version>.jar}), ready when its
 * health is UP; a standby (audit-service's second instance) is ready when it is alive, since it is never ready to serve.
 */
public final class ServiceProcess implements AutoCloseable {

    private final ServiceSpec spec;
    private final ChildProcess process;

    private final Duration stopGrace;

    private ServiceProcess(ServiceSpec spec, ChildProcess process, Duration stopGrace) {
        this.spec = spec;
        this.process = process;
        this.stopGrace = stopGrace;
    }

    private static final Duration STOP_GRACE = Duration.ofSeconds(20);

    public static ServiceProcess start(StackSettings settings, ServiceSpec spec, String java, Duration timeout) {
        return start(settings, spec, java, timeout, spec.healthUrl());
    }

    public static ServiceProcess startStandby(StackSettings settings, ServiceSpec spec, String java, Duration timeout) {
        return start(settings, spec, java, timeout, spec.healthUrl() + "/liveness");
    }

    private static ServiceProcess start(StackSettings settings, ServiceSpec spec, String java, Duration timeout, String readyUrl) {
        Path jar = spec.jar(settings);
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(spec.name() + " is not built: " + jar + " is missing; run ./mvnw -q install -DskipTests");
        }
        Path snapshot = snapshot(settings, spec, jar);
        if (spec.migratesSeparately()) {
            // the schema owner migrates in a short-lived JVM of its own; the service never gets its password
            ChildProcess.start(spec.name() + "-migrate", List.of(java, "-Xmx192m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                            "-jar", snapshot.toString(), "migrate"), spec.migrationEnvironment(settings), settings.projectRoot(),
                    settings.logDir().resolve(spec.name() + "-migrate.log"), settings.pidDir()).awaitSuccess(timeout);
        }
        List<String> command = new java.util.ArrayList<>(List.of(java));
        command.addAll(JvmFlags.forService(spec.name(), System.getenv()));
        Path runnable = snapshot;
        Duration stopGrace = STOP_GRACE;
        if (JvmFlags.serverJvm(System.getenv()) && AotCache.enabled(System.getenv())) {
            AotCache.Launch launch = AotCache.prepare(java, snapshot, settings.dataDir(), spec.name());
            command.addAll(launch.flags());
            runnable = launch.jar();
            if (launch.records()) {
                // the JVM writes the cache as it exits: 20 s cut it short on two cores
                stopGrace = AotCache.RECORDING_STOP_GRACE;
            }
        }
        command.addAll(List.of("-jar", runnable.toString()));
        Map<String, String> environment = new java.util.LinkedHashMap<>(spec.environment(settings));
        environment.putAll(JvmFlags.environmentForService(System.getenv()));
        ChildProcess process = ChildProcess.start(spec.name(), command, environment, settings.projectRoot(),
                settings.logDir().resolve(spec.name() + ".log"), settings.pidDir());
        ServiceProcess service = new ServiceProcess(spec, process, stopGrace);
        try {
            Waits.until(spec.name() + " health", timeout, process, () -> Waits.httpOk(readyUrl, "\"UP\""));
        } catch (RuntimeException e) {
            service.close();
            throw e;
        }
        return service;
    }

    /**
     * A JVM loads classes from its jar lazily, so rebuilding a service while the stack runs would pull the jar from
     * under it (NoClassDefFoundError at the next new code path). The service runs from a copy instead, and a rebuild
     * takes effect at the next start.
     */
    private static Path snapshot(StackSettings settings, ServiceSpec spec, Path jar) {
        try {
            Path copy = Files.createDirectories(settings.dataDir().resolve("jars")).resolve(spec.name() + ".jar");
            Files.copy(jar, copy, StandardCopyOption.REPLACE_EXISTING);
            return copy;
        } catch (IOException e) {
            throw new UncheckedIOException("could not copy " + jar + " to the stack's data folder", e);
        }
    }

    public ServiceSpec spec() {
        return spec;
    }

    public ChildProcess process() {
        return process;
    }

    @Override
    public void close() {
        process.stop(stopGrace);
    }
}
