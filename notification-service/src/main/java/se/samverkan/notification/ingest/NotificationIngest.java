package se.samverkan.notification.ingest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import se.samverkan.contracts.CloudEvent;
import se.samverkan.contracts.CloudEventCodec;
import se.samverkan.contracts.ContractSchemas;
import se.samverkan.contracts.EventTypes;
import se.samverkan.contracts.IntegrationEvent;
import se.samverkan.contracts.MalformedEventException;
import se.samverkan.contracts.access.AccessRecorded;
import se.samverkan.contracts.audit.CheckpointIssued;
import se.samverkan.contracts.reconciliation.PublicationManifest;
import se.samverkan.contracts.signing.EventVerifier;
import se.samverkan.contracts.signing.ForgedEventException;
import se.samverkan.notification.config.NotificationProperties;
import se.samverkan.notification.directory.UnitDirectory;
import se.samverkan.notification.inbox.Inbox;
import se.samverkan.notification.mail.MailOutbox;
import se.samverkan.notification.preferences.MailDelivery;
import se.samverkan.notification.preferences.MailPreferences;
import se.samverkan.notification.preferences.PreferencesRepository;
import se.samverkan.notification.routing.CaseRoutes;
import se.samverkan.notification.routing.NotificationKind;
import se.samverkan.notification.routing.NotificationPlanner;
import se.samverkan.notification.routing.PlannedNotification;
import se.samverkan.notification.routing.PlannedUnitNotification;
import se.samverkan.notification.unitinbox.UnitInbox;
import se.samverkan.notification.routing.RoutingLookup;
import se.samverkan.platform.kafka.ProcessedEvents;

import java.time.Clock;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Turns one integration event into notifications, but only after {@link EventVerifier} proved its producer: a record
 * that is unsigned, signed by a key this service does not trust, signed by another service than its {@code source}
 * names, of a type (or on a topic) its producer may not use, or whose bytes do not match the signature, touches
 * nothing here (not even the processed-event ledger) and is dead-lettered. A routine access event (no break-glass),
 * which would touch nothing here either, is dropped without that check ({@link RoutineAccess}). Everything a verified
 * event writes (the processed-event mark, the projection, the inbox items, their mail outbox rows and the stream
 * signal) commits together or not at all, so a redelivery after a crash either finds the mark and does nothing, or
 * finds nothing and does it all.
 */
@Service
public class NotificationIngest {

    public static final String CONSUMER = "notification-service";

    /** Notifications created, by kind and by whether a person or a unit's shared inbox got them; counted once committed. */
    public static final String CREATED = "samverkan.notifications.created";

    private static final Logger log = LoggerFactory.getLogger(NotificationIngest.class);

    private final EventVerifier verifier;
    private final TransactionTemplate transactions;
    private final ProcessedEvents processedEvents;
    private final NotificationPlanner planner = new NotificationPlanner();
    private final RoutingLookup lookup;
    private final CaseRoutes caseRoutes;
    private final Inbox inbox;
    private final UnitInbox unitInbox;
    private final PreferencesRepository preferences;
    private final UnitDirectory directory;
    private final MailOutbox outbox;
    private final NotificationProperties properties;
    private final Clock clock;
    private final MeterRegistry meters;

    public NotificationIngest(EventVerifier verifier, TransactionTemplate transactions, ProcessedEvents processedEvents, RoutingLookup lookup, CaseRoutes caseRoutes, Inbox inbox, UnitInbox unitInbox,
                              PreferencesRepository preferences, UnitDirectory directory, MailOutbox outbox,
                              NotificationProperties properties, Clock clock, MeterRegistry meters) {
        this.verifier = verifier;
        this.transactions = transactions;
        this.processedEvents = processedEvents;
        this.lookup = lookup;
        this.caseRoutes = caseRoutes;
        this.inbox = inbox;
        this.unitInbox = unitInbox;
        this.preferences = preferences;
        this.directory = directory;
        this.outbox = outbox;
        this.properties = properties;
        this.clock = clock;
        this.meters = meters;
    }

    /**
     * @param topic the topic the record was read from (a producer may use only its own topics)
     * @param value the record value exactly as it was read: the signature covers these bytes
     * @return how many notifications (personal and unit items) were created (0 for a repeat or an event nobody needs to hear about)
     * @throws ForgedEventException    when the producer cannot be proven; nothing has been written
     * @throws MalformedEventException when the record cannot be understood; it goes to the dead-letter topic
     */
    public int accept(String topic, byte[] value) {
        return acceptAll(List.of(read(topic, value)));
    }

