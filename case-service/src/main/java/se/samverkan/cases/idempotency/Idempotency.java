package se.samverkan.cases.idempotency;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import se.samverkan.cases.access.WriteAccess;
import se.samverkan.platform.identity.Actor;
import se.samverkan.platform.problem.ClientProblem;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.scheduling.annotation.Scheduled;
import se.samverkan.cases.config.CaseServiceProperties;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Idempotency-Key for commands: a retried request (same caller, key, route and body) gets the first response again
 * without running twice; the same key with a different request is a client mistake (422).
 * <p>
 * A replay is an answer like any other, so it is only given to a caller the policy lets through now: every call,
 * retries included, first runs {@code authorize} (which asks the policy and records the access event) and only then
 * looks at the key. A referral revoked or a team member removed since the first call gets the refusal, not the replay.
 * The allowed write's access event commits with the command ({@link WriteAccess}); a call answered without running
 * the command (the replay, a twin still in progress, a key reused for another request) records its own access event,
 * so every call is recorded once, and a command that fails leaves none.
 * <p>
 * What is kept of a request is a keyed hash (HMAC-SHA256 under a key derived from the subject pseudonym key, which the
 * database never holds), and only for {@code samverkan.cases.idempotency.keep} (24 h): the bodies hold personnummer,
 * names and note text, and a plain hash kept for ever let whoever reads the table confirm a guessed body, also after
 * the case was cleared and its data keys shredded.
 */
@Component
public class Idempotency {

    public static final String HEADER = "Idempotency-Key";

    private record Stored(String requestHash, int status, String location, String etag, String body) {
    }

    /**
     * Marks a keyed hash. A plain SHA-256 kept from before never matches: a retry of a request made before the upgrade
     * is refused as a reused key (nothing runs twice), and the sweep deletes such rows within a day.
     */
    private static final String KEYED = "hmac:";
    private static final String MAC = "HmacSHA256";

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final WriteAccess writeAccess;
    private final SecretKeySpec hashKey;
    private final IdempotencyProperties properties;

    public Idempotency(JdbcClient jdbc, JsonMapper json, WriteAccess writeAccess, CaseServiceProperties cases,
                       IdempotencyProperties properties) {
        this.jdbc = jdbc;
        this.json = json;
        this.writeAccess = writeAccess;
        this.properties = properties;
        this.hashKey = new SecretKeySpec(mac(new SecretKeySpec(Base64.getDecoder().decode(cases.subjectPseudonymKey()), MAC),
                "samverkan idempotency request hash v1".getBytes(StandardCharsets.UTF_8)), MAC);
    }

    /** Deletes the answers kept longer than {@code keep}; returns how many. */
    @Scheduled(fixedDelayString = "${samverkan.cases.idempotency.sweep-every:10m}", initialDelayString = "1m")
    public int forgetOldAnswers() {
        return jdbc.sql("DELETE FROM idempotency_record WHERE created_at < ?")
                .param(Timestamp.from(Instant.now().minus(properties.keep()))).update();
    }

    public <T> ResponseEntity<?> run(Actor actor, String key, String route, Object request, Supplier<T> authorize,
                                     Function<T, ResponseEntity<?>> action) {
        return writeAccess.during(() -> runOnce(actor, key, route, request, authorize, action));
    }

    private <T> ResponseEntity<?> runOnce(Actor actor, String key, String route, Object request, Supplier<T> authorize,
                                          Function<T, ResponseEntity<?>> action) {
        T authorized = authorize.get();
        if (key == null) {
            return action.apply(authorized);
        }
        if (key.isBlank() || key.length() > 200) {
            throw ClientProblem.badRequest("invalid-idempotency-key", "Idempotency-Key must be 1 to 200 characters");
        }
        String hash = hash(route, request);
        // reserve the key first, so a concurrent twin waits for a verdict instead of running the command again
        int reserved = jdbc.sql("""
                        INSERT INTO idempotency_record (actor_id, idempotency_key, request_hash, status)
                        VALUES (?, ?, ?, 0) ON CONFLICT DO NOTHING""")
                .params(actor.userId(), key, hash)
                .update();
        if (reserved == 0) {
            // answered without running the command: this call's access is recorded on its own
            writeAccess.recordHeldNow();
            Stored stored = find(actor, key).orElseThrow();
            if (stored.status() == 0 && sameRequest(stored, hash)) {
                throw ClientProblem.conflict("idempotent-request-in-progress",
                        "A request with this Idempotency-Key is still being processed; retry in a moment");
            }
            return replay(stored, sameRequest(stored, hash));
        }
        ResponseEntity<?> response;
        try {
            response = action.apply(authorized);
        } catch (RuntimeException e) {
            // nothing was done (or the failure is the answer to a fixable request): free the key for a corrected retry
            jdbc.sql("DELETE FROM idempotency_record WHERE actor_id = ? AND idempotency_key = ? AND status = 0")
                    .params(actor.userId(), key).update();
            throw e;
        }
        String body = response.getBody() == null ? null : json.writeValueAsString(response.getBody());
        jdbc.sql("""
                        UPDATE idempotency_record SET status = ?, location = ?, etag = ?, body = ?
                        WHERE actor_id = ? AND idempotency_key = ?""")
                .params(response.getStatusCode().value(), response.getHeaders().getFirst(HttpHeaders.LOCATION),
                        response.getHeaders().getFirst(HttpHeaders.ETAG), body, actor.userId(), key)
                .update();
        return response;
    }

    private ResponseEntity<?> replay(Stored stored, boolean sameRequest) {
        if (!sameRequest) {
            throw ClientProblem.ruleViolation("idempotency-key-reused",
                    "This Idempotency-Key was already used for a different request; use a new key for a new request");
        }
        ResponseEntity.BodyBuilder builder = ResponseEntity.status(stored.status()).header("Idempotent-Replayed", "true");
        if (stored.location() != null) {
            builder.header(HttpHeaders.LOCATION, stored.location());
        }
        if (stored.etag() != null) {
            builder.header(HttpHeaders.ETAG, stored.etag());
        }
        return stored.body() == null ? builder.build() : builder.contentType(MediaType.APPLICATION_JSON).body(stored.body());
    }

    private Optional<Stored> find(Actor actor, String key) {
        return jdbc.sql("SELECT request_hash, status, location, etag, body FROM idempotency_record WHERE actor_id = ? AND idempotency_key = ?")
                .params(actor.userId(), key)
                .query((rs, n) -> new Stored(rs.getString(1), rs.getInt(2), rs.getString(3), rs.getString(4), rs.getString(5)))
                .optional();
    }

    private static boolean sameRequest(Stored stored, String hash) {
        return MessageDigest.isEqual(stored.requestHash().getBytes(StandardCharsets.US_ASCII), hash.getBytes(StandardCharsets.US_ASCII));
    }

    private String hash(String route, Object request) {
        byte[] routeBytes = route.getBytes(StandardCharsets.UTF_8);
        byte[] body = json.writeValueAsBytes(request);
        byte[] all = Arrays.copyOf(routeBytes, routeBytes.length + 1 + body.length);
        System.arraycopy(body, 0, all, routeBytes.length + 1, body.length);
        return KEYED + HexFormat.of().formatHex(mac(hashKey, all));
    }

    private static byte[] mac(SecretKeySpec key, byte[] data) {
        try {
            Mac mac = Mac.getInstance(MAC);
            mac.init(key);
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
