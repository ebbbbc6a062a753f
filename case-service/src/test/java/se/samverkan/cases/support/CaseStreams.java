package se.samverkan.cases.support;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import se.samverkan.cases.domain.ActedBy;
import se.samverkan.cases.domain.CaseEvent.JointPoliceMeetingRecorded;
import se.samverkan.cases.domain.CaseId;
import se.samverkan.platform.test.TestUser;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * Events written straight into a case's stream, around the aggregate, as an import would: fast, and no command folds
 * or snapshots the case meanwhile. A meeting record carries no personal data and is not published.
 */
public final class CaseStreams {

    private static final int PER_TRANSACTION = 1_000;

    private final EventStore eventStore;
    private final TransactionTemplate transactions;

    public CaseStreams(EventStore eventStore, PlatformTransactionManager transactions) {
        this.eventStore = eventStore;
        this.transactions = new TransactionTemplate(transactions);
    }

    /** Appends {@code count} events after the case's last one ({@code event} gets each one's number from 0). */
    public void append(CaseId id, int count, IntFunction<Object> event) {
        long first = eventStore.lastSequenceNumberFor(id.toString()).orElse(-1L) + 1;
        for (int from = 0; from < count; from += PER_TRANSACTION) {
            List<DomainEventMessage<?>> batch = new ArrayList<>();
            for (int i = from; i < Math.min(count, from + PER_TRANSACTION); i++) {
                batch.add(new GenericDomainEventMessage<>("CaseAggregate", id.toString(), first + i, event.apply(i)));
            }
            transactions.executeWithoutResult(status -> eventStore.publish(batch));
        }
    }

    /** Appends {@code count} joint police meetings on {@code on}, recorded by anna. */
    public void appendMeetings(CaseId id, int count, LocalDate on) {
        ActedBy anna = ActedBy.of(TestUser.SOCIAL_WORKER.actor());
        append(id, count, i -> new JointPoliceMeetingRecorded(id, on, anna, Instant.now()));
    }
}
