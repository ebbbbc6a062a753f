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

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
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
 */
@Component
public class Idempotency {

    public static final String HEADER = "Idempotency-Key";

    private record Stored(String requestHash, int status, String location, String etag, String body) {
    }

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final WriteAccess writeAccess;

    public Idempotency(JdbcClient jdbc, JsonMapper json, WriteAccess writeAccess) {
        this.jdbc = jdbc;
        this.json = json;
        this.writeAccess = writeAccess;
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
            if (stored.status() == 0 && stored.requestHash().equals(hash)) {
                throw ClientProblem.conflict("idempotent-request-in-progress",
                        "A request with this Idempotency-Key is still being processed; retry in a moment");
            }
            return replay(stored, hash);
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

    private ResponseEntity<?> replay(Stored stored, String hash) {
        if (!stored.requestHash().equals(hash)) {
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

    private String hash(String route, Object request) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(route.getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            digest.update(json.writeValueAsBytes(request));
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
