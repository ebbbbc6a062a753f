package se.samverkan.localstack.services;

import se.samverkan.localstack.StackSettings;
import se.samverkan.localstack.postgres.LocalPostgres;
import se.samverkan.localstack.process.ChildProcess;
import se.samverkan.localstack.secrets.StackSecrets;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The training runs that give the images an AOT cache (JDK 25, JEP 483/514/515): each service starts from its extracted
 * jar with the image's JVM, against a PostgreSQL of its own with freshly made keys, and exits once its application
 * context is refreshed ({@code spring.context.exit=onRefresh}: every singleton built, Flyway and Hibernate's schema
 * check done, nothing started, nothing listening); the JVM writes the classes it loaded and linked, and their
 * profiles, to the cache as it exits. Kafka, Keycloak and SMTP are named at ports where nothing listens: none of them
 * is reached before the context has started, so the build needs no broker, realm or mail server.
 * <p>
 * The cache holds class metadata, not the training run's state (it is not a checkpoint of the process): the
 * deploy module's {@code ImageTarsIT} looks for the training run's keys in every file of the images, the cache too.
 */
public final class AotTraining {

    /** One service's training: its extracted jar, where the cache goes, and where the log goes. */
    public record Run(String service, Path jar, Path cache) {
    }

    private static final Duration TIMEOUT = Duration.ofMinutes(4);

    private AotTraining() {
    }

    /**
     * @param java        the {@code bin/java} of the runtime the images carry: a cache is valid only for the JVM that
     *                    wrote it
     * @param environment the images' JVM environment ({@code JAVA_TOOL_OPTIONS}, {@code MALLOC_ARENA_MAX}): a cache
     *                    written with other GC or heap-layout flags would not be used
     * @param work        a scratch folder of this build for the training database, its keys and the logs
     */
    public static void train(Path projectRoot, Path work, String java, Map<String, String> environment, List<Run> runs) {
        StackSettings settings = StackSettings.isolated(projectRoot, work);
        // the keys first, as the stack makes them: a data folder with a database and no keys is one from before it had any
        StackSecrets.loadOrCreate(settings);
        try (LocalPostgres postgres = LocalPostgres.start(settings)) {
            for (Run run : runs) {
                ServiceSpec spec = ServiceSpec.all(settings).stream().filter(s -> s.name().equals(run.service())).findFirst()
                        .orElseThrow(() -> new IllegalArgumentException("no service " + run.service()));
                if (spec.migratesSeparately()) {
                    // as a deployment does: the schema owner migrates first, the service itself may not
                    ChildProcess.start(spec.name() + "-migrate", List.of(java, "-jar", run.jar().toString(), "migrate"),
                            withJvm(spec.migrationEnvironment(settings), environment), work,
                            settings.logDir().resolve(spec.name() + "-migrate.log"), settings.pidDir()).awaitSuccess(TIMEOUT);
                }
                long started = System.nanoTime();
                ChildProcess training = ChildProcess.start(spec.name() + "-aot-training", List.of(java,
                                "-XX:AOTCacheOutput=" + run.cache(), "-Dspring.context.exit=onRefresh", "-jar", run.jar().toString()),
                        withJvm(spec.environment(settings), environment), work,
                        settings.logDir().resolve(spec.name() + "-aot-training.log"), settings.pidDir());
                training.awaitSuccess(TIMEOUT);
                if (!Files.isRegularFile(run.cache())) {
                    throw new IllegalStateException(spec.name() + "'s training run wrote no AOT cache; see " + training.logFile());
                }
                System.out.printf("[images] %s: AOT cache trained in %d s%n", spec.name(), Duration.ofNanos(System.nanoTime() - started).toSeconds());
            }
        }
    }

    private static Map<String, String> withJvm(Map<String, String> service, Map<String, String> jvm) {
        Map<String, String> all = new LinkedHashMap<>(service);
        all.putAll(jvm);
        return all;
    }
}
