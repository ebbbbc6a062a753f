package se.samverkan.audit.ingest;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;
import se.samverkan.audit.log.Entries;
import se.samverkan.audit.log.PendingEntry;
import se.samverkan.audit.log.Sequencer;
import se.samverkan.contracts.MalformedEventException;
import se.samverkan.contracts.Topics;
import tools.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Feeds the log from Kafka. A poll's records go to the sequencer as one submission and the listener returns (so
 * the container commits the offsets) only once they are committed in PostgreSQL. A record that cannot be understood
 * is copied to the dead-letter topic and leaves a rejection entry in the log, which raises a review item: the
 * record is never silently skipped, and the log still shows that it arrived.
 */
@Component
public class AuditEventListener {

    private static final Logger log = LoggerFactory.getLogger(AuditEventListener.class);

    private final Sequencer sequencer;
    private final KafkaTemplate<String, byte[]> kafka;
    private final String deadLetterTopic;
    private final Clock clock;
    private final int batchSize;

    public AuditEventListener(Sequencer sequencer, KafkaTemplate<String, byte[]> kafka,
                              @Value("${spring.kafka.consumer.group-id}") String group, Clock clock,
                              se.samverkan.audit.log.AuditProperties properties) {
        this.batchSize = properties.batchSize();
        this.sequencer = sequencer;
        this.kafka = kafka;
        this.deadLetterTopic = Topics.deadLetter(group);
        this.clock = clock;
    }

    // idIsGroup = false: the consumer group is spring.kafka.consumer.group-id (audit-service), the group the broker
    // grants this service (infra/kafka/acls.txt) and that names its dead-letter topic, not the listener's id
    @KafkaListener(id = IngestLeadership.LISTENER_ID, idIsGroup = false, topics = {Topics.CASE_EVENTS, Topics.ACCESS_EVENTS, Topics.NOTIFICATION_EVENTS}, batch = "true",
            autoStartup = "false") // started and stopped by IngestLeadership: only the leader consumes
    public void onRecords(List<ConsumerRecord<String, byte[]>> records) throws Exception {
        List<PendingEntry> entries = new ArrayList<>(records.size());
        for (ConsumerRecord<String, byte[]> record : records) {
            try {
                entries.add(Entries.fromRecord(record.topic(), record.value()));
            } catch (MalformedEventException e) {
                entries.add(reject(record, e));
            }
        }
        // submissions of at most one transaction each; failure or timeout throws, the poll is redelivered after
        // back-off, and whatever was already committed is recognised by its event id
        List<java.util.concurrent.CompletableFuture<?>> appended = new ArrayList<>();
        for (int from = 0; from < entries.size(); from += batchSize) {
            appended.add(sequencer.submit(entries.subList(from, Math.min(entries.size(), from + batchSize))));
        }
        java.util.concurrent.CompletableFuture.allOf(appended.toArray(java.util.concurrent.CompletableFuture[]::new))
                .get(60, TimeUnit.SECONDS);
    }

    private PendingEntry reject(ConsumerRecord<String, byte[]> record, MalformedEventException cause)
            throws ExecutionException, InterruptedException, TimeoutException {
        log.warn("Rejected record {}-{}@{}: not an event this log understands; sent to {}", record.topic(),
                record.partition(), record.offset(), deadLetterTopic);
        ProducerRecord<String, byte[]> dead = new ProducerRecord<>(deadLetterTopic, record.key(), record.value());
        dead.headers().add(new RecordHeader("samverkan-original-topic", record.topic().getBytes(StandardCharsets.UTF_8)));
        dead.headers().add(new RecordHeader("samverkan-original-partition", Integer.toString(record.partition()).getBytes(StandardCharsets.UTF_8)));
        dead.headers().add(new RecordHeader("samverkan-original-offset", Long.toString(record.offset()).getBytes(StandardCharsets.UTF_8)));
        dead.headers().add(new RecordHeader("samverkan-exception", cause.getClass().getName().getBytes(StandardCharsets.UTF_8)));
        kafka.send(dead).get(30, TimeUnit.SECONDS);

        // the same record always yields the same rejection id, so a redelivery cannot log it twice
        UUID id = UUID.nameUUIDFromBytes((record.topic() + "/" + record.partition() + "/" + record.offset())
                .getBytes(StandardCharsets.UTF_8));
        ObjectNode data = Entries.object()
                .put("topic", record.topic())
                .put("partition", record.partition())
                .put("offset", record.offset())
                .put("valueSha256", record.value() == null ? null : HexFormat.of().formatHex(
                        se.samverkan.audit.tlog.Rfc6962.sha256().digest(record.value())))
                .put("deadLetterTopic", deadLetterTopic)
                // the exception text may quote the record (personal data), so only its kind is logged
                .put("reason", "not a CloudEvents envelope of a known contract");
        return Entries.internal(id, Entries.EVENT_REJECTED, record.topic(), clock.instant(), null, null, null, data);
    }
}
