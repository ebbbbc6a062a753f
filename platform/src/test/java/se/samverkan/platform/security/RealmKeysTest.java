package se.samverkan.platform.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The realm's keys as an overloaded or unreachable Keycloak, and an outsider with made-up tokens, would meet them. The
 * realm is a real HTTP server publishing a JWKS, as Keycloak's certs endpoint does; the tokens are real RS256 JWTs.
 */
class RealmKeysTest {

    private static final Duration LONG = Duration.ofHours(1);

    private final AtomicInteger fetches = new AtomicInteger();
    /** What the realm answers: a JWKS, or null for a 503. */
    private final AtomicReference<JWKSet> published = new AtomicReference<>();
    private volatile CountDownLatch hang = new CountDownLatch(0);
    private HttpServer realm;
    private RSAKey realmKey;
    private RealmKeys keys;

    @BeforeEach
    void realm() throws Exception {
        realmKey = new RSAKeyGenerator(2048).keyID("realm-key-1").generate();
        published.set(new JWKSet(realmKey.toPublicJWK()));
        realm = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        realm.createContext("/certs", exchange -> {
            fetches.incrementAndGet();
            try {
                hang.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            JWKSet set = published.get();
            byte[] body = set == null ? new byte[0] : set.toString(true).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(set == null ? 503 : 200, set == null ? -1 : body.length);
            if (set != null) {
                exchange.getResponseBody().write(body);
            }
            exchange.close();
        });
        realm.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
        realm.start();
    }

    @AfterEach
    void stop() throws IOException {
        hang.countDown();
        if (keys != null) {
            keys.close();
        }
        realm.stop(0);
    }

    @Test
    void tokens_with_made_up_key_ids_are_refused_as_bad_without_sending_each_one_on_to_the_realm() throws Exception {
        JwtDecoder decoder = decoder(new RealmKeys.Timings(LONG, Duration.ofMinutes(1), Duration.ofSeconds(5), LONG,
                Duration.ofMinutes(10), Duration.ofSeconds(2)));
        assertThat(decoder.decode(token(realmKey)).getSubject()).isEqualTo("anna");
        RSAKey attackersKey = new RSAKeyGenerator(2048).keyID("x").generate();
        for (int i = 0; i < 100; i++) {
            String madeUp = token(new RSAKey.Builder(attackersKey).keyID(UUID.randomUUID().toString()).build());
            assertThatThrownBy(() -> decoder.decode(madeUp)).isInstanceOf(BadJwtException.class);
        }
        // the first fetch, and one more for a key id it did not know (it could have been a rotation); not 101
        assertThat(fetches).hasValue(2);
        assertThat(decoder.decode(token(realmKey)).getSubject()).isEqualTo("anna");
    }

    @Test
    void the_set_is_fetched_at_start_up_and_its_age_is_what_the_operator_sees() throws Exception {
        decoder(new RealmKeys.Timings(LONG, Duration.ofMinutes(1), Duration.ofSeconds(5), LONG, LONG, Duration.ofSeconds(2)));
        assertThat(keys.ageSeconds()).as("never fetched").isNaN();
        keys.fetchInBackground();
        await("fetched before any request").atMost(Duration.ofSeconds(10)).until(() -> fetches.get() == 1);
        await("its age").atMost(Duration.ofSeconds(10)).until(() -> keys.ageSeconds() >= 0);
        assertThat(keys.ageSeconds()).isLessThan(10);
    }

    @Test
    void a_key_the_realm_rotated_in_is_fetched_when_its_first_token_comes() throws Exception {
        JwtDecoder decoder = decoder(new RealmKeys.Timings(LONG, Duration.ofMinutes(1), Duration.ofSeconds(5), LONG,
                Duration.ofMinutes(10), Duration.ofSeconds(2)));
        decoder.decode(token(realmKey));
        RSAKey rotated = new RSAKeyGenerator(2048).keyID("realm-key-2").generate();
        published.set(new JWKSet(List.of(rotated.toPublicJWK(), realmKey.toPublicJWK())));

        assertThat(decoder.decode(token(rotated)).getSubject()).isEqualTo("anna");
        assertThat(fetches).hasValue(2);
    }

    @Test
    void the_set_is_fetched_again_in_the_background_before_it_expires() throws Exception {
        JwtDecoder decoder = decoder(new RealmKeys.Timings(Duration.ofSeconds(2), Duration.ofSeconds(1), Duration.ofMillis(500), LONG,
                LONG, Duration.ofSeconds(2)));
        decoder.decode(token(realmKey));
        assertThat(fetches).hasValue(1);
        await("a refresh no request waited for").atMost(Duration.ofSeconds(10)).until(() -> fetches.get() >= 2);
    }

    @Test
    void while_the_realm_cannot_be_reached_the_last_keys_fetched_are_used() throws Exception {
        JwtDecoder decoder = decoder(new RealmKeys.Timings(Duration.ofSeconds(1), Duration.ofMillis(300), Duration.ofMillis(500), LONG,
                LONG, Duration.ofSeconds(2)));
        decoder.decode(token(realmKey));
        published.set(null);
        int before = fetches.get();
        await("the cached set expired and a refetch failed").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> fetches.get() > before + 1);
        await("the operator sees the copy grow older than its time to live").atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(100)).until(() -> keys.ageSeconds() > 1.5);

        assertThat(decoder.decode(token(realmKey)).getSubject()).isEqualTo("anna");
    }

    @Test
    void a_realm_that_does_not_answer_in_time_makes_the_check_unavailable_not_the_token_bad() throws Exception {
        hang = new CountDownLatch(1);
        JwtDecoder decoder = decoder(new RealmKeys.Timings(LONG, Duration.ofMinutes(1), Duration.ofMillis(1500), LONG,
                LONG, Duration.ofMillis(500)));
        String token = token(realmKey);

        Instant start = Instant.now();
        assertThatThrownBy(() -> decoder.decode(token)).isInstanceOf(JwtException.class).isNotInstanceOf(BadJwtException.class);
        assertThat(Duration.between(start, Instant.now())).as("bounded by the fetch timeouts").isLessThan(Duration.ofSeconds(5));

        hang.countDown();
        await("served once the realm answers").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                .ignoreExceptionsInstanceOf(JwtException.class).until(() -> decoder.decode(token).getSubject().equals("anna"));
    }

    private JwtDecoder decoder(RealmKeys.Timings timings) throws Exception {
        keys = new RealmKeys(URI.create("http://127.0.0.1:" + realm.getAddress().getPort() + "/certs").toURL(), timings,
                System::currentTimeMillis);
        return NimbusJwtDecoder.withJwkSource(keys).jwsAlgorithm(SignatureAlgorithm.RS256).build();
    }

    private static String token(RSAKey key) throws JOSEException {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
                new JWTClaimsSet.Builder().subject("anna").issueTime(new Date())
                        .expirationTime(Date.from(Instant.now().plusSeconds(300))).build());
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }
}
