package se.samverkan.platform.web;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.Counter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * A token bucket per authenticated user: an insider's valid token cannot take the whole instance for itself (429 with
 * Retry-After, issue 12). It runs after Spring Security, so it keys on the subject of a token whose signature, issuer
 * and audience were verified, never on anything the client merely claims; requests without a verified token are not
 * its business (the in-flight bound covers anonymous floods, and security answers them 401 anyway). Buckets live in a
 * bounded cache; an evicted user only starts again with a full bucket.
 */
public class UserRateLimit extends OncePerRequestFilter {

    private final double ratePerNano;
    private final double burst;
    private final Cache<String, TokenBucket> buckets;
    private final LongSupplier nanoTime;
    private final Counter rateLimited;
    private final PathsNeverLimited neverLimited;

    UserRateLimit(HttpLoadLimits limits, PathsNeverLimited neverLimited, Counter rateLimited) {
        this(limits, neverLimited, rateLimited, System::nanoTime);
    }

    UserRateLimit(HttpLoadLimits limits, PathsNeverLimited neverLimited, Counter rateLimited, LongSupplier nanoTime) {
        this.ratePerNano = limits.userRate() / 1e9;
        this.burst = limits.userBurst();
        this.nanoTime = nanoTime;
        this.rateLimited = rateLimited;
        this.neverLimited = neverLimited;
        // a bucket untouched for longer than it takes to refill is full again: forgetting it changes nothing
        long refillSeconds = limits.userRate() > 0 ? (long) Math.ceil(limits.userBurst() / limits.userRate()) : 1;
        this.buckets = Caffeine.newBuilder()
                .maximumSize(limits.trackedUsers())
                .expireAfterAccess(Duration.ofSeconds(Math.max(60, refillSeconds * 2)))
                .build();
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return ratePerNano <= 0 || neverLimited.matches(request);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String user = verifiedSubject(SecurityContextHolder.getContext().getAuthentication());
        if (user != null) {
            long waitNanos = buckets.get(user, ignored -> new TokenBucket(burst, nanoTime.getAsLong()))
                    .take(nanoTime.getAsLong(), ratePerNano, burst);
            if (waitNanos > 0) {
                rateLimited.increment();
                LoadRefusals.rateLimited(response, Math.max(1, (waitNanos + 999_999_999L) / 1_000_000_000L));
                return;
            }
        }
        chain.doFilter(request, response);
    }

    private static String verifiedSubject(Authentication authentication) {
        // ActorAuthentication is a JwtAuthenticationToken whose name is the token's verified subject
        if (authentication instanceof JwtAuthenticationToken jwt && jwt.isAuthenticated()) {
            return jwt.getToken().getSubject();
        }
        return null;
    }

    static final class TokenBucket {
        private double tokens;
        private long refilledAt;

        TokenBucket(double tokens, long now) {
            this.tokens = tokens;
            this.refilledAt = now;
        }

        /** Takes one token and answers 0, or answers how many nanoseconds until one is there. */
        synchronized long take(long now, double ratePerNano, double burst) {
            if (now > refilledAt) {
                tokens = Math.min(burst, tokens + (now - refilledAt) * ratePerNano);
                refilledAt = now;
            }
            if (tokens >= 1) {
                tokens -= 1;
                return 0;
            }
            return (long) Math.ceil((1 - tokens) / ratePerNano);
        }
    }
}
