package se.samverkan.cases.core;

import se.samverkan.cases.access.Operation;
import se.samverkan.platform.identity.Actor;

import java.time.Clock;
import java.time.Instant;

/**
 * A write as the request states it: the caller, the handler's {@code @AccessOperation}, the route and the
 * {@code Idempotency-Key}. Resolved by {@link WriteResolver} for a handler that finds its case itself (the police
 * answer a referral and never learn the case behind it); a write addressed by case id takes a {@link CaseWrite}.
 */
public final class WriteRequest {

    private final Actor actor;
    private final Operation operation;
    private final String route;
    private final String idempotencyKey;
    private final Clock clock;

    WriteRequest(Actor actor, Operation operation, String route, String idempotencyKey, Clock clock) {
        this.actor = actor;
        this.operation = operation;
        this.route = route;
        this.idempotencyKey = idempotencyKey;
        this.clock = clock;
    }

    public Actor actor() {
        return actor;
    }

    /** The moment the command is made (the configured Clock, the only source of now). */
    public Instant now() {
        return clock.instant();
    }

    public Operation operation() {
        return operation;
    }

    /** The request's path with its ids in canonical form: what an Idempotency-Key is bound to, with the body. */
    public String route() {
        return route;
    }

    public String idempotencyKey() {
        return idempotencyKey;
    }
}
