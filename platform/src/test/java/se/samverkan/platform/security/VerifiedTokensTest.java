package se.samverkan.platform.security;

import com.github.benmanes.caffeine.cache.Ticker;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link VerifiedTokens} against a real Nimbus decoder and real RS256 tokens: what it remembers, what it never serves
 * from memory, and for how long.
 */
class VerifiedTokensTest {

    private static final String ISSUER = "https://keycloak.test/realms/samverkan";
    private static final KeyPair KEYS = rsa();

    private final Time time = new Time(Instant.parse("2026-12-03T16:00:00Z"));
    private final AtomicInteger fullChecks = new AtomicInteger();

    @Test
    void a_token_is_checked_in_full_once_and_then_recognised() {
        JwtDecoder decoder = decoder(Duration.ofSeconds(60), 100);
        String token = token(claims -> claims);

        Jwt first = decoder.decode(token);
        Jwt second = decoder.decode(token);

        assertThat(second.getSubject()).isEqualTo(first.getSubject()).isEqualTo("anna");
        assertThat(fullChecks).as("signature checks").hasValue(1);
    }

    @Test
    void a_token_that_differs_in_one_character_from_a_remembered_one_is_checked_in_full_and_refused() {
        JwtDecoder decoder = decoder(Duration.ofSeconds(60), 100);
        String token = token(claims -> claims);
        decoder.decode(token);

        String[] parts = token.split("\\.");
        String otherSignature = parts[0] + "." + parts[1] + "." + flipOne(parts[2]);
        String raisedClaims = parts[0] + "." + encode(claims(claims -> claims.claim("roles", List.of("ADMIN"))).toString()) + "." + parts[2];

        assertThatThrownBy(() -> decoder.decode(otherSignature)).isInstanceOf(BadJwtException.class);
        assertThatThrownBy(() -> decoder.decode(raisedClaims)).isInstanceOf(BadJwtException.class);
        assertThat(fullChecks).as("both forgeries were checked in full").hasValue(3);
        assertThat(decoder.decode(token).getSubject()).as("the genuine token still works").isEqualTo("anna");
    }

    @Test
    void a_remembered_token_stops_working_at_its_expiry() {
        JwtDecoder decoder = decoder(Duration.ofSeconds(60), 100);
        String token = token(claims -> claims.expirationTime(Date.from(time.instant().plusSeconds(30))));
        decoder.decode(token);

        time.advance(Duration.ofSeconds(29));
        assertThat(decoder.decode(token).getSubject()).isEqualTo("anna");
        time.advance(Duration.ofSeconds(2));

        assertThatThrownBy(() -> decoder.decode(token)).isInstanceOf(JwtValidationException.class)
                .hasMessageContaining("expired");
    }

    @Test
    void a_token_is_checked_in_full_again_once_the_lifetime_has_passed() {
        JwtDecoder decoder = decoder(Duration.ofSeconds(60), 100);
        String token = token(claims -> claims.expirationTime(Date.from(time.instant().plusSeconds(300))));
        decoder.decode(token);

        time.advance(Duration.ofSeconds(59));
        decoder.decode(token);
        assertThat(fullChecks).hasValue(1);
        time.advance(Duration.ofSeconds(2));
        decoder.decode(token);

        assertThat(fullChecks).hasValue(2);
    }

    @Test
    void a_flood_of_distinct_valid_tokens_is_bounded() {
        VerifiedTokens decoder = decoder(Duration.ofSeconds(60), 3);
        for (int i = 0; i < 20; i++) {
            int n = i;
            decoder.decode(token(claims -> claims.jwtID("token-" + n)));
        }

        assertThat(decoder.remembered()).isLessThanOrEqualTo(3);
        assertThat(fullChecks).hasValue(20);
    }

    @Test
    void a_lifetime_of_zero_checks_every_use_in_full() {
        JwtDecoder decoder = decoder(Duration.ZERO, 100);
        String token = token(claims -> claims);

        decoder.decode(token);
        decoder.decode(token);

        assertThat(fullChecks).hasValue(2);
    }

    @Test
    void a_lifetime_beyond_the_signing_keys_own_cache_is_refused() {
        assertThatThrownBy(() -> decoder(Duration.ofMinutes(6), 100)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0 to 5 minutes");
    }

    private VerifiedTokens decoder(Duration lifetime, int capacity) {
        NimbusJwtDecoder nimbus = NimbusJwtDecoder.withPublicKey((RSAPublicKey) KEYS.getPublic()).build();
        JwtTimestampValidator timestamps = new JwtTimestampValidator(Duration.ZERO);
        timestamps.setClock(time);
        OAuth2TokenValidator<Jwt> validator = new DelegatingOAuth2TokenValidator<>(List.of(timestamps, new JwtIssuerValidator(ISSUER)));
        nimbus.setJwtValidator(validator);
        JwtDecoder counting = token -> {
            fullChecks.incrementAndGet();
            return nimbus.decode(token);
        };
        return new VerifiedTokens(counting, validator, lifetime, capacity, time, time);
    }

    private String token(UnaryOperator<JWTClaimsSet.Builder> change) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), claims(change));
            jwt.sign(new RSASSASigner(KEYS.getPrivate()));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private JWTClaimsSet claims(UnaryOperator<JWTClaimsSet.Builder> change) {
        return change.apply(new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .subject("anna")
                .jwtID("token-1")
                .issueTime(Date.from(time.instant()))
                .expirationTime(Date.from(time.instant().plusSeconds(300)))).build();
    }

    /** A character in the middle: the last one of a base64url signature may carry only padding bits. */
    private static String flipOne(String base64url) {
        int at = base64url.length() / 2;
        char c = base64url.charAt(at);
        return base64url.substring(0, at) + (c == 'A' ? 'B' : 'A') + base64url.substring(at + 1);
    }

    private static String encode(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static KeyPair rsa() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One time for the validators (a clock) and the cache (a ticker), moved by the test. */
    private static final class Time extends Clock implements Ticker {

        private Instant now;
        private long nanos;

        Time(Instant start) {
            this.now = start;
        }

        void advance(Duration by) {
            now = now.plus(by);
            nanos += by.toNanos();
        }

        @Override
        public long read() {
            return nanos;
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
