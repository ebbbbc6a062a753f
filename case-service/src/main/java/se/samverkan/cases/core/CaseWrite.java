package se.samverkan.cases.core;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import se.samverkan.cases.access.Operation;
import se.samverkan.cases.application.CaseWrites;
import se.samverkan.cases.domain.CaseAnswer;
import se.samverkan.cases.domain.CaseCommand;
import se.samverkan.cases.domain.CaseFile;
import se.samverkan.cases.domain.CaseId;
import se.samverkan.cases.idempotency.Idempotency;
import se.samverkan.platform.identity.Actor;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * One write on a case as the request states it, whichever feature's controller takes it: the caller, the case (path
 * variable {@code caseId}), the handler's {@code @AccessOperation}, the route, the version the caller read
 * ({@code If-Match}), its {@code Idempotency-Key} and the status of the answer (201 for a handler marked
 * {@code @ResponseStatus(CREATED)}, 200 otherwise). {@link WriteResolver} makes one per request, so a handler
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

    private final WriteRequest request;
    private final CaseId caseId;
    private final HttpStatus status;
    private final String ifMatch;
    private final CaseWrites writes;
    private final Idempotency idempotency;

    CaseWrite(WriteRequest request, CaseId caseId, HttpStatus status, String ifMatch, CaseWrites writes,
              Idempotency idempotency) {
        this.request = request;
        this.caseId = caseId;
        this.status = status;
        this.ifMatch = ifMatch;
        this.writes = writes;
        this.idempotency = idempotency;
    }

    public ResponseEntity<?> send(Object body, Command command, Map<String, ?> newIds) {
        return send(body, command, decided -> newIds);
    }

    /**
     * A write whose answer tells what the aggregate decided ({@link CaseAnswer}, null when its handler answers only the
     * version): {@code answer} turns it into the answer's members.
     */
    public ResponseEntity<?> send(Object body, Command command, Function<CaseAnswer, Map<String, ?>> answer) {
        Long expected = expectedVersion();
        return idempotency.run(actor(), idempotencyKey(), route(), body, () -> writes.authorize(actor(), caseId, operation()),
                authorized -> {
                    CaseWrites.Written written = writes.decide(authorized, file -> command.create(file, expected));
                    Map<String, Object> members = new LinkedHashMap<>();
                    members.put("caseId", caseId.value());
                    members.put("version", written.version());
                    members.putAll(answer.apply(written.decided()));
                    return ResponseEntity.status(status).eTag(ETags.of(written.version())).body(members);
                });
    }

    /** A write without a body; its Idempotency-Key is checked against the route alone. */
    public ResponseEntity<?> send(Command command, Map<String, ?> newIds) {
        return send(new Empty(), command, newIds);
    }

    public Actor actor() {
        return request.actor();
    }

    /** The moment the command is made (the configured Clock, the only source of now). */
    public Instant now() {
        return request.now();
    }

    public CaseId caseId() {
        return caseId;
    }

    public Operation operation() {
        return request.operation();
    }

    public String route() {
        return request.route();
    }

    public HttpStatus status() {
        return status;
    }

    /** The version named by If-Match, null without one (then the write is not checked against a version). */
    public Long expectedVersion() {
        return ETags.parseIfMatch(ifMatch);
    }

    public String idempotencyKey() {
        return request.idempotencyKey();
    }
}
