package se.samverkan.localstack;

import se.samverkan.localstack.kafka.LocalKafka;
import se.samverkan.localstack.keycloak.LocalKeycloak;
import se.samverkan.localstack.mail.MailCatcher;
import se.samverkan.localstack.postgres.LocalPostgres;
import se.samverkan.localstack.postgres.ServiceDatabase;
import se.samverkan.localstack.process.StaleProcesses;
import se.samverkan.localstack.secrets.StackSecrets;
import se.samverkan.localstack.services.ServiceProcess;
import se.samverkan.localstack.services.ServiceSpec;
import se.samverkan.localstack.wait.Progress;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * Starts the whole system in dependency order, in parallel where nothing depends on anything: PostgreSQL, Kafka,
 * Keycloak and the mail catcher together; each service as soon as PostgreSQL and Kafka are up (they fetch
 * Keycloak's keys only when the first token arrives). Infrastructure that fails to start fails the whole start;
 * a service that fails is reported with its log file and the rest keeps running, because the services are often
 * the part someone is working on.
 */
public final class Stack implements AutoCloseable {

    private static final Duration INFRASTRUCTURE_TIMEOUT = Duration.ofMinutes(6);
    private static final Duration SERVICE_TIMEOUT = Duration.ofMinutes(5);

    private final StackSettings settings;
    private volatile LocalPostgres postgres;
    private volatile LocalKafka kafka;
    private final LocalKeycloak keycloak;
    private final MailCatcher mail;
    private final List<ServiceProcess> services;
    private final Map<String, String> serviceFailures;

    private Stack(StackSettings settings, LocalPostgres postgres, LocalKafka kafka, LocalKeycloak keycloak, MailCatcher mail,
                  List<ServiceProcess> services, Map<String, String> serviceFailures) {
        this.settings = settings;
        this.postgres = postgres;
        this.kafka = kafka;
        this.keycloak = keycloak;
        this.mail = mail;
        this.services = new java.util.concurrent.CopyOnWriteArrayList<>(services);
        this.serviceFailures = serviceFailures;
    }

    public static Stack start(StackSettings settings, Progress progress, boolean withServices) {
        List<String> reaped = StaleProcesses.reap(settings.pidDir());
        if (!reaped.isEmpty()) {
            progress.ready("cleanup", "stopped processes left behind by an earlier run: " + String.join(", ", reaped));
        }
        if (withServices) {
            // before anything starts: data sealed with the keys that used to be in the repository stops the start here
            StackSecrets.loadOrCreate(settings);
        }
        String javaBinary = javaBinary();
        Path javaHome = Path.of(System.getProperty("java.home"));
        String kafkaClasspath = kafkaClasspath(settings);

        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            CompletableFuture<LocalPostgres> postgres = step(executor, progress, "postgresql", "",
                    () -> LocalPostgres.start(settings), pg -> StackSettings.HOST + ":" + settings.postgresPort()
                            + ", databases " + String.join(", ", Arrays.stream(ServiceDatabase.values()).map(ServiceDatabase::databaseName).toList()));
            CompletableFuture<LocalKafka> kafka = step(executor, progress, "kafka", "",
                    () -> LocalKafka.start(settings, javaBinary, kafkaClasspath, INFRASTRUCTURE_TIMEOUT),
                    k -> settings.kafkaBootstrapServers() + ", topics " + String.join(", ", k.topics().names()));
            CompletableFuture<LocalKeycloak> keycloak = step(executor, progress, "keycloak",
                    LocalKeycloak.firstStart(settings) ? "first start: unpack and build, about a minute" : "about 10-20 s",
                    () -> LocalKeycloak.start(settings, javaHome, INFRASTRUCTURE_TIMEOUT), k -> settings.issuer());
            CompletableFuture<MailCatcher> mail = step(executor, progress, "mail catcher", "",
                    () -> MailCatcher.start(settings), m -> "smtp " + StackSettings.HOST + ":" + settings.smtpPort() + ", mails at " + settings.mailViewerUrl());

            Map<String, CompletableFuture<ServiceProcess>> serviceSteps = new LinkedHashMap<>();
            if (withServices) {
                CompletableFuture<Void> databaseAndBroker = CompletableFuture.allOf(postgres, kafka);
                List<ServiceSpec> specs = new ArrayList<>(ServiceSpec.all(settings));
                specs.add(ServiceSpec.partnerAudit(settings));
                for (ServiceSpec spec : specs) {
                    serviceSteps.put(spec.name(), databaseAndBroker.thenComposeAsync(ignored -> step(executor, progress, spec.name(), "",
                            () -> ServiceProcess.start(settings, spec, javaBinary, SERVICE_TIMEOUT), s -> spec.baseUrl()), executor));
                }
            }

            List<CompletableFuture<?>> everything = new ArrayList<>(List.of(postgres, kafka, keycloak, mail));
            everything.addAll(serviceSteps.values());
            CompletableFuture.allOf(everything.toArray(CompletableFuture[]::new)).exceptionally(ignored -> null).join();

            List<ServiceProcess> running = new ArrayList<>();
            Map<String, String> failures = new LinkedHashMap<>();
            serviceSteps.forEach((name, step) -> {
                if (step.isCompletedExceptionally()) {
                    failures.put(name, reason(step));
                } else {
                    running.add(step.join());
                }
            });
            Stack stack = new Stack(settings, orNull(postgres), orNull(kafka), orNull(keycloak), orNull(mail), running, failures);
            List<String> infrastructureFailures = new ArrayList<>();
            for (var step : List.of(postgres, kafka, keycloak, mail)) {
                if (step.isCompletedExceptionally()) {
                    infrastructureFailures.add(reason(step));
                }
            }
            if (!infrastructureFailures.isEmpty()) {
                stack.close();
                throw new IllegalStateException("the local stack could not start: " + String.join("; ", infrastructureFailures));
            }
            return stack;
        }
    }

    private static <T> CompletableFuture<T> step(ExecutorService executor, Progress progress, String name, String hint,
                                                 Supplier<T> start, java.util.function.Function<T, String> summary) {
        return CompletableFuture.supplyAsync(() -> {
            progress.starting(name, hint);
            try {
                T started = start.get();
                progress.ready(name, summary.apply(started));
                return started;
            } catch (RuntimeException | Error e) {
                progress.failed(name, describe(e));
                throw e;
            }
        }, executor);
    }

    private static String kafkaClasspath(StackSettings settings) {
        Path lib = settings.projectRoot().resolve("local-stack/target/lib");
        if (!Files.isDirectory(lib)) {
            throw new IllegalStateException("the Kafka jars are not at " + lib + "; build first: ./mvnw -q install -DskipTests");
        }
        return lib + "/*";
    }

    private static <T> T orNull(CompletableFuture<T> step) {
        return step.isCompletedExceptionally() ? null : step.join();
    }

    private static String reason(CompletableFuture<?> step) {
        try {
            step.join();
            return "";
        } catch (CompletionException e) {
            return describe(e.getCause() == null ? e : e.getCause());
        }
    }

    /**
     * Stops what a launcher started but could not stop itself (it was killed, or interrupted while starting), found
     * through the pid files and PostgreSQL's own postmaster.pid.
     */
    public static void stopLeftovers(StackSettings settings) {
        StaleProcesses.reap(settings.pidDir());
        try {
            LocalPostgres.stopLeftoverServer(settings.dataDir().resolve("postgres"));
        } catch (IOException e) {
            System.err.println("PostgreSQL may still be running: " + e.getMessage());
        }
    }

    private static String describe(Throwable failure) {
        return failure.getMessage() == null ? failure.toString() : failure.getMessage();
    }

    public StackSettings settings() {
        return settings;
    }

    public List<ServiceProcess> services() {
        return services;
    }

    public ServiceProcess service(String name) {
        return services.stream().filter(s -> s.spec().name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no service " + name + " in this stack"));
    }

    /**
     * The fault tests' controls. A service stops like a crash ({@code kill -9}) or like an orchestrator's rollout
     * (SIGTERM, then its graceful shutdown), and comes back on the same port with the same settings.
     */
    public synchronized ServiceProcess stopService(String name, boolean crash) {
        ServiceProcess running = service(name);
        if (crash) {
            ProcessHandle handle = ProcessHandle.of(running.process().pid()).orElseThrow();
            handle.destroyForcibly();
            handle.onExit().join();
        } else {
            running.close();
        }
        return running;
    }

    public synchronized ServiceProcess startService(String name) {
        ServiceProcess stopped = service(name);
        ServiceProcess fresh = ServiceProcess.start(settings, stopped.spec(), javaBinary(), SERVICE_TIMEOUT);
        services.set(services.indexOf(stopped), fresh);
        return fresh;
    }

    /** A second instance of {@code name} on a free port (named {@code <name>-standby}), alive but not ready. */
    public synchronized ServiceProcess startStandby(String name) {
        ServiceSpec spec = service(name).spec().standby(StackSettings.freePort(), StackSettings.freePort());
        ServiceProcess standby = ServiceProcess.startStandby(settings, spec, javaBinary(), SERVICE_TIMEOUT);
        services.add(standby);
        return standby;
    }

    /** Stops a service gracefully and forgets it (a standby the test no longer needs). */
    public synchronized void retireService(String name) {
        stopService(name, false);
        services.remove(service(name));
    }

    public synchronized void stopKafka() {
        kafka.close();
    }

    public synchronized void startKafka() {
        kafka = LocalKafka.start(settings, javaBinary(), kafkaClasspath(settings), INFRASTRUCTURE_TIMEOUT);
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    public synchronized void stopPostgres() {
        postgres.close();
    }

    public synchronized void startPostgres() {
        postgres = LocalPostgres.start(settings);
    }

    /** Services that did not come up, by name, with the reason and the log file to read. */
    public Map<String, String> serviceFailures() {
        return serviceFailures;
    }

    public MailCatcher mail() {
        return mail;
    }

    public LocalPostgres postgres() {
        return postgres;
    }

    /** Services first (they hold connections to everything else), PostgreSQL last. */
    @Override
    public void close() {
        List<CompletableFuture<Void>> stopping = services.stream()
                .map(service -> CompletableFuture.runAsync(() -> quietly(service)))
                .toList();
        stopping.forEach(CompletableFuture::join);
        CompletableFuture<Void> keycloakStopping = CompletableFuture.runAsync(() -> quietly(keycloak));
        quietly(kafka);
        keycloakStopping.join();
        quietly(mail);
        quietly(postgres);
    }

    private static void quietly(AutoCloseable component) {
        if (component == null) {
            return;
        }
        try {
            component.close();
        } catch (Exception e) {
            System.err.println("while stopping: " + e.getMessage());
        }
    }
}
