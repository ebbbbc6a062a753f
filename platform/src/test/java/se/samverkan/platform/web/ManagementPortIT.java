package se.samverkan.platform.web;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import se.samverkan.platform.security.ActorAuthenticationConverter;
import se.samverkan.platform.security.PlatformSecurity;
import se.samverkan.platform.security.ProblemAccessDeniedHandler;
import se.samverkan.platform.security.ProblemAuthenticationEntryPoint;
import se.samverkan.signing.EventKeys;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Issue 12: the probes and metrics have a connector and threads of their own ({@code management.server.port}), so
 * whatever swamps the API cannot keep a liveness probe waiting until Kubernetes restarts a healthy pod. Two ways the
 * API was seen swamped on the 2-core machine: every connection it may hold taken (the probe's connection then waits in
 * the kernel's accept queue behind the others), and every carrier of the virtual threads busy (every request waits
 * for one). A real Tomcat on virtual threads, and the platform's own security chain.
 */
@SpringBootTest(classes = ManagementPortIT.App.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.threads.virtual.enabled=true",
        "server.tomcat.max-connections=" + ManagementPortIT.MAX_CONNECTIONS,
        "server.tomcat.accept-count=1",
        "management.server.port=0",
        "management.endpoints.web.exposure.include=health,prometheus",
        "management.endpoint.health.probes.enabled=true",
        "samverkan.http.max-in-flight=64",
        "samverkan.kafka.security-protocol=PLAINTEXT",
        "samverkan.development-mode=true"})
class ManagementPortIT {

    static final int MAX_CONNECTIONS = 4;
    private static final Duration TIMELY = Duration.ofSeconds(1);
    private static volatile boolean spinning;
    private static final AtomicInteger SPINNERS = new AtomicInteger();

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final List<Socket> idle = new ArrayList<>();

    @LocalServerPort
    int apiPort;

    @LocalManagementPort
    int managementPort;

    @DynamicPropertySource
    static void keys(DynamicPropertyRegistry registry) {
        registry.add("samverkan.events.signing-key", () -> EventKeys.generateSigningKey("case-service/management-test"));
    }

    @AfterEach
    void release() throws IOException {
        spinning = false;
        for (Socket socket : idle) {
            socket.close();
        }
    }

    @Test
    void the_probes_answer_on_their_own_port_and_the_api_port_serves_no_actuator() throws Exception {
        assertThat(managementPort).isNotEqualTo(apiPort);
        assertThat(get(managementPort, "/actuator/health/liveness").statusCode()).isEqualTo(200);
        assertThat(get(managementPort, "/actuator/health/readiness").statusCode()).isEqualTo(200);
        assertThat(get(managementPort, "/actuator/prometheus").body()).contains("jvm_threads_live_threads");

        // the metrics and probes are no longer reachable through the API's port (and so not through its ingress)
        HttpResponse<String> onTheApi = get(apiPort, "/actuator/prometheus");
        assertThat(onTheApi.statusCode()).as(onTheApi.body()).isIn(401, 403, 404);
        assertThat(onTheApi.body()).doesNotContain("jvm_threads");
        // nor is the API reachable through the management port
        assertThat(get(managementPort, "/test/quick").statusCode()).isIn(401, 403, 404);
        assertThat(get(apiPort, "/test/quick", "someone").body()).isEqualTo("served");
    }

    @Test
    void the_liveness_probe_answers_while_every_connection_of_the_api_is_taken() throws Exception {
        // connections that send nothing: Tomcat holds each until its connection timeout; beyond max-connections the
        // next ones wait in the kernel's accept queue until it is full too, and an API request then waits with them
        boolean full = false;
        while (!full && idle.size() < MAX_CONNECTIONS + 64) {
            Socket socket = new Socket();
            try {
                socket.connect(new InetSocketAddress("127.0.0.1", apiPort), 2_000);
                idle.add(socket);
            } catch (SocketTimeoutException queueFull) {
                socket.close();
                full = true;
            }
        }
        assertThat(full).as("the API's connections and its accept queue are full after " + idle.size()).isTrue();
        assertThatThrownBy(() -> get(apiPort, "/test/quick", "someone"))
                .as("the API's connections are all taken").isInstanceOf(HttpTimeoutException.class);

        assertTimelyLiveness();
    }

    @Test
    void the_liveness_probe_answers_while_every_carrier_of_the_virtual_threads_is_busy() throws Exception {
        int carriers = Integer.getInteger("jdk.virtualThreadScheduler.parallelism", Runtime.getRuntime().availableProcessors());
        spinning = true;
        List<CompletableFuture<HttpResponse<String>>> spinners = new ArrayList<>();
        for (int i = 0; i < carriers; i++) {
            spinners.add(client.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + apiPort + "/test/spin"))
                    .header("Authorization", "Bearer spinner").timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString()));
        }
        await("every carrier spins").atMost(Duration.ofSeconds(10)).until(() -> SPINNERS.get() == carriers);
        assertThatThrownBy(() -> get(apiPort, "/test/quick", "someone"))
                .as("no API request is served while they spin").isInstanceOf(HttpTimeoutException.class);

        assertTimelyLiveness();

        spinning = false;
        for (CompletableFuture<HttpResponse<String>> spinner : spinners) {
            assertThat(spinner.get().statusCode()).isEqualTo(200);
        }
    }

    private void assertTimelyLiveness() throws Exception {
        for (int i = 0; i < 5; i++) {
            Instant start = Instant.now();
            HttpResponse<String> liveness = get(managementPort, "/actuator/health/liveness");
            assertThat(liveness.statusCode()).as(liveness.body()).isEqualTo(200);
            assertThat(Duration.between(start, Instant.now())).as("answered as a probe needs it").isLessThan(TIMELY);
        }
    }

    private HttpResponse<String> get(int port, String path) throws Exception {
        return get(port, path, null);
    }

    private HttpResponse<String> get(int port, String path, String token) throws Exception {
        return client.send(request(port, path, token), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest request(int port, String path, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(2));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return request.build();
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration(excludeName = {
            "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
            "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration"})
    static class App {

        @Bean
        JwtDecoder jwtDecoder() {
            return TestTokens::socialWorker;
        }

        @Bean
        SecurityFilterChain api(HttpSecurity http, ActorAuthenticationConverter converter, ProblemAuthenticationEntryPoint entryPoint,
                                ProblemAccessDeniedHandler deniedHandler) throws Exception {
            return PlatformSecurity.resourceServer(http, converter, entryPoint, deniedHandler,
                    requests -> requests.requestMatchers("/test/**").authenticated());
        }

        @Bean
        Handlers handlers() {
            return new Handlers();
        }
    }

    @RestController
    static class Handlers {

        @GetMapping("/test/quick")
        String quick() {
            return "served";
        }

        @GetMapping("/test/spin")
        String spin() {
            SPINNERS.incrementAndGet();
            try {
                // never yields its carrier: a virtual thread gives it up only when it blocks
                while (spinning) {
                    Thread.onSpinWait();
                }
                return "spun";
            } finally {
                SPINNERS.decrementAndGet();
            }
        }
    }
}
