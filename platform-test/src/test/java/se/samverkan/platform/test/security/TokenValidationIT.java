package se.samverkan.platform.test.security;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import se.samverkan.platform.identity.Actor;
import se.samverkan.platform.security.ActorAuthenticationConverter;
import se.samverkan.platform.security.PlatformSecurity;
import se.samverkan.platform.security.ProblemAccessDeniedHandler;
import se.samverkan.platform.security.ProblemAuthenticationEntryPoint;
import se.samverkan.platform.test.TestIdentityProvider;
import se.samverkan.platform.test.TestUser;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The token checks every service inherits from platform, against Keycloak-shaped tokens whose keys are served
 * as a JWKS over HTTP: only a correctly signed, unexpired token from our issuer for our audience gets in.
 */
@SpringBootTest(classes = TokenValidationIT.App.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.autoconfigure.exclude=org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration,org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
                "spring.config.import=classpath:" + se.samverkan.platform.test.TestEventKeys.RESOURCE,
                "samverkan.development-mode=true", "samverkan.events.signing-key=${samverkan.test.event-keys.case-service}",
                // no broker here, but every service needs its broker login to start (issue 16)
                "samverkan.kafka.username=token-validation-it", "samverkan.kafka.password=not-used-no-broker-in-this-test"})
class TokenValidationIT {

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void identity(DynamicPropertyRegistry registry) {
        registry.add("samverkan.security.issuer", () -> TestIdentityProvider.instance().issuer());
        registry.add("samverkan.security.jwk-set-uri", () -> TestIdentityProvider.instance().jwkSetUri());
    }

    static Stream<Arguments> attacks() {
        TestIdentityProvider idp = TestIdentityProvider.instance();
        TestUser anna = TestUser.SOCIAL_WORKER;
        return Stream.of(
                Arguments.of("expired", (Supplier<String>) () -> idp.expiredToken(anna)),
                Arguments.of("wrong issuer (localhost instead of 127.0.0.1)", (Supplier<String>) () -> idp.wrongIssuerToken(anna)),
                Arguments.of("wrong audience", (Supplier<String>) () -> idp.wrongAudienceToken(anna)),
                Arguments.of("signed with an unpublished key", (Supplier<String>) () -> idp.forgedToken(anna)),
                Arguments.of("alg none", (Supplier<String>) () -> idp.algNoneToken(anna)),
                Arguments.of("signature stripped", (Supplier<String>) () -> idp.unsignedToken(anna)),
                Arguments.of("HS256 with the public key", (Supplier<String>) () -> idp.hmacConfusionToken(anna)),
                Arguments.of("missing unit claim", (Supplier<String>) () -> idp.token(anna, c -> c.claim("unit", null))),
                Arguments.of("unknown agency", (Supplier<String>) () -> idp.token(anna, c -> c.claim("agency", "FBI"))),
                Arguments.of("garbage", (Supplier<String>) () -> "not-a-jwt"));
    }

    @ParameterizedTest(name = "{0} -> 401")
    @MethodSource("attacks")
    void refusesBadTokensWith401Problem(String attack, Supplier<String> token) throws Exception {
        HttpResponse<String> response = get("/whoami", token.get());

        assertThat(response.statusCode()).as(attack).isEqualTo(401);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
        assertThat(response.body()).doesNotContain(TestUser.SOCIAL_WORKER.id());
    }

    @Test
    void noTokenIs401() throws Exception {
        assertThat(get("/whoami", null).statusCode()).isEqualTo(401);
    }

    @Test
    void aValidTokenBecomesTheActorWithRolesAndClaims() throws Exception {
        HttpResponse<String> response = get("/whoami", TestUser.POLICE_LIAISON.token());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(TestUser.POLICE_LIAISON.actor().toString());
    }

    @Test
    void methodSecurityRefusesTheWrongRoleWith403Problem() throws Exception {
        assertThat(get("/supervisors-only", TestUser.SUPERVISOR.token()).statusCode()).isEqualTo(200);

        HttpResponse<String> refused = get("/supervisors-only", TestUser.SOCIAL_WORKER.token());
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("\"status\":403");
    }

    @Test
    void endpointsNobodyOpenedAreDenied() throws Exception {
        assertThat(get("/not-in-the-rules", TestUser.ADMINISTRATOR.token()).statusCode()).isEqualTo(403);
    }

    @Test
    void healthIsPublic() throws Exception {
        // no actuator in this slice: what matters is that the security chain lets the request through
        assertThat(get("/actuator/health", null).statusCode()).isNotIn(401, 403);
    }

    private HttpResponse<String> get(String path, String token) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @EnableMethodSecurity
    static class App {

        @Bean
        SecurityFilterChain api(HttpSecurity http, ActorAuthenticationConverter converter, ProblemAuthenticationEntryPoint entryPoint,
                                ProblemAccessDeniedHandler deniedHandler) throws Exception {
            return PlatformSecurity.resourceServer(http, converter, entryPoint, deniedHandler,
                    rules -> rules.requestMatchers("/whoami", "/supervisors-only").authenticated());
        }

        @Bean
        Probe probe() {
            return new Probe();
        }
    }

    @RestController
    static class Probe {

        @GetMapping("/whoami")
        String whoami(@AuthenticationPrincipal Actor actor) {
            return actor.toString();
        }

        @GetMapping("/supervisors-only")
        @PreAuthorize("hasRole('SUPERVISOR')")
        String supervisors() {
            return "ok";
        }

        @GetMapping("/not-in-the-rules")
        List<String> open() {
            return List.of("should never be seen");
        }
    }
}
