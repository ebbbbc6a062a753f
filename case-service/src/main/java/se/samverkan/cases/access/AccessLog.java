package se.samverkan.cases.access;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import se.samverkan.platform.observability.EventTracing;
import se.samverkan.contracts.AccessOutcome;
import se.samverkan.contracts.CloudEvent;
import se.samverkan.contracts.CloudEventCodec;
import se.samverkan.contracts.ProtectedIdentity;
import se.samverkan.contracts.access.AccessRecorded;
import se.samverkan.platform.identity.Actor;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

/**
 * Writes every access decision, allowed or not, to the access outbox; {@link AccessOutbox} sends it on. The decision
 * is recorded before the caller gets any data, so a read cannot happen unrecorded; an allowed write's decision is
 * recorded in the command's own transaction ({@link WriteAccess}). Joins the caller's transaction when there is one.
 */
@Component
public class AccessLog {

    /** The purpose code of a break-glass read; the written reason is kept by {@link BreakGlassReasons}, never published. */
    public static final String BREAK_GLASS_PURPOSE = "BREAK_GLASS";

    private final JdbcClient jdbc;
    private final CloudEventCodec codec;
    private final Clock clock;
    private final BreakGlassReasons breakGlassReasons;
    private final AccessOutbox outbox;
    private final EventTracing tracing;

    public AccessLog(JdbcClient jdbc, CloudEventCodec codec, Clock clock, BreakGlassReasons breakGlassReasons,
                     AccessOutbox outbox, EventTracing tracing) {
        this.jdbc = jdbc;
        this.tracing = tracing;
        this.outbox = outbox;
        this.breakGlassReasons = breakGlassReasons;
        this.codec = codec;
        this.clock = clock;
    }

    public void record(AccessRequest request, Decision decision, UUID caseId, UUID referralId) {
        Actor actor = request.actor();
        CaseFacts facts = request.caseFacts();
        Instant now = clock.instant();
        String purpose = decision.breakGlass() ? BREAK_GLASS_PURPOSE : request.operation().purpose();
        UUID subjectId = facts != null ? facts.subjectId()
                : request.subjectAccess() != null ? request.subjectAccess().subjectId() : null;
        AccessRecorded event = new AccessRecorded(actor.toRef(), caseId, subjectId, referralId,
                facts == null ? null : facts.program(),
                facts == null ? null : facts.unit(),
                request.operation().action(), request.operation().name(),
                decision.fieldGroups().stream().map(Enum::name).sorted().toList(),
                purpose, decision.ground(),
                facts != null && facts.onTeam(actor.userId()),
                decision.breakGlass(),
                facts == null ? ProtectedIdentity.NONE : facts.protectedIdentity(),
                decision.allowed() ? AccessOutcome.ALLOWED : AccessOutcome.DENIED,
                decision.allowed() ? null : decision.denialReason(),
                now,
                // whose compliance officers review this access: the case's municipality, the actor's without a case
                facts == null ? actor.municipality() : facts.municipality());
        UUID eventId = UUID.randomUUID();
        if (decision.breakGlass()) {
            breakGlassReasons.keep(eventId, caseId, facts.subjectId(), actor.userId(), request.breakGlassReason(), now);
        }
        CloudEvent cloudEvent = codec.wrap(eventId, now, event);
        // the request's trace is kept with the row and sent along as the Kafka record's header (issue 13)
        jdbc.sql("INSERT INTO access_outbox (event_id, case_id, cloud_event, traceparent) VALUES (?, ?, ?, ?)")
                .params(eventId, cloudEvent.subject(), CloudEventCodec.toBytes(cloudEvent),
                        tracing.currentTraceparent().orElse(null))
                .update();
        outbox.nudgeAfterCommit();
    }
}
