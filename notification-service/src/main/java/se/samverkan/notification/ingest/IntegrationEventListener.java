package se.samverkan.notification.ingest;

import io.micrometer.tracing.Span;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.stereotype.Component;
import se.samverkan.contracts.MalformedEventException;
import se.samverkan.contracts.Topics;
import se.samverkan.contracts.signing.EventVerifier;
import se.samverkan.contracts.signing.ForgedEventException;
import se.samverkan.platform.observability.EventTracing;

import java.util.ArrayList;
import java.util.List;

/**
 * Consumes the topics that can concern a person, a poll's records at a time. Every record is judged first
 * ({@link NotificationIngest#read}: verified, unless it is a routine access event nothing is done with); the records
 * before the first one that fails are then applied in one transaction and their offsets committed together. The
 * failing record is named to the platform's error handler ({@link BatchListenerFailedException}): one whose producer
 * cannot be proven, or that cannot be understood, is dead-lettered to samverkan.dlt.notification-service at once; any
 * other failure (e.g. the database is down) is retried with back-off first; the records after it are delivered again.
 */
@Component
class IntegrationEventListener {

    static final String LISTENER_ID = "notification-ingest";
    private static final int PARALLEL_FROM = 16;

    private static final Logger log = LoggerFactory.getLogger(IntegrationEventListener.class);

    private final NotificationIngest ingest;
    private final EventTracing tracing;

    IntegrationEventListener(NotificationIngest ingest, EventVerifier verifier) {
        this(ingest, verifier, EventTracing.NONE);
    }

    @Autowired
    IntegrationEventListener(NotificationIngest ingest, EventVerifier verifier, EventTracing tracing) {
        this.ingest = ingest;
        this.tracing = tracing;
        ProducerTrust.requireTrustedProducers(consumedTopics(), verifier);
    }

    // idIsGroup = false: the consumer group is spring.kafka.consumer.group-id (notification-service), the group the
    // broker grants this service (infra/kafka/acls.txt) and that names its dead-letter topic, not the listener's id
    @KafkaListener(id = LISTENER_ID, idIsGroup = false, topics = {Topics.CASE_EVENTS, Topics.ACCESS_EVENTS, Topics.AUDIT_EVENTS},
            batch = "true")
    void onEvents(List<ConsumerRecord<String, byte[]>> records) {
        // issue 13: each record's ingest (its inbox items, mails, stream pushes) is a span in the trace of the request
        // that caused the event (its traceparent header), ended once applied; attributes are the record's place only
        List<Span> spans = records.stream().map(record -> tracing.consumerSpan("notification ingest", record)).toList();
        try {
            ingest(records);
        } catch (RuntimeException e) {
            spans.forEach(span -> EventTracing.failed(span, e));
            throw e;
        } finally {
            spans.forEach(Span::end);
        }
    }

    private void ingest(List<ConsumerRecord<String, byte[]>> records) {
        // verifying is CPU-bound (about 0.1 ms a record), so a large poll is verified on every core
        List<Object> verdicts = (records.size() < PARALLEL_FROM ? records.stream() : records.parallelStream())
                .map(this::verdict).toList();
        List<NotificationIngest.Judged> judged = new ArrayList<>(records.size());
        int failed = -1;
        for (int i = 0; i < verdicts.size() && failed < 0; i++) {
            if (verdicts.get(i) instanceof NotificationIngest.Judged event) {
                judged.add(event);
            } else {
                failed = i;
            }
        }
        applyInOrder(records, judged);
        if (failed >= 0) {
            RuntimeException cause = (RuntimeException) verdicts.get(failed);
            ConsumerRecord<String, byte[]> record = records.get(failed);
            if (cause instanceof ForgedEventException forged) {
                // the reason and where the record lies; never its content (an attacker's text) nor the message quoting key ids
                log.warn("Refused a record whose producer could not be proven ({}) at {}-{}@{}; nothing notified, dead-lettering it",
                        forged.reason(), record.topic(), record.partition(), record.offset());
            }
            throw new BatchListenerFailedException("record " + failed + " of the poll was refused", cause, record);
        }
    }

    private Object verdict(ConsumerRecord<String, byte[]> record) {
        try {
            return ingest.read(record.topic(), record.value());
        } catch (MalformedEventException e) { // ForgedEventException included
            return e;
        }
    }

    /**
     * One transaction for the whole prefix; if it fails, the records are applied one by one to find the one that
     * fails, so those before it are kept and only it is retried (or, in the end, dead-lettered).
     */
    private void applyInOrder(List<ConsumerRecord<String, byte[]>> records, List<NotificationIngest.Judged> judged) {
        if (judged.isEmpty()) {
            return;
        }
        try {
            ingest.acceptAll(judged);
        } catch (RuntimeException batchFailed) {
            for (int i = 0; i < judged.size(); i++) {
                try {
                    ingest.acceptAll(List.of(judged.get(i)));
                } catch (RuntimeException e) {
                    throw new BatchListenerFailedException("record " + i + " of the poll could not be applied", e, records.get(i));
                }
            }
        }
    }

    /** The topics of the listener above, read from its annotation so the start-up check cannot drift from it. */
    static List<String> consumedTopics() {
        try {
            return List.of(IntegrationEventListener.class.getDeclaredMethod("onEvents", List.class)
                    .getAnnotation(KafkaListener.class).topics());
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(e);
        }
    }
}
