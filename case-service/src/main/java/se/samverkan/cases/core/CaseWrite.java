package se.samverkan.cases.core;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import se.samverkan.cases.access.Operation;
import se.samverkan.cases.application.CaseWrites;
import se.samverkan.cases.domain.CaseCommand;
import se.samverkan.cases.domain.CaseFile;
import se.samverkan.cases.domain.CaseId;
import se.samverkan.cases.idempotency.Idempotency;
import se.samverkan.platform.identity.Actor;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One write on a case as the request states it, whichever feature's controller takes it: the caller, the case (path
 * variable {@code caseId}), the handler's {@code @AccessOperation}, the route, the version the caller read
 * ({@code If-Match}), its {@code Idempotency-Key} and the status of the answer (201 for a handler marked
 * {@code @ResponseStatus(CREATED)}, 200 otherwise). {@link CaseWriteResolver} makes one per request, so a handler
 * only says which command it sends and which new ids it answers with.
 * <p>
 * {@link #send} does what every write does: If-Match is parsed first (400 before anything is recorded), then the
 * policy is asked and its answer recorded (before any idempotent replay, so a caller refused now never gets an old
 * answer), the command is sent with the version the caller read (412 if the case changed) and the answer carries the
 * new version as ETag.
 */
public final class CaseWrite {

    /** The command of a write, made from the case the policy let the caller write to and the version it read. */
    @FunctionalInterface
    public interface Command {
        CaseCommand create(CaseFile file, Long expectedVersion);
    }

    private final Actor actor;
    private final CaseId caseId;
    private final Operation operation;
    private final String route;
    private final HttpStatus status;
    private final String ifMatch;
    private final String idempotencyKey;
    private final CaseWrites writes;
    private final Idempotency idempotency;
    private final Clock clock;

    CaseWrite(Actor actor, CaseId caseId, Operation operation, String route, HttpStatus status, String ifMatch,
              String idempotencyKey, CaseWrites writes, Idempotency idempotency, Clock clock) {
        this.actor = actor;
        this.caseId = caseId;
        this.operation = operation;
        this.route = route;
        this.status = status;
        this.ifMatch = ifMatch;
        this.idempotencyKey = idempotencyKey;
        this.writes = writes;
        this.idempotency = idempotency;
        this.clock = clock;
    }

    public ResponseEntity<?> send(Object request, Command command, Map<String, ?> newIds) {
        Long expected = expectedVersion();
        return idempotency.run(actor, idempotencyKey, route, request, () -> writes.authorize(actor, caseId, operation),
                authorized -> {
                    long version = writes.write(authorized, file -> command.create(file, expected));
                    Map<String, Object> body = new LinkedHashMap<>();
                    body.put("caseId", caseId.value());
                    body.put("version", version);
                    body.putAll(newIds);
                    return ResponseEntity.status(status).eTag(ETags.of(version)).body(body);
                });
    }

    /** A write without a body; its Idempotency-Key is checked against the route alone. */
    public ResponseEntity<?> send(Command command, Map<String, ?> newIds) {
        return send(new Empty(), command, newIds);
    }

    public Actor actor() {
        return actor;
    }

    /** The moment the command is made (the configured Clock, the only source of now). */
    public Instant now() {
        return clock.instant();
    }

    public CaseId caseId() {
        return caseId;
    }

    public Operation operation() {
        return operation;
    }

    /** The request's path with its ids in canonical form: what an Idempotency-Key is bound to, with the body. */
    public String route() {
        return route;
    }

    public HttpStatus status() {
        return status;
    }

    /** The version named by If-Match, null without one (then the write is not checked against a version). */
    public Long expectedVersion() {
        return ETags.parseIfMatch(ifMatch);
    }

    public String idempotencyKey() {
        return idempotencyKey;
    }
}
