package se.samverkan.cases.publishing;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.MergedTrackingToken;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import se.samverkan.cases.config.EventStoreProperties;
import se.samverkan.cases.config.StoredEventsAt;
import se.samverkan.cases.domain.CaseEvent;
import se.samverkan.cases.storedevents.ForgedStoredEvent;
import se.samverkan.contracts.CloudEvent;
import se.samverkan.contracts.CloudEventCodec;
import se.samverkan.contracts.ContractSchemas;
import se.samverkan.contracts.Topics;
import se.samverkan.contracts.reconciliation.PublicationManifest;
import se.samverkan.platform.kafka.CloudEventPublisher;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.ToLongFunction;
import java.util.stream.Stream;

/**
 * case-service's account of what it published (issue 16), so the audit log can be reconciled with it without either
 * side reading the other's database: per stream, every integration event of a position range that has been relayed,
 * by event id (the CloudEvent id the audit log sees) and case, in manifests of at most {@value #MAX_ITEMS} events
 * numbered 1, 2, 3… without gaps, each range starting where the previous one ended.
 * <ul>
 *   <li>{@code CASE_EVENTS}: the integration events of the event store ({@code relayed_integration_event}, written and
 *       sealed by {@link IntegrationEventRelay}, read through the seal check by {@link RelayedEvents}), up to the relay's
 *       committed token; past a hole in the token nothing is listed
 *       until the hole is filled and relayed, or can no longer be filled (the gap timeout), so an event committed late
 *       is not skipped. The range is also read from the store itself: an authentic event the relay would publish but
 *       never handled (its token moved past it by someone holding the runtime role's password, who may also have
 *       written a row saying it was handled: one without a seal that checks counts as none) is listed all the same
 *       and reported ({@link UnrelayedEvents}); and no range closes past what the store can still change, whatever
 *       the token says.</li>
 *   <li>{@code ACCESS_EVENTS}: the access outbox up to the first row not yet sent, and only rows older than the settle
 *       time (a row of a transaction still running can get a lower position than rows already sent).</li>
 * </ul>
 * Events set aside at publish ({@code publish_dead_letter}) are listed as well: the log then shows them missing.
 * A manifest is numbered and frozen in one transaction, then sent (signed, like everything this service publishes) and
 * marked sent in another; both hold the stream's row lock ({@code FOR UPDATE SKIP LOCKED}), so of several instances
 * one works on a stream at a time and the others skip it. A crash after sending re-sends the same manifest.
 */
@Component
public class PublicationManifests {

    public static final int MAX_ITEMS = 500;
    private static final int MAX_MANIFESTS_PER_RUN = 20;

    private static final Logger log = LoggerFactory.getLogger(PublicationManifests.class);

    private record StreamState(long lastPosition, long lastSequence) {
    }

    private record Listed(long position, UUID eventId, UUID caseId) {
    }

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final CloudEventPublisher publisher;
    private final CloudEventCodec codec;
    private final Serializer tokenSerializer;
    private final ManifestProperties properties;
    private final Clock clock;
    private final Duration gapTimeout;
    private final StoredEventsAt storedEvents;
    private final UnrelayedEvents unrelayed;
    private final RelayedEvents relayedEvents;

    public PublicationManifests(JdbcClient jdbc, TransactionTemplate transactions, CloudEventPublisher publisher, CloudEventCodec codec,
                                Serializer tokenSerializer, ManifestProperties properties, Clock clock,
                                EventStoreProperties eventStore, StoredEventsAt storedEvents, UnrelayedEvents unrelayed,
                                RelayedEvents relayedEvents) {
        this.storedEvents = storedEvents;
        this.unrelayed = unrelayed;
        this.relayedEvents = relayedEvents;
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.publisher = publisher;
        this.codec = codec;
        this.tokenSerializer = tokenSerializer;
        this.properties = properties;
        this.clock = clock;
        this.gapTimeout = eventStore.gapTimeout();
    }

