package se.samverkan.audit.ingest;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.tracing.Span;
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
import se.samverkan.contracts.CloudEventCodec;
import se.samverkan.contracts.EventTypes;
import se.samverkan.contracts.MalformedEventException;
import se.samverkan.contracts.Topics;
import se.samverkan.platform.kafka.ConsumerErrorHandling;
import se.samverkan.platform.observability.EventTracing;
import se.samverkan.signing.EventProducer;
import se.samverkan.contracts.signing.EventSigner;
import se.samverkan.contracts.signing.EventVerifier;
import se.samverkan.contracts.signing.ForgedEventException;
import se.samverkan.signing.SignedEnvelope;
import tools.jackson.databind.JsonNode;
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
 * the container commits the offsets) only once they are committed in PostgreSQL. Every record is verified first
 * ({@link EventVerifier}: signed by a trusted key of the service its {@code source} names, a type that service
 * produces, on this topic); only then is it read. A record that cannot be understood, or whose producer cannot be
 * proven, is copied to the dead-letter topic and leaves an entry of its own in the log (its hash and where it
 * arrived, never its content), which raises a review item: the record is never silently skipped, never appended as
 * what it claims to be, and the log still shows that it arrived.
 */
@Component
public class AuditEventListener {

    private static final Logger log = LoggerFactory.getLogger(AuditEventListener.class);
    private static final int PARALLEL_FROM = 16;

    private final Sequencer sequencer;
    private final EventVerifier verifier;
    private final EventSigner signer;
    private final KafkaTemplate<String, byte[]> kafka;
    private final String deadLetterTopic;
    private final Clock clock;
    private final int batchSize;
    private final MeterRegistry meters;
    private final EventTracing tracing;

    public AuditEventListener(Sequencer sequencer, IngestTrust trust, EventSigner signer, KafkaTemplate<String, byte[]> kafka,
                              @Value("${spring.kafka.consumer.group-id}") String group, Clock clock,
                              se.samverkan.audit.log.AuditProperties properties, MeterRegistry meters,
                              EventTracing tracing) {
        this.tracing = tracing;
        this.batchSize = properties.batchSize();
        this.meters = meters;
        this.sequencer = sequencer;
        this.verifier = trust.verifier();
        this.signer = signer;
        this.kafka = kafka;
        this.deadLetterTopic = Topics.deadLetter(group);
        this.clock = clock;
    }

    // idIsGroup = false: the consumer group is spring.kafka.consumer.group-id (audit-service), the group the broker
    // grants this service (infra/kafka/acls.txt) and that names its dead-letter topic, not the listener's id
    @KafkaListener(id = IngestLeadership.LISTENER_ID, idIsGroup = false, topics = {Topics.CASE_EVENTS, Topics.ACCESS_EVENTS, Topics.NOTIFICATION_EVENTS}, batch = "true",
            autoStartup = "false") // started and stopped by IngestLeadership: only the leader consumes
    public void onRecords(List<ConsumerRecord<String, byte[]>> records) throws Exception {
        // issue 13: each record's ingest is a span in the trace of the request that caused the event (its traceparent
        // header), ended once the entry is committed; attributes are the record's place, never its content
        List<Span> spans = records.stream().map(record -> tracing.consumerSpan("audit ingest", record)).toList();
        // from the poll's arrival, verification included: the integrity pass gives way to it
        try (Sequencer.Incoming ignored = sequencer.incoming()) {
            append(records);
        } catch (Exception | Error e) {
            spans.forEach(span -> EventTracing.failed(span, e));
            throw e;
        } finally {
            spans.forEach(Span::end);
        }
    }

