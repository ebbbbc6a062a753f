package se.samverkan.platform.web;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.jwt.BadJwtException;
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

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 12: an instance sheds what it cannot take (503 + Retry-After, health still answers) and one user's token
 * cannot take it all (429 + Retry-After while another user is served). A real Tomcat on virtual threads, the
 * platform's own security chain; only the token decoder is a stand-in (the token text is its subject).
 */
@SpringBootTest(classes = HttpLoadLimitsIT.App.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.threads.virtual.enabled=true",
        "samverkan.http.max-in-flight=2",
        "samverkan.http.queue-timeout=50ms",
        "samverkan.http.shed-retry-after=2s",
        "samverkan.http.user-rate=1",
        "samverkan.http.user-burst=5",
        "management.endpoints.web.exposure.include=health",
        "samverkan.kafka.security-protocol=PLAINTEXT",
        "samverkan.development-mode=true"})
class HttpLoadLimitsIT {

    private static volatile CountDownLatch release = new CountDownLatch(1);
    private static final AtomicInteger HELD = new AtomicInteger();

    private final HttpClient client = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    @Autowired
    MeterRegistry meters;

    @DynamicPropertySource
    static void keys(DynamicPropertyRegistry registry) {
        registry.add("samverkan.events.signing-key", () -> EventKeys.generateSigningKey("case-service/load-test"));
    }

    @BeforeEach
    void hold() {
        release = new CountDownLatch(1);
        HELD.set(0);
    }

    @AfterEach
    void release() {
        release.countDown();
    }

