package se.samverkan.localstack;

import se.samverkan.localstack.keycloak.LocalKeycloak;
import se.samverkan.localstack.secrets.StackSecrets;
import se.samverkan.localstack.services.ServiceProcess;
import se.samverkan.localstack.services.ServiceSpec;
import se.samverkan.localstack.wait.Progress;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs the whole Samverkan system on this machine until Ctrl-C: {@code java -jar local-stack/target/local-stack.jar}
 * from the project folder (or {@code ./samverkan-local}, which builds first).
 */
public final class LocalStack {

    private LocalStack() {
    }

    public static void main(String[] args) throws InterruptedException {
        PrintStream out = System.out;
        StackSettings settings = StackSettings.local(StackSettings.findProjectRoot());
        FileLock lock = singleInstance(settings);
        if (lock == null) {
            System.err.println("Another local stack is already running from " + settings.dataDir()
                    + ". Stop it with Ctrl-C in its terminal first.");
            System.exit(1);
        }

        AtomicReference<Stack> running = new AtomicReference<>();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            out.println();
            out.println("Stopping the local stack ...");
            Stack stack = running.get();
            if (stack != null) {
                stack.close();
            } else {
                // interrupted while starting: stop whatever already runs
                Stack.stopLeftovers(settings);
            }
            out.println("Stopped.");
            stopped.countDown();
        }, "local-stack-shutdown"));

        out.println("Starting the Samverkan local stack from " + settings.projectRoot());
        out.println("Data and logs: " + settings.dataDir());
        out.println(se.samverkan.localstack.services.JvmFlags.serverJvm(System.getenv())
                ? "Services run with the deployment's JVM flags (SAMVERKAN_LOCAL_SERVER_JVM=true)"
                : "Services run with quick-start JVM flags; SAMVERKAN_LOCAL_SERVER_JVM=true runs the deployment's");
        // SAMVERKAN_LOCAL_SERVICES=external: only the infrastructure; the services run elsewhere (e.g. as the images
        // under podman, infra/podman/run-compose.sh) with the environment written to .local-stack/external-services
        boolean external = "external".equals(System.getenv("SAMVERKAN_LOCAL_SERVICES"));
        Stack stack;
        try (Progress progress = new Progress(out, Duration.ofSeconds(5))) {
            if (external) {
                StackSecrets.loadOrCreate(settings);
            }
            stack = Stack.start(settings, progress, !external);
        } catch (RuntimeException e) {
            System.err.println();
            System.err.println(e.getMessage());
            System.exit(1);
            return;
        }
        running.set(stack);
        if (external) {
            writeServiceEnvironments(out, settings);
        }
        printBanner(out, stack);
        // the main thread has nothing more to do; the shutdown hook stops everything on Ctrl-C
        stopped.await();
    }

    /** One env file per service (and audit-service's migration step), as podman --env-file reads them. */
    private static void writeServiceEnvironments(PrintStream out, StackSettings settings) {
        Path dir = settings.dataDir().resolve("external-services");
        try {
            Files.createDirectories(dir);
            for (ServiceSpec spec : ServiceSpec.all(settings)) {
                write(dir.resolve(spec.name() + ".env"), spec.environment(settings));
                if (spec.migratesSeparately()) {
                    write(dir.resolve(spec.name() + "-migrate.env"), spec.migrationEnvironment(settings));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + dir, e);
        }
        out.println("Infrastructure only (SAMVERKAN_LOCAL_SERVICES=external): start the services with the environment in " + dir);
    }

    private static void write(Path file, java.util.Map<String, String> env) throws IOException {
        StringBuilder text = new StringBuilder();
        env.forEach((name, value) -> text.append(name).append('=').append(value).append('\n'));
        Files.writeString(file, text);
        file.toFile().setReadable(false, false);
        file.toFile().setReadable(true, true);
    }

    private static FileLock singleInstance(StackSettings settings) {
        try {
            Files.createDirectories(settings.dataDir());
            FileChannel channel = FileChannel.open(settings.dataDir().resolve("launcher.lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            // the OS releases the lock when this JVM dies, however it dies: no stale lock files
            return channel.tryLock();
        } catch (IOException e) {
            throw new UncheckedIOException("could not create " + settings.dataDir(), e);
        }
    }

    private static void printBanner(PrintStream out, Stack stack) {
        StackSettings s = stack.settings();
        String line = "-".repeat(100);
        out.println(line);
        if (stack.serviceFailures().isEmpty()) {
            out.println("Samverkan is running. Ctrl-C stops everything.");
        } else {
            out.println("Samverkan is running WITHOUT " + String.join(", ", stack.serviceFailures().keySet()) + ". Ctrl-C stops everything.");
            stack.serviceFailures().forEach((name, reason) -> out.println("  " + name + ": " + reason));
        }
        out.println();
        for (ServiceProcess service : stack.services()) {
            ServiceSpec spec = service.spec();
            out.printf("  %-22s %s   (API docs %s/v3/api-docs, health and metrics %s, log %s)%n", spec.name(), spec.baseUrl(),
                    spec.baseUrl(), spec.managementUrl(), service.process().logFile());
        }
        out.printf("  %-22s %s   (admin console %s/admin, %s / %s)%n", "keycloak", s.issuer(), s.keycloakUrl(),
                LocalKeycloak.ADMIN_USER, LocalKeycloak.ADMIN_PASSWORD);
        out.printf("  %-22s %s   (SASL/SCRAM-SHA-512 only: user admin, password KAFKA_ADMIN_PASSWORD in the keys file below)%n",
                "kafka", s.kafkaBootstrapServers());
        out.printf("  %-22s made for this stack at its first start, in %s (keep it: the data needs it)%n", "keys",
                s.dataDir().resolve(StackSecrets.FILE_NAME));
        out.printf("  %-22s %s (database = user = password = the service's database name)%n", "postgresql",
                StackSettings.HOST + ":" + s.postgresPort());
        out.printf("  %-22s smtp %s:%d, received mails as JSON at %s%n", "mail catcher", StackSettings.HOST, s.smtpPort(), s.mailViewerUrl());
        out.println();
        out.println("Demo users (password: demo)");
        for (DemoUsers.User user : DemoUsers.fromRealm(s.realmFile()).users()) {
            out.printf("  %-8s %-20s %-16s %-5s %s%n", user.username(), user.roles(), user.agency(), user.municipality(), user.unit());
        }
        out.println();
        out.println("Try it:");
        out.println("  TOKEN=$(curl -s -d client_id=samverkan-cli -d grant_type=password -d username=anna -d password=demo \\");
        out.println("      " + s.tokenEndpoint() + " | sed -E 's/.*\"access_token\":\"([^\"]+)\".*/\\1/')");
        out.println("  curl -i -X POST http://" + StackSettings.HOST + ":" + s.caseServicePort() + "/api/cases \\");
        out.println("      -H \"Authorization: Bearer $TOKEN\" -H 'Content-Type: application/json' \\");
        out.println("      -d '" + FirstCase.JSON + "'");
        out.println(line);
    }
}
