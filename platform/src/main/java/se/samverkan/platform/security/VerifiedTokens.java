package se.samverkan.platform.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

import java.io.Closeable;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Checks a bearer token's signature once, not on every request that carries it. A client sends the same token with
 * every request for its whole lifetime, and the RS256 check and claim parsing were a sixth of case-service's CPU
 * under read load (docs/benchmarks.md, "Evening runs, 2026-12-03").
 * <p>
 * Only a token that passed the full check is remembered, under its whole text, so a token that differs in a single
 * character (a forged signature, an edited claim) is checked in full like any other. A remembered token is
 * validated again on every use (expiry, issuer, audience, our claims), so it stops working at its expiry exactly as
 * before. It is remembered for at most {@code lifetime}: shorter than the five minutes the signing keys themselves
 * are cached, so a key withdrawn in Keycloak is not honoured any longer than it was without this class. The number
 * remembered is bounded, so a flood of distinct valid tokens only costs the full check again.
 */
public final class VerifiedTokens implements JwtDecoder, AutoCloseable {

    private final JwtDecoder verifying;
    private final OAuth2TokenValidator<Jwt> validator;
    private final Clock clock;
    private final Duration lifetime;
    private final Cache<String, Jwt> verified;
    private final Closeable keys;

    public VerifiedTokens(JwtDecoder verifying, OAuth2TokenValidator<Jwt> validator, Duration lifetime, int capacity,
                          Clock clock, Ticker ticker) {
        this(verifying, validator, lifetime, capacity, clock, ticker, () -> { });
    }

    /** {@code keys}: what the verifying decoder fetches its keys with, closed with this decoder (its refresh threads). */
    public VerifiedTokens(JwtDecoder verifying, OAuth2TokenValidator<Jwt> validator, Duration lifetime, int capacity,
                          Clock clock, Ticker ticker, Closeable keys) {
        if (lifetime.isNegative() || lifetime.compareTo(Duration.ofMinutes(5)) > 0) {
            throw new IllegalArgumentException("A verified token may be remembered for 0 to 5 minutes, not " + lifetime);
        }
        if (capacity < 0) {
            throw new IllegalArgumentException("The number of verified tokens remembered cannot be negative: " + capacity);
        }
        this.verifying = verifying;
        this.validator = validator;
        this.clock = clock;
        this.lifetime = lifetime;
        this.keys = keys;
        this.verified = Caffeine.newBuilder()
                .maximumSize(capacity)
                .ticker(ticker)
                .expireAfter(Expiry.<String, Jwt>creating((token, jwt) -> rememberedFor(jwt)))
                .build();
    }

    @Override
    public Jwt decode(String token) throws JwtException {
        Jwt remembered = verified.getIfPresent(token);
        if (remembered != null) {
            if (!validator.validate(remembered).hasErrors()) {
                return remembered;
            }
            // expired (or otherwise no longer valid): forgotten, and the full check below gives the usual error
            verified.invalidate(token);
        }
        Jwt jwt = verifying.decode(token);
        if (!lifetime.isZero()) {
            verified.put(token, jwt);
        }
        return jwt;
    }

    @Override
    public void close() throws IOException {
        keys.close();
    }

    long remembered() {
        verified.cleanUp();
        return verified.estimatedSize();
    }

    private Duration rememberedFor(Jwt jwt) {
        Instant expiresAt = jwt.getExpiresAt();
        if (expiresAt == null) {
            return lifetime;
        }
        Duration untilExpiry = Duration.between(clock.instant(), expiresAt);
        return untilExpiry.isNegative() ? Duration.ZERO : (untilExpiry.compareTo(lifetime) < 0 ? untilExpiry : lifetime);
    }
}
