package se.samverkan.cases.access;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import se.samverkan.platform.observability.EventTracing;
import se.samverkan.contracts.AccessOutcome;
import se.samverkan.contracts.CloudEvent;
import se.samverkan.contracts.CloudEventCodec;
import se.samverkan.contracts.ProtectedIdentity;
import se.samverkan.contracts.access.AccessRecorded;
import se.samverkan.contracts.signing.EventSigner;
import se.samverkan.platform.identity.Actor;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Writes every access decision, allowed or not, to the access outbox; {@link AccessOutbox} sends it on. The decision
 * is recorded before the caller gets any data, so a read cannot happen unrecorded; an allowed write's decision is
 * recorded in the command's own transaction ({@link WriteAccess}). Joins the caller's transaction when there is one.
 * <p>
 * Each event is signed here, when it is written, with the service's event key ({@link EventSigner}, the one the
 * publisher uses), and the row holds the signed record value; the outbox sends it as stored after verifying it. A row
 * someone else put into {@code access_outbox} with the service's database credentials carries no valid signature and
 * is never sent.
 */
@Component
public class AccessLog {

    /** The purpose code of a break-glass read; the written reason is kept by {@link BreakGlassReasons}, never published. */
    public static final String BREAK_GLASS_PURPOSE = "BREAK_GLASS";

    private final JdbcClient jdbc;
    private final JdbcTemplate batches;
    private final TransactionTemplate transactions;
    private final CloudEventCodec codec;
    private final Clock clock;
    private final BreakGlassReasons breakGlassReasons;
    private final AccessOutbox outbox;
    private final EventTracing tracing;
    private final EventSigner signer;

    public AccessLog(JdbcClient jdbc, JdbcTemplate batches, PlatformTransactionManager transactionManager,
                     CloudEventCodec codec, Clock clock, BreakGlassReasons breakGlassReasons, AccessOutbox outbox,
                     EventTracing tracing, EventSigner signer) {
        this.signer = signer;
        this.jdbc = jdbc;
        this.batches = batches;
        this.transactions = new TransactionTemplate(transactionManager);
        this.tracing = tracing;
        this.outbox = outbox;
        this.breakGlassReasons = breakGlassReasons;
        this.codec = codec;
        this.clock = clock;
    }

    public void record(AccessRequest request, Decision decision, UUID caseId, UUID referralId) {
        CloudEvent cloudEvent = recorded(request, decision, caseId, referralId);
        // the request's trace is kept with the row and sent along as the Kafka record's header (issue 13)
        jdbc.sql("INSERT INTO access_outbox (event_id, case_id, cloud_event, traceparent) VALUES (?, ?, ?, ?)")
                .params(UUID.fromString(cloudEvent.id()), cloudEvent.subject(), signer.sign(cloudEvent),
                        tracing.currentTraceparent().orElse(null))
                .update();
        outbox.nudgeAfterCommit();
    }

    public record Access(AccessRequest request, Decision decision, UUID caseId) {
    }

    private static UUID uuidOrNull(String id) {
        try {
            return id == null ? null : UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * Many reads of one request (a case list) in one round trip and one commit: all are recorded before the caller
     * sees any of them, or none is and the caller sees nothing.
     */
    public void recordAll(List<Access> accesses) {
        if (accesses.isEmpty()) {
            return;
        }
        List<Object[]> rows = new ArrayList<>(accesses.size());
        String traceparent = tracing.currentTraceparent().orElse(null);
        for (Access access : accesses) {
            CloudEvent cloudEvent = recorded(access.request(), access.decision(), access.caseId(), null);
            rows.add(new Object[]{UUID.fromString(cloudEvent.id()), cloudEvent.subject(), signer.sign(cloudEvent), traceparent});
        }
        transactions.executeWithoutResult(status -> batches.batchUpdate(
                "INSERT INTO access_outbox (event_id, case_id, cloud_event, traceparent) VALUES (?, ?, ?, ?)", rows));
        outbox.nudgeAfterCommit();
    }

    private CloudEvent recorded(AccessRequest request, Decision decision, UUID caseId, UUID referralId) {
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
                facts == null ? actor.municipality() : facts.municipality(),
                // a participant's read of a commitment says which one (the case alone would not tell a reviewer)
                request.commitment() == null ? null : uuidOrNull(request.commitment().commitmentId()));
        UUID eventId = UUID.randomUUID();
        if (decision.breakGlass()) {
            breakGlassReasons.keep(eventId, caseId, facts.subjectId(), actor.userId(), request.breakGlassReason(), now);
        }
        return codec.wrap(eventId, now, event);
    }
}