    /**
     * Everything a record may be judged on without the database: its producer proven, its type and data understood;
     * or, for a routine access event, that nothing here would be done with it ({@link RoutineAccess}: not verified).
     * Called before any transaction opens, so a forged or unreadable record never waits for (or touches) the database.
     *
     * @throws ForgedEventException    when the producer cannot be proven
     * @throws MalformedEventException when the record cannot be understood
     */
    public Judged read(String topic, byte[] value) {
        if (RoutineAccess.isRoutine(topic, value)) {
            return Judged.ROUTINE_ACCESS;
        }
        CloudEvent event = verifier.verify(topic, value).event();
        Optional<EventTypes.Entry> entry = EventTypes.byType(event.type());
        if (entry.isEmpty()) {
            // a type added after this build (new types are additive); not ours to judge, and not poison
            log.debug("Ignoring event {} of unknown type {}", event.id(), event.type());
            return new Judged(event, null);
        }
        if (event.data() == null) {
            throw new MalformedEventException("event " + event.id() + " of type " + event.type() + " has no data");
        }
        List<String> violations = ContractSchemas.violations(event.type(), event.data());
        if (!violations.isEmpty()) {
            // the violations may quote values, so they are not part of the message
            throw new MalformedEventException("data of event " + event.id() + " violates the " + event.type() + " schema in "
                    + violations.size() + " place(s)");
        }
        IntegrationEvent data = CloudEventCodec.dataAs(event, entry.get().javaType());
        return new Judged(event, nothingToDo(data) ? null : data);
    }

    /**
     * Applies judged events in one transaction, in order: all of them or none. A repeat within the list or of an
     * earlier delivery finds its processed-event mark and does nothing.
     *
     * @return how many notifications were created
     */
    public int acceptAll(List<Judged> events) {
        if (events.stream().allMatch(Judged::nothingToDo)) {
            return 0;
        }
        List<Created> created = transactions.execute(status -> {
            List<Created> all = new ArrayList<>();
            for (Judged event : events) {
                if (!event.nothingToDo()) {
                    all.addAll(apply(event.event(), event.data()));
                }
            }
            return all;
        });
        if (created == null) {
            return 0;
        }
        created.forEach(item -> counter(item).increment());
        return created.size();
    }

    private Counter counter(Created item) {
        return Counter.builder(CREATED).description("Notifications created, once their transaction committed")
                .tag("kind", item.kind().name()).tag("audience", item.audience()).register(meters);
    }

    private record Created(NotificationKind kind, String audience) {
    }

    /**
     * A record judged before any transaction: its producer proven and its data understood, {@code data} null when
     * nobody needs to hear of it; or {@link #ROUTINE_ACCESS}, a record not even verified because nothing is done with it.
     */
    public record Judged(CloudEvent event, IntegrationEvent data) {

        static final Judged ROUTINE_ACCESS = new Judged(null, null);

        boolean nothingToDo() {
            return data == null;
        }
    }

    private List<Created> apply(CloudEvent event, IntegrationEvent data) {
        UUID eventId = event.eventId();
        if (!processedEvents.firstDelivery(CONSUMER, eventId)) {
            log.debug("Event {} was processed before; skipping", eventId);
            return List.of();
        }
        List<PlannedNotification> planned = planner.plan(data, lookup);
        List<PlannedUnitNotification> forUnits = planner.planForUnits(data, lookup);
        caseRoutes.apply(data);
        List<Created> created = new ArrayList<>();
        for (PlannedNotification notification : planned) {
            Optional<UUID> id = inbox.add(notification, eventId);
            if (id.isPresent()) {
                created.add(new Created(notification.kind(), "person"));
                queueMail(id.get(), notification);
            }
        }
        for (PlannedUnitNotification unitNotification : forUnits) {
            if (unitInbox.add(unitNotification, eventId).isPresent()) {
                created.add(new Created(unitNotification.kind(), "unit"));
            }
        }
        // one line per event would be most of this service's log under load; the counter is what an operator reads
        log.debug("Event {} ({}) gave {} notification(s)", eventId, event.type(), created.size());
        return created;
    }

    private static boolean nothingToDo(IntegrationEvent data) {
        // every read of case data is an access event; remembering each one would grow the ledger for nothing (and
        // RoutineAccess drops such a record before it is even verified: the same rule on the raw bytes). A
        // publication manifest is case-service's account for the audit log's reconciliation, nobody's news
        return data instanceof AccessRecorded access && !access.breakGlass() || data instanceof CheckpointIssued
                || data instanceof se.samverkan.contracts.audit.CheckpointCosigned || data instanceof PublicationManifest;
    }

    private void queueMail(UUID notificationId, PlannedNotification notification) {
        if (!properties.mail().enabled()) {
            return;
        }
        MailPreferences wanted = preferences.of(notification.recipientUserId());
        if (!wanted.wantsMail(notification.kind())) {
            return;
        }
        directory.activeEmail(notification.recipientUserId()).ifPresent(email -> outbox.enqueue(notificationId,
                notification.recipientUserId(), email, wanted.delivery(), notBefore(wanted.delivery())));
    }

    private Instant notBefore(MailDelivery delivery) {
        Instant now = clock.instant();
        if (delivery == MailDelivery.IMMEDIATE) {
            return now;
        }
        ZonedDateTime local = now.atZone(properties.mail().zone());
        ZonedDateTime today = local.with(properties.mail().digestTime());
        return (today.isAfter(local) ? today : today.plusDays(1)).toInstant();
    }
}