    @Test
    void a_saturated_instance_answers_503_with_retry_after_keeps_its_health_and_serves_again_once_released() throws Exception {
        List<CompletableFuture<HttpResponse<String>>> held = new ArrayList<>();
        held.add(sendAsync("/test/hold", "holder-one"));
        held.add(sendAsync("/test/hold", "holder-two"));
        await("both slots taken").atMost(Duration.ofSeconds(10)).until(() -> HELD.get() == 2);

        Instant start = Instant.now();
        HttpResponse<String> refused = send("/test/quick", "third-user");
        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(Duration.between(start, Instant.now())).as("shed at once, not queued").isLessThan(Duration.ofSeconds(2));
        assertThat(refused.headers().firstValue("Retry-After")).hasValue("2");
        assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(refused.body()).contains("\"status\":503", "\"code\":\"overloaded\"");
        // an anonymous flood is shed the same way, before its token would be checked
        assertThat(send("/test/quick", null).statusCode()).isEqualTo(503);

        HttpResponse<String> health = send("/actuator/health", null);
        assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
        assertThat(health.body()).contains("\"UP\"");

        assertThat(shed("bearer-token")).isGreaterThanOrEqualTo(1);
        assertThat(shed("anonymous")).isGreaterThanOrEqualTo(1);

        release.countDown();
        for (CompletableFuture<HttpResponse<String>> request : held) {
            assertThat(request.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        }
        HttpResponse<String> served = send("/test/quick", "third-user");
        assertThat(served.statusCode()).as(served.body()).isEqualTo(200);
        assertThat(served.body()).isEqualTo("served third-user");
    }

    @Test
    void requests_without_a_bearer_token_take_only_their_share_of_the_slots_so_an_outsider_cannot_crowd_out_the_users() throws Exception {
        double anonymousShedBefore = shed("anonymous");
        // max-in-flight 2 with the default share of a quarter: one slot for requests without a token
        CompletableFuture<HttpResponse<String>> outsider = sendAsync("/public/hold", null);
        await("the anonymous slot taken").atMost(Duration.ofSeconds(10)).until(() -> HELD.get() == 1);

        Instant start = Instant.now();
        HttpResponse<String> refused = send("/public/quick", null);
        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(Duration.between(start, Instant.now())).as("shed at once, not queued").isLessThan(Duration.ofSeconds(2));
        assertThat(refused.headers().firstValue("Retry-After")).hasValue("2");
        assertThat(refused.body()).contains("\"code\":\"overloaded\"");
        // a header that is no bearer token is no credential: it does not buy an ordinary slot
        assertThat(send("/public/quick", null, Map.of("Authorization", "Basic b3V0c2lkZXI6eA==")).statusCode()).isEqualTo(503);
        assertThat(shed("anonymous") - anonymousShedBefore).isEqualTo(2);

        // a user is served meanwhile, on a public path as on her own
        assertThat(send("/test/quick", "insider").body()).isEqualTo("served insider");
        assertThat(send("/public/quick", "insider").body()).isEqualTo("public");
        // a made-up bearer token takes an ordinary slot but never reaches the handler, public or not
        assertThat(send("/public/quick", "Made.Up.Token").statusCode()).isEqualTo(401);

        release.countDown();
        assertThat(outsider.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        assertThat(send("/public/quick", null).statusCode()).as("the share is free again").isEqualTo(200);
    }

    @Test
    void a_token_that_cannot_be_checked_because_the_realms_keys_are_unavailable_is_a_503_not_a_500_nor_a_401() throws Exception {
        double countedBefore = meters.counter("samverkan.security.token_check_unavailable").count();
        HttpResponse<String> unavailable = send("/test/quick", "realm-keys-unavailable");
        assertThat(unavailable.statusCode()).as(unavailable.body()).isEqualTo(503);
        assertThat(unavailable.headers().firstValue("Retry-After")).hasValue("5");
        assertThat(unavailable.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(unavailable.body()).contains("\"code\":\"token-check-unavailable\"").doesNotContain("Timeout", "cache");
        assertThat(meters.counter("samverkan.security.token_check_unavailable").count() - countedBefore).as("what the operator sees").isEqualTo(1);
        // a bad token is still the caller's 401
        assertThat(send("/test/quick", "Made.Up.Token").statusCode()).isEqualTo(401);
    }

    @Test
    void a_database_that_has_no_connection_free_in_time_is_a_503_with_retry_after_and_a_bug_is_still_a_500() throws Exception {
        HttpResponse<String> busy = send("/test/pool-exhausted", "pool-user");
        assertThat(busy.statusCode()).as(busy.body()).isEqualTo(503);
        assertThat(busy.headers().firstValue("Retry-After")).hasValue("2");
        assertThat(busy.body()).contains("\"code\":\"database-unavailable\"").doesNotContain("Hikari", "incident");

        HttpResponse<String> bug = send("/test/bug", "pool-user");
        assertThat(bug.statusCode()).isEqualTo(500);
        assertThat(bug.body()).contains("incident").doesNotContain("a bug");
    }

    @Test
    void one_user_over_the_rate_gets_429_with_retry_after_while_another_user_is_served() throws Exception {
        double before = meters.counter("samverkan.http.rate_limited").count();
        List<HttpResponse<String>> greedy = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            // a client-supplied identity changes nothing: the bucket is the verified subject's
            greedy.add(send("/test/quick", "greedy", Map.of("X-Forwarded-For", "10.0.0." + i, "X-User-Id", "someone-" + i)));
        }
        assertThat(greedy.subList(0, 5)).allSatisfy(response -> assertThat(response.statusCode()).isEqualTo(200));
        List<HttpResponse<String>> refused = greedy.stream().filter(response -> response.statusCode() == 429).toList();
        assertThat(refused).as("12 requests within moments at 1/s with a burst of 5").hasSizeGreaterThanOrEqualTo(5);
        assertThat(refused).allSatisfy(response -> {
            assertThat(response.headers().firstValue("Retry-After")).hasValueSatisfying(seconds -> assertThat(Long.parseLong(seconds)).isBetween(1L, 2L));
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
            assertThat(response.body()).contains("\"status\":429", "\"code\":\"rate-limited\"").doesNotContain("greedy");
        });
        assertThat(meters.counter("samverkan.http.rate_limited").count() - before).isEqualTo(refused.size());

        HttpResponse<String> other = send("/test/quick", "patient");
        assertThat(other.statusCode()).isEqualTo(200);
        assertThat(other.body()).isEqualTo("served patient");
        // the limit never hides a missing token: that is still security's 401
        assertThat(send("/test/quick", null).statusCode()).isEqualTo(401);
        // nor the health probe
        assertThat(send("/actuator/health", "greedy").statusCode()).isEqualTo(200);

        await("greedy's bucket refills").atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(300))
                .until(() -> send("/test/quick", "greedy").statusCode() == 200);
    }

    private double shed(String caller) {
        return meters.get("samverkan.http.shed").tag("caller", caller).counter().count();
    }

    private HttpResponse<String> send(String path, String token) throws Exception {
        return send(path, token, Map.of());
    }

    private HttpResponse<String> send(String path, String token, Map<String, String> headers) throws Exception {
        return client.send(request(path, token, headers), HttpResponse.BodyHandlers.ofString());
    }

    private CompletableFuture<HttpResponse<String>> sendAsync(String path, String token) {
        return client.sendAsync(request(path, token, Map.of()), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest request(String path, String token, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(20)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        headers.forEach(request::header);
        return request.build();
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration(excludeName = {
            "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
            "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration"})
    static class App {

        @Bean
        JwtDecoder jwtDecoder() {
            return token -> {
                if (token.equals("realm-keys-unavailable")) {
                    // what the decoder throws when RealmKeys could not get the realm's keys in time
                    throw new org.springframework.security.oauth2.jwt.JwtException("An error occurred while attempting to decode the Jwt: "
                            + "Timeout while waiting for cache refresh (5000ms exceeded)");
                }
                if (!token.matches("[a-z-]{1,40}")) {
                    throw new BadJwtException("not a test token");
                }
                return TestTokens.socialWorker(token);
            };
        }

        @Bean
        SecurityFilterChain api(HttpSecurity http, ActorAuthenticationConverter converter, ProblemAuthenticationEntryPoint entryPoint,
                                ProblemAccessDeniedHandler deniedHandler) throws Exception {
            return PlatformSecurity.resourceServer(http, converter, entryPoint, deniedHandler,
                    requests -> requests.requestMatchers("/public/**").permitAll().requestMatchers("/test/**").authenticated());
        }

        @Bean
        TestController testController() {
            return new TestController();
        }
    }

    @RestController
    static class TestController {

        @GetMapping("/test/hold")
        String hold(java.security.Principal principal) throws InterruptedException {
            HELD.incrementAndGet();
            release.await(20, TimeUnit.SECONDS);
            return "held " + principal.getName();
        }

        @GetMapping("/public/hold")
        String holdPublic() throws InterruptedException {
            HELD.incrementAndGet();
            release.await(20, TimeUnit.SECONDS);
            return "held";
        }

        @GetMapping("/public/quick")
        String quickPublic() {
            return "public";
        }

        @GetMapping("/test/quick")
        String quick(java.security.Principal principal) {
            return "served " + principal.getName();
        }

        @GetMapping("/test/pool-exhausted")
        String poolExhausted() {
            // what JPA's transaction manager throws when Hikari has no connection free within its timeout
            throw new org.springframework.transaction.CannotCreateTransactionException("Could not open JPA EntityManager",
                    new java.sql.SQLTransientConnectionException("HikariPool-1 - Connection is not available, request timed out"));
        }

        @GetMapping("/test/bug")
        String bug() {
            throw new IllegalStateException("a bug");
        }
    }
}
