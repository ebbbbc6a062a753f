package se.samverkan.localstack;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import se.samverkan.localstack.services.ServiceSpec;
import se.samverkan.localstack.wait.Progress;
import se.samverkan.platform.test.TestUser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One stack per test JVM, started by the launcher's own code on free ports with its data under target/it-stack, so
 * the tests never meet a local stack someone is running. Keycloak's unpacked distribution survives between runs
 * (until mvn clean); everything with state is wiped at every start.
 */
final class ItStack {

    private static volatile Stack stack;
    private static RuntimeException failure;

    private ItStack() {
    }

    static synchronized Stack get() {
        if (failure != null) {
            // one attempt per JVM: a second would take as long and fail the same way
            throw failure;
        }
        if (stack == null) {
            // the stack's mail catcher (GreenMail) runs in this JVM, and its session thread throws when the service it
            // talks to is killed mid-session, which the fault tests do on purpose: by default Awaitility fails any
            // await during which another thread throws, which once ended FaultsIT with notification-service left down.
            // The default alone did not hold in CI at 5f400f0 (the kill -9 of notification-service failed on GreenMail's
            // "Connection reset"), so the waits around the kills say so themselves as well (FaultsIT, SteadyLoad,
            // StackDatabases: awaitThroughFaults)
            Awaitility.dontCatchUncaughtExceptions();
            Path root = StackSettings.findProjectRoot();
            Path dataDir = root.resolve("local-stack/target/it-stack");
            StackSettings settings = StackSettings.isolated(root, dataDir);
            // a test JVM that was killed leaves its children running; stop them before wiping their data
            Stack.stopLeftovers(settings);
            for (String stateful : List.of("postgres", "kafka", "logs")) {
                deleteRecursively(dataDir.resolve(stateful));
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                if (stack != null) {
                    stack.close();
                } else {
                    Stack.stopLeftovers(settings);
                }
            }, "it-stack-shutdown"));
            try (Progress progress = new Progress(System.out, Duration.ofSeconds(10))) {
                stack = Stack.start(settings, progress, true);
            } catch (RuntimeException e) {
                failure = e;
                throw e;
            }
        }
        return stack;
    }

    /** The stack with every service up: an IT that needs them fails here, naming each failed service's log. */
    static Stack started() {
        Stack started = get();
        assertThat(started.serviceFailures()).as("every service must start; read the log named in each failure").isEmpty();
        return started;
    }

    /**
     * The base URL of a service of the stack (case-service, audit-service, notification-service or the partner's
     * audit-service-botkyrka), e.g. {@code serviceUrl("case-service") + "/api/cases"}; the same while it is restarted.
     */
    static String serviceUrl(String name) {
        return spec(name).baseUrl();
    }

    /** Where a service's probes and metrics are, e.g. {@code managementUrl("audit-service") + "/health"}. */
    static String managementUrl(String name) {
        return spec(name).managementUrl();
    }

    private static ServiceSpec spec(String name) {
        StackSettings settings = get().settings();
        ServiceSpec partner = ServiceSpec.partnerAudit(settings);
        if (name.equals(partner.name())) {
            return partner;
        }
        return ServiceSpec.all(settings).stream().filter(spec -> spec.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no service " + name + " in the stack"));
    }

    /** An access token for the demo user from the stack's Keycloak (password grant; every demo user's password is "demo"). */
    static String token(TestUser user) {
        return Http.passwordGrant(get().settings(), user.username(), "demo");
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not clean " + dir, e);
        }
    }

    /** A wait around a killed or stopped part of the stack: another thread's exception (GreenMail's) never ends it. */
    static ConditionFactory awaitThroughFaults(String alias) {
        return Awaitility.await(alias).dontCatchUncaughtExceptions();
    }
}