    @Scheduled(fixedDelayString = "${samverkan.cases.manifests.interval:1m}", initialDelayString = "${samverkan.cases.manifests.interval:1m}")
    public void run() {
        if (!properties.enabled()) {
            return;
        }
        for (PublicationManifest.Stream stream : PublicationManifest.Stream.values()) {
            try {
                catchUp(stream);
                sendPending(stream);
            } catch (RuntimeException e) {
                log.warn("Publication manifests of {} not made or sent yet, will retry: {}", stream, e.getClass().getSimpleName());
            }
        }
    }

    /**
     * Numbers manifests until the stream's bound is reached, {@value #MAX_MANIFESTS_PER_RUN} to a transaction. Without
     * the loop a run made at most 10,000 events' worth a minute: under a steady 200 reads a second the access stream
     * fell further behind every minute, and the audit log's reconciliation, seeing manifests issued long after events
     * they did not list, reported each of those events as unaccounted.
     *
     * @return how many manifests this call numbered (0 also when another instance holds the stream)
     */
    public int catchUp(PublicationManifest.Stream stream) {
        int total = 0;
        int made;
        do {
            made = number(stream);
            total += made;
        } while (made == MAX_MANIFESTS_PER_RUN);
        return total;
    }

    /** @return how many manifests this call numbered (0 also when another instance holds the stream) */
    public int number(PublicationManifest.Stream stream) {
        Integer made = transactions.execute(status -> {
            Optional<StreamState> locked = jdbc.sql("""
                            SELECT last_position, last_sequence FROM publication_manifest_stream
                            WHERE stream = ? FOR UPDATE SKIP LOCKED""")
                    .param(stream.name())
                    .query((rs, n) -> new StreamState(rs.getLong(1), rs.getLong(2)))
                    .optional();
            if (locked.isEmpty()) {
                return 0;
            }
            StreamState state = locked.get();
            long bound = stream == PublicationManifest.Stream.CASE_EVENTS
                    ? storedCaseEventsSettledUpTo(state.lastPosition(), relayedCaseEventsUpTo())
                    : sentAccessEventsUpTo();
            int count = 0;
            while (count < MAX_MANIFESTS_PER_RUN && state.lastPosition() < bound) {
                List<Listed> listed = listed(stream, state.lastPosition(), bound);
                if (listed.isEmpty()) {
                    // nothing published in the range yet: the next manifest starts here all the same, so ranges stay contiguous
                    break;
                }
                long to = listed.size() == MAX_ITEMS ? listed.getLast().position() : bound;
                state = freeze(stream, state, to, listed);
                count++;
            }
            if (count > 0) {
                jdbc.sql("UPDATE publication_manifest_stream SET last_position = ?, last_sequence = ? WHERE stream = ?")
                        .params(state.lastPosition(), state.lastSequence(), stream.name())
                        .update();
            }
            return count;
        });
        return made == null ? 0 : made;
    }

    /** @return how many manifests this call sent */
    public int sendPending(PublicationManifest.Stream stream) {
        int sent = 0;
        while (Boolean.TRUE.equals(transactions.execute(status -> sendNext(stream)))) {
            sent++;
        }
        return sent;
    }