    private void append(List<ConsumerRecord<String, byte[]>> records) throws Exception {
        // verifying is CPU-bound (Ed25519 costs about 0.1 ms a record, the JDK fallback several times that), so a
        // poll's records are verified on every core; dead-lettering and appending then follow in record order
        List<Object> verdicts = (records.size() < PARALLEL_FROM ? records.stream() : records.parallelStream()).map(this::verdict).toList();
        List<PendingEntry> entries = new ArrayList<>(records.size());
        for (int i = 0; i < records.size(); i++) {
            switch (verdicts.get(i)) {
                case PendingEntry entry -> entries.add(entry);
                case ForgedEventException e -> entries.add(refuse(records.get(i), e));
                case MalformedEventException e -> entries.add(reject(records.get(i), e));
                default -> throw new IllegalStateException("unexpected verdict");
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

    /** The entry of a verified record, or why there is none (a forgery, or a genuine producer's unreadable record). */
    private Object verdict(ConsumerRecord<String, byte[]> record) {
        try {
            return Entries.fromRecord(record.topic(), record.value(), verifier.verify(record.topic(), record.value()));
        } catch (MalformedEventException e) {
            return e;
        }
    }

    private PendingEntry reject(ConsumerRecord<String, byte[]> record, MalformedEventException cause)
            throws ExecutionException, InterruptedException, TimeoutException {
        log.warn("Rejected record {}-{}@{}: not an event this log understands; sent to {}", record.topic(),
                record.partition(), record.offset(), deadLetterTopic);
        deadLetter(record, cause, null);

        // the same record always yields the same rejection id, so a redelivery cannot log it twice
        UUID id = UUID.nameUUIDFromBytes((record.topic() + "/" + record.partition() + "/" + record.offset())
                .getBytes(StandardCharsets.UTF_8));
        // the exception text may quote the record (personal data), so only its kind is logged
        ObjectNode data = whereItLay(record, "not a CloudEvents envelope of a known contract");
        return Entries.internal(signer, id, Entries.EVENT_REJECTED, record.topic(), clock.instant(), null, null, null, data);
    }

    /**
     * A record whose producer could not be proven. Everything in it is the forger's word, so the entry holds only
     * what this service saw itself (topic, partition, offset, the record's hash, why it was refused) and, of the
     * record's claims, only values from closed vocabularies that cannot carry personal data: the type when it is a
     * contract type, the producer when its source is one of ours, the key id when it is a key this log trusts.
     */
    private PendingEntry refuse(ConsumerRecord<String, byte[]> record, ForgedEventException cause)
            throws ExecutionException, InterruptedException, TimeoutException {
        log.warn("Refused record {}-{}@{}: its producer could not be proven ({}); sent to {}", record.topic(),
                record.partition(), record.offset(), cause.reason(), deadLetterTopic);
        deadLetter(record, cause, cause.reason().name());
        UUID id = UUID.nameUUIDFromBytes(("forged/" + record.topic() + "/" + record.partition() + "/" + record.offset())
                .getBytes(StandardCharsets.UTF_8));
        ObjectNode data = whereItLay(record, cause.reason().name());
        Claims claims = Claims.of(record.value(), verifier);
        if (claims.type() != null) {
            data.put("claimedType", claims.type());
        }
        if (claims.producer() != null) {
            data.put("claimedProducer", claims.producer());
        }
        if (claims.keyId() != null) {
            data.put("signatureKeyId", claims.keyId());
        }
        return Entries.internal(signer, id, Entries.FORGED_EVENT_REFUSED, record.topic(), clock.instant(), null, null, null, data);
    }

    /** What this service saw of a record it did not append: where it lay, its hash, where it went and why. */
    private ObjectNode whereItLay(ConsumerRecord<String, byte[]> record, String reason) {
        return Entries.object()
                .put("topic", record.topic())
                .put("partition", record.partition())
                .put("offset", record.offset())
                .put("valueSha256", sha256(record))
                .put("deadLetterTopic", deadLetterTopic)
                .put("reason", reason);
    }

    private void deadLetter(ConsumerRecord<String, byte[]> record, MalformedEventException cause, String forgedReason)
            throws ExecutionException, InterruptedException, TimeoutException {
        ProducerRecord<String, byte[]> dead = new ProducerRecord<>(deadLetterTopic, record.key(), record.value());
        dead.headers().add(new RecordHeader("samverkan-original-topic", record.topic().getBytes(StandardCharsets.UTF_8)));
        dead.headers().add(new RecordHeader("samverkan-original-partition", Integer.toString(record.partition()).getBytes(StandardCharsets.UTF_8)));
        dead.headers().add(new RecordHeader("samverkan-original-offset", Long.toString(record.offset()).getBytes(StandardCharsets.UTF_8)));
        dead.headers().add(new RecordHeader("samverkan-exception", cause.getClass().getName().getBytes(StandardCharsets.UTF_8)));
        if (forgedReason != null) {
            dead.headers().add(new RecordHeader("samverkan-forged-reason", forgedReason.getBytes(StandardCharsets.UTF_8)));
        }
        kafka.send(dead).get(30, TimeUnit.SECONDS);
        ConsumerErrorHandling.countDeadLetter(meters, record.topic(), cause);
    }

    private static String sha256(ConsumerRecord<String, byte[]> record) {
        return record.value() == null ? null : HexFormat.of().formatHex(se.samverkan.audit.tlog.Rfc6962.sha256().digest(record.value()));
    }

    /** What a refused record claims, kept only where the claim is one of a closed set of values. */
    record Claims(String type, String producer, String keyId) {

        static Claims of(byte[] value, EventVerifier verifier) {
            JsonNode tree;
            try {
                tree = value == null ? null : CloudEventCodec.mapper().readTree(value);
            } catch (RuntimeException e) {
                tree = null;
            }
            if (tree == null || !tree.isObject()) {
                return new Claims(null, null, null);
            }
            String type = text(tree, "type");
            String source = text(tree, "source");
            String keyId = text(tree, SignedEnvelope.KEY_ID_ATTRIBUTE);
            return new Claims(
                    type != null && EventTypes.byType(type).isPresent() ? type : null,
                    source == null ? null : EventProducer.ofSource(source).map(EventProducer::service).orElse(null),
                    // a well-formed but unknown key id is still free text (<service>/<anything>): only trusted ids
                    keyId != null && verifier.trustedKeys().containsKey(keyId) ? keyId : null);
        }

        private static String text(JsonNode tree, String field) {
            JsonNode node = tree.get(field);
            return node != null && node.isString() ? node.asString() : null;
        }
    }
}
