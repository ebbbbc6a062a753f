package se.samverkan.localstack.services;

import se.samverkan.localstack.StackSettings;
import se.samverkan.localstack.process.ChildProcess;
import se.samverkan.localstack.wait.Waits;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** One service as a child JVM ({@code java -jar <module>/target/<module>-<version>.jar}), ready when its health is UP. */
public final class ServiceProcess implements AutoCloseable {

    private final ServiceSpec spec;
    private final ChildProcess process;

    private ServiceProcess(ServiceSpec spec, ChildProcess process) {
        this.spec = spec;
        this.process = process;
    }

    public static ServiceProcess start(StackSettings settings, ServiceSpec spec, String java, Duration timeout) {
        Path jar = spec.jar(settings);
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(spec.name() + " is not built: " + jar + " is missing; run ./mvnw -q install -DskipTests");
        }
        List<String> command = List.of(java, "-Xms64m", "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-jar", jar.toString());
        ChildProcess process = ChildProcess.start(spec.name(), command, spec.environment(settings), settings.projectRoot(),
                settings.logDir().resolve(spec.name() + ".log"), settings.pidDir());
        ServiceProcess service = new ServiceProcess(spec, process);
        try {
            Waits.until(spec.name() + " health", timeout, process, () -> Waits.httpOk(spec.healthUrl(), "\"UP\""));
        } catch (RuntimeException e) {
            service.close();
            throw e;
        }
        return service;
    }

    public ServiceSpec spec() {
        return spec;
    }

    public ChildProcess process() {
        return process;
    }

    @Override
    public void close() {
        process.stop(Duration.ofSeconds(20));
    }
}