    private StreamState freeze(PublicationManifest.Stream stream, StreamState state, long to, List<Listed> listed) {
        long sequence = state.lastSequence() + 1;
        Instant now = clock.instant();
        PublicationManifest manifest = new PublicationManifest(UUID.randomUUID(), stream, sequence, state.lastPosition() + 1, to,
                listed.stream().map(l -> new PublicationManifest.Item(l.eventId(), l.caseId())).toList(), now);
        CloudEvent event = codec.wrap(manifest.manifestId(), now, manifest);
        List<String> violations = ContractSchemas.producerViolations(event.type(), event.data());
        if (!violations.isEmpty()) {
            throw new IllegalStateException("publication manifest " + stream + " #" + sequence + " breaks its contract in "
                    + violations.size() + " place(s)");
        }
        jdbc.sql("""
                        INSERT INTO publication_manifest (stream, sequence, manifest_id, from_position, to_position, item_count,
                                                          cloud_event, issued_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(stream.name(), sequence, manifest.manifestId(), manifest.fromPosition(), to, listed.size(),
                        CloudEventCodec.toBytes(event), java.sql.Timestamp.from(now))
                .update();
        log.info("Publication manifest {} #{} lists {} event(s) of positions {}..{}", stream, sequence, listed.size(),
                manifest.fromPosition(), to);
        return new StreamState(to, sequence);
    }

    private boolean sendNext(PublicationManifest.Stream stream) {
        boolean ours = jdbc.sql("SELECT 1 FROM publication_manifest_stream WHERE stream = ? FOR UPDATE SKIP LOCKED")
                .param(stream.name()).query(Integer.class).optional().isPresent();
        if (!ours) {
            return false;
        }
        record Pending(long sequence, byte[] cloudEvent) {
        }
        Optional<Pending> next = jdbc.sql("""
                        SELECT sequence, cloud_event FROM publication_manifest
                        WHERE stream = ? AND published_at IS NULL ORDER BY sequence LIMIT 1""")
                .param(stream.name())
                .query((rs, n) -> new Pending(rs.getLong(1), rs.getBytes(2)))
                .optional();
        if (next.isEmpty()) {
            return false;
        }
        try {
            publisher.publish(Topics.CASE_EVENTS, CloudEventCodec.fromBytes(next.get().cloudEvent())).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending a publication manifest", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Kafka did not acknowledge publication manifest " + stream + " #" + next.get().sequence(), e);
        }
        jdbc.sql("UPDATE publication_manifest SET published_at = now() WHERE stream = ? AND sequence = ?")
                .params(stream.name(), next.get().sequence())
                .update();
        return true;
    }

    private List<Listed> listed(PublicationManifest.Stream stream, long after, long upTo) {
        if (stream != PublicationManifest.Stream.CASE_EVENTS) {
            return accessEvents(after, upTo);
        }
        // only the rows whose seal checks: one written with the runtime role's credentials is as good as none
        RelayedEvents.Range range = relayedEvents.between(after, upTo, MAX_ITEMS);
        List<Listed> relayed = range.sealed().stream()
                .map(row -> new Listed(row.position(), row.eventId(), row.caseId())).toList();
        // what the store holds, not only what the relay says it handled: events its token was moved past are listed too,
        // and those at a position whose row fails its seal
        long checkedUpTo = range.read() == MAX_ITEMS ? range.lastRead() : upTo;
        List<Listed> notRelayed = notRelayed(after, checkedUpTo, range.forgedPositions());
        if (notRelayed.isEmpty()) {
            return relayed;
        }
        return Stream.concat(relayed.stream(), notRelayed.stream())
                .sorted(Comparator.comparingLong(Listed::position))
                .limit(MAX_ITEMS)
                .toList();
    }

    /**
     * The events stored in the range that the relay publishes something for ({@link IntegrationEventMapper#publishes})
     * and that have no {@code relayed_integration_event} row, or only one whose seal fails ({@code forgedPositions}):
     * the relay's token went past them without the relay handling them (the runtime role may UPDATE
     * {@code token_entry}, and INSERT a row that says otherwise). Read from the store through the MAC check: a
     * forged row is the relay's to set aside and never listed. Each one found is reported ({@link UnrelayedEvents})
     * and listed, so the audit log shows it missing. At most {@value #MAX_ITEMS}: past the last one the manifest ends.
     */
    private List<Listed> notRelayed(long after, long upTo, List<Long> forgedPositions) {
        List<Listed> found = new ArrayList<>();
        long cursor = after;
        while (found.size() < MAX_ITEMS) {
            List<Long> positions = jdbc.sql("""
                            SELECT d.global_index FROM domain_event_entry d
                            WHERE d.global_index > ? AND d.global_index <= ?
                              AND (NOT EXISTS (SELECT 1 FROM relayed_integration_event r WHERE r.global_index = d.global_index)
                                   OR d.global_index = ANY(?::bigint[]))
                            ORDER BY d.global_index LIMIT ?""")
                    .params(cursor, upTo, forgedPositions.toArray(Long[]::new), MAX_ITEMS)
                    .query(Long.class)
                    .list();
            if (positions.isEmpty()) {
                break;
            }
            for (TrackedEventMessage<?> message : storedEvents.readAt(positions)) {
                if (expectedToBeRelayed(message) && message instanceof DomainEventMessage<?> domainEvent) {
                    long position = message.trackingToken().position().orElseThrow();
                    UUID eventId = ForgedStoredEvent.eventIdOf(domainEvent.getIdentifier());
                    UUID caseId = ForgedStoredEvent.uuid(domainEvent.getAggregateIdentifier()).orElse(null);
                    unrelayed.report(position, eventId, domainEvent.getPayloadType().getSimpleName(), caseId);
                    found.add(new Listed(position, eventId, caseId));
                }
            }
            cursor = positions.getLast();
        }
        return found;
    }

    /** An authentic case event the relay maps to an integration event; one that cannot even be read counts too. */
    private static boolean expectedToBeRelayed(TrackedEventMessage<?> message) {
        if (ForgedStoredEvent.class.equals(message.getPayloadType())) {
            return false;
        }
        try {
            return message.getPayload() instanceof CaseEvent event && IntegrationEventMapper.publishes(event);
        } catch (RuntimeException unreadable) {
            // the relay cannot have published what cannot be read either
            return CaseEvent.class.isAssignableFrom(message.getPayloadType());
        }
    }

    private List<Listed> accessEvents(long after, long upTo) {
        // the case an access event is about is in its data (its key is the actor when it is about no case)
        String sql = """
                SELECT position, event_id, (convert_from(cloud_event, 'UTF8')::jsonb #>> '{data,caseId}')::uuid
                FROM access_outbox WHERE position > ? AND position <= ? ORDER BY position LIMIT ?""";
        return jdbc.sql(sql).params(after, upTo, MAX_ITEMS)
                .query((rs, n) -> new Listed(rs.getLong(1), rs.getObject(2, UUID.class), rs.getObject(3, UUID.class)))
                .list();
    }

    /** The access outbox position below which every row that can still appear has been sent (or set aside). */
    private long sentAccessEventsUpTo() {
        return jdbc.sql("""
                        SELECT least(
                            coalesce((SELECT min(position) - 1 FROM access_outbox
                                      WHERE published_at IS NULL AND dead_lettered_at IS NULL), 9223372036854775807),
                            coalesce((SELECT max(position) FROM access_outbox
                                      WHERE created_at <= now() - make_interval(secs => ?)), 0))""")
                .param(properties.accessSettleTime().toMillis() / 1000.0)
                .query(Long.class)
                .single();
    }

    /**
     * The event-store position up to which the relay has committed every event: the lowest of its segments' tokens,
     * each below its first gap (an event still being committed there will be relayed later).
     */
    private long relayedCaseEventsUpTo() {
        record Stored(byte[] token, String type) {
        }
        List<Stored> tokens = jdbc.sql("SELECT token, token_type FROM token_entry WHERE processor_name = ?")
                .param(IntegrationEventRelay.PROCESSING_GROUP)
                .query((rs, n) -> new Stored(rs.getBytes(1), rs.getString(2)))
                .list();
        if (tokens.isEmpty()) {
            return 0;
        }
        long upTo = Long.MAX_VALUE;
        for (Stored stored : tokens) {
            TrackingToken token = stored.token() == null ? null
                    : tokenSerializer.deserialize(new SimpleSerializedObject<>(stored.token(), byte[].class, stored.type(), null));
            upTo = Math.min(upTo, committedUpTo(token, this::firstAwaitedHole));
        }
        return upTo;
    }

    /**
     * The event-store position below which the store itself can change no more: the last event before the first hole
     * after {@code after} that a command still running may fill (the event after the hole is younger than the gap
     * timeout, as for {@link #firstAwaitedHole}), else the last event stored. A range is closed, and checked for events
     * the relay never handled, only up to here, whatever the relay's token says: a token moved ahead by someone
     * would otherwise close ranges over positions whose events are not committed yet, and those would be missed.
     * A time stamp that is no instant (only a forger's) counts as old, so it cannot hold the manifests back. Only the
     * rows up to the first one past {@code relayedUpTo} are read (the range the manifest may cover).
     *
     * @return the lower of that position and {@code relayedUpTo}
     */
    private long storedCaseEventsSettledUpTo(long after, long relayedUpTo) {
        if (relayedUpTo <= after) {
            return relayedUpTo;
        }
        long settled = jdbc.sql("""
                        WITH stored AS (
                            SELECT global_index, time_stamp,
                                   lag(global_index, 1, CAST(? AS bigint)) OVER (ORDER BY global_index) AS previous
                            FROM domain_event_entry
                            WHERE global_index > ?
                              AND global_index <= coalesce((SELECT min(global_index) FROM domain_event_entry
                                                            WHERE global_index > ?), 9223372036854775807))
                        SELECT coalesce(
                            (SELECT previous FROM stored
                             WHERE global_index > previous + 1
                               AND coalesce(CASE WHEN time_stamp ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+Z$'
                                                 THEN time_stamp::timestamptz END
                                            >= now() - make_interval(secs => ?), false)
                             ORDER BY global_index LIMIT 1),
                            (SELECT max(global_index) FROM stored),
                            ?)""")
                .params(after, after, relayedUpTo, gapTimeout.toMillis() / 1000.0, after)
                .query(Long.class)
                .single();
        return Math.min(settled, relayedUpTo);
    }

    /**
     * The relay's token keeps a hole until it reads the next event after the gap timeout; in a quiet hour that can be
     * long after the hole expired. A hole no event can fill any more (empty, and the event after it older than the gap
     * timeout: every command's transaction has ended by then, {@link EventStoreProperties}) does not hold the
     * manifests back; one that is filled but not yet read by the relay, or still young, does.
     */
    private long firstAwaitedHole(SortedSet<Long> holes) {
        return jdbc.sql("""
                        SELECT hole FROM unnest(?::bigint[]) AS hole
                        WHERE EXISTS (SELECT 1 FROM domain_event_entry WHERE global_index = hole)
                           OR NOT coalesce((SELECT time_stamp::timestamptz < now() - make_interval(secs => ?)
                                            FROM domain_event_entry WHERE global_index > hole
                                            ORDER BY global_index LIMIT 1), false)
                        ORDER BY hole LIMIT 1""")
                .params(holes.toArray(Long[]::new), gapTimeout.toMillis() / 1000.0)
                .query(Long.class)
                .optional()
                .orElse(Long.MAX_VALUE);
    }

    /**
     * @param firstAwaited of a token's holes (never empty), the lowest one an event may still fill; any position above
     *                     the token's when none may
     */
    static long committedUpTo(TrackingToken token, ToLongFunction<SortedSet<Long>> firstAwaited) {
        return switch (token) {
            case null -> 0;
            case GapAwareTrackingToken gapAware -> gapAware.getGaps().isEmpty() ? gapAware.getIndex()
                    : Math.min(gapAware.getIndex(), firstAwaited.applyAsLong(gapAware.getGaps()) - 1);
            // a replay re-sends what was relayed before the reset; everything up to the reset point is relayed already
            case ReplayToken replay -> Math.max(committedUpTo(replay.getTokenAtReset(), firstAwaited),
                    committedUpTo(replay.getCurrentToken(), firstAwaited));
            case MergedTrackingToken merged -> Math.min(committedUpTo(merged.lowerSegmentToken(), firstAwaited),
                    committedUpTo(merged.upperSegmentToken(), firstAwaited));
            default -> throw new IllegalStateException("the relay's token is a " + token.getClass().getSimpleName()
                    + ", which the publication manifests cannot read");
        };
    }
}
