package se.samverkan.platform.security;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSetCacheRefreshEvaluator;
import com.nimbusds.jose.jwk.source.JWKSetSource;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.OutageTolerantJWKSetSource;
import com.nimbusds.jose.jwk.source.RefreshAheadCachingJWKSetSource;
import com.nimbusds.jose.jwk.source.RetryingJWKSetSource;
import com.nimbusds.jose.jwk.source.URLBasedJWKSetSource;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Closeable;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The realm's signing keys (its JWKS), as every token check needs them. Spring Security's own JWKS source fetches the
 * set on the request that finds it expired, while every other request waits for that fetch (up to 15 s, then a 500),
 * and fetches it again for every token whose key id it does not know. Under an overload that made a slow Keycloak a
 * wall of 500s, and it let anyone with a made-up token send each request on to Keycloak. Here instead:
 * <ul>
 *     <li>the set is fetched again in the background a minute before it expires, so no request waits for it while
 *     Keycloak answers;</li>
 *     <li>a fetch that fails is tried once more, and while Keycloak cannot be reached the last set fetched is used for
 *     {@code outageTolerance} (tokens are only ever valid for minutes, and no new ones are issued by an unreachable
 *     realm);</li>
 *     <li>a request that must wait for the set (a cold start, an expired set) waits at most {@code refreshTimeout}, then
 *     fails as unavailable (503, {@code PlatformSecurity}), never as a bad token;</li>
 *     <li>a token signed with a key id not in the set may fetch the set anew at most once in {@code unknownKeyRefetch}
 *     (a rotation Keycloak published after the last fetch); otherwise it is refused at once as a bad token (401).
 *     That limit is kept apart from the refreshes, so a flood of such tokens can never keep the set from being
 *     refreshed.</li>
 * </ul>
 */
public final class RealmKeys implements JWKSource<SecurityContext>, Closeable {

    private static final Logger log = LoggerFactory.getLogger(RealmKeys.class);

    public record Timings(Duration timeToLive, Duration refreshAhead, Duration refreshTimeout, Duration outageTolerance,
                          Duration unknownKeyRefetch, Duration fetchTimeout) {

        public static final Timings PRODUCTION = new Timings(Duration.ofMinutes(5), Duration.ofMinutes(1), Duration.ofSeconds(5),
                Duration.ofMinutes(15), Duration.ofSeconds(30), Duration.ofSeconds(2));
    }

    private final JWKSetSource<SecurityContext> keys;
    private final long unknownKeyRefetchMillis;
    private final LongSupplier clock;
    private final AtomicLong lastUnknownKeyRefetch;
    /** When Keycloak last answered with the set (epoch millis; 0: never). */
    private final AtomicLong lastFetched = new AtomicLong();

    RealmKeys(URL jwkSetUri, Timings timings, LongSupplier clock) {
        int fetchMillis = Math.toIntExact(timings.fetchTimeout().toMillis());
        JWKSetSource<SecurityContext> fetched = new Recorded(new URLBasedJWKSetSource<>(jwkSetUri,
                new DefaultResourceRetriever(fetchMillis, fetchMillis, 64 * 1024)), lastFetched, clock);
        JWKSetSource<SecurityContext> tolerant = new OutageTolerantJWKSetSource<>(new RetryingJWKSetSource<>(fetched, null),
                timings.outageTolerance().toMillis(), null);
        this.keys = new RefreshAheadCachingJWKSetSource<>(tolerant, timings.timeToLive().toMillis(), timings.refreshTimeout().toMillis(),
                timings.refreshAhead().toMillis(),
                Executors.newSingleThreadExecutor(Thread.ofPlatform().daemon().name("realm-keys-fetch").factory()), true, null,
                Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("realm-keys-refresh").factory()), true);
        this.unknownKeyRefetchMillis = timings.unknownKeyRefetch().toMillis();
        this.clock = clock;
        this.lastUnknownKeyRefetch = new AtomicLong(clock.getAsLong() - unknownKeyRefetchMillis);
    }

    public static RealmKeys of(String jwkSetUri) {
        try {
            return new RealmKeys(URI.create(jwkSetUri).toURL(), Timings.PRODUCTION, System::currentTimeMillis);
        } catch (java.net.MalformedURLException | IllegalArgumentException e) {
            throw new IllegalArgumentException("samverkan.security.jwk-set-uri is not a URL: " + jwkSetUri, e);
        }
    }

    @Override
    public List<JWK> get(JWKSelector selector, SecurityContext context) throws KeySourceException {
        long now = clock.getAsLong();
        JWKSet current = keys.getJWKSet(JWKSetCacheRefreshEvaluator.noRefresh(), now, context);
        List<JWK> matching = selector.select(current);
        if (!matching.isEmpty() || !mayRefetchForAnUnknownKey(now)) {
            return matching;
        }
        return selector.select(keys.getJWKSet(JWKSetCacheRefreshEvaluator.referenceComparison(current), now, context));
    }

    /**
     * Seconds since Keycloak last answered with the set; NaN before the first answer. Normally under the four minutes
     * between background refreshes; beyond that the instance is checking tokens with the copy it kept through an outage
     * ({@code SamverkanRealmKeysStale}), and beyond {@code outageTolerance} it can check none.
     */
    public double ageSeconds() {
        long last = lastFetched.get();
        return last == 0 ? Double.NaN : (clock.getAsLong() - last) / 1000.0;
    }

    /** Fetches the set now on a thread of its own, so the first requests after a start need not wait for it. */
    public void fetchInBackground() {
        Thread.ofVirtual().name("realm-keys-first-fetch").start(() -> {
            try {
                keys.getJWKSet(JWKSetCacheRefreshEvaluator.noRefresh(), clock.getAsLong(), null);
            } catch (KeySourceException | RuntimeException unavailable) {
                // the first request fetches again, and fails as unavailable (503) if Keycloak still does not answer
                log.debug("The realm's keys could not be fetched at start-up: {}", unavailable.getClass().getSimpleName());
            }
        });
    }

    private boolean mayRefetchForAnUnknownKey(long now) {
        long last = lastUnknownKeyRefetch.get();
        return now - last >= unknownKeyRefetchMillis && lastUnknownKeyRefetch.compareAndSet(last, now);
    }

    @Override
    public void close() throws IOException {
        keys.close();
    }

    /** Notes when the source below answered; what it answered passes through unchanged. */
    private record Recorded(JWKSetSource<SecurityContext> source, AtomicLong answeredAt, LongSupplier clock)
            implements JWKSetSource<SecurityContext> {

        @Override
        public JWKSet getJWKSet(JWKSetCacheRefreshEvaluator refresh, long currentTime, SecurityContext context) throws KeySourceException {
            JWKSet set = source.getJWKSet(refresh, currentTime, context);
            answeredAt.set(clock.getAsLong());
            return set;
        }

        @Override
        public void close() throws IOException {
            source.close();
        }
    }
}
