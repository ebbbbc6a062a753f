package se.samverkan.notification.inbox;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import se.samverkan.notification.config.NotificationProperties;
import se.samverkan.notification.directory.SuspendedUsersRefused;
import se.samverkan.notification.directory.UnitDirectory;
import se.samverkan.notification.routing.UnitAudience;
import se.samverkan.notification.unitinbox.UnitInbox;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;

/** The open SSE connections of this instance, by user; an item is only ever written to its recipient's connections. */
@Component
public class InboxStream implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(InboxStream.class);

    private final Map<String, Set<SseEmitter>> byUser = new ConcurrentHashMap<>();
    private final Map<String, Set<SseEmitter>> byUnit = new ConcurrentHashMap<>();
    private volatile boolean running;
    private final Inbox inbox;
    private final UnitInbox unitInbox;
    private final NotificationProperties properties;
    private final Clock clock;
    private final UnitDirectory directory;

    public InboxStream(Inbox inbox, UnitInbox unitInbox, NotificationProperties properties, Clock clock, UnitDirectory directory) {
        this.inbox = inbox;
        this.unitInbox = unitInbox;
        this.properties = properties;
        this.clock = clock;
        this.directory = directory;
    }

    static final int MAX_REPLAY = 100;
    /**
     * Open streams one user may hold on this instance (browser tabs, a phone); each is a connection and memory held
     * for the stream's whole timeout, so a valid token must not be enough to hold thousands. A new stream beyond the
     * limit ends the user's oldest one, which a live client would not miss (it reconnects with Last-Event-ID).
     */
    public static final int MAX_STREAMS_PER_USER = 5;

    /**
     * @param unit     the unit queue the caller works on, if any: its new items come on the same stream
     * @param lastSeen the SSE Last-Event-ID of a reconnecting client: the items after it are replayed first
     * @param until    when the token the stream was opened with expires (null: none known); the stream ends then at
     *                 the latest, as the token authorised it for that long and no longer
     */
    SseEmitter subscribe(String userId, Optional<UnitAudience> unit, UUID lastSeen, Instant until) {
        SseEmitter emitter = new SseEmitter(lifetime(until).toMillis());
        Set<SseEmitter> own = byUser.computeIfAbsent(userId, id -> new CopyOnWriteArraySet<>());
        own.add(emitter);
        // insertion order: the first is the oldest
        own.stream().limit(Math.max(0, own.size() - MAX_STREAMS_PER_USER)).toList().forEach(oldest -> {
            forget(userId, oldest);
            oldest.complete();
        });
        unit.ifPresent(audience -> byUnit.computeIfAbsent(audience.key(), key -> new CopyOnWriteArraySet<>()).add(emitter));
        Runnable remove = () -> {
            forget(userId, emitter);
            unit.ifPresent(audience -> forget(byUnit, audience.key(), emitter));
        };
        emitter.onCompletion(remove);
        emitter.onTimeout(remove);
        emitter.onError(error -> remove.run());
        // tells the client (and tests) that the subscription is live before any item arrives
        send(userId, emitter, SseEmitter.event().name("ready").data("{}", MediaType.APPLICATION_JSON));
        if (lastSeen != null) {
            // registered before the replay, so an item committed meanwhile may come twice (same id) but is never lost
            inbox.after(userId, lastSeen, MAX_REPLAY).forEach(item -> send(userId, emitter, itemEvent(item)));
        }
        return emitter;
    }

    /** The stream timeout, or less when the token runs out before it (at least a millisecond: already past). */
    private Duration lifetime(Instant until) {
        Duration timeout = properties.streamTimeout();
        if (until == null) {
            return timeout;
        }
        Duration left = Duration.between(clock.instant(), until);
        return left.compareTo(timeout) < 0 ? (left.isNegative() || left.isZero() ? Duration.ofMillis(1) : left) : timeout;
    }

    public boolean hasSubscribers(String userId) {
        Set<SseEmitter> emitters = byUser.get(userId);
        return emitters != null && !emitters.isEmpty();
    }

    /** Pushes a new item to the recipient's open connections on this instance, loading it scoped to them. */
    public void publish(String userId, UUID notificationId) {
        if (!hasSubscribers(userId)) {
            return;
        }
        inbox.find(userId, notificationId).ifPresent(item -> byUser.getOrDefault(userId, Set.of()).forEach(emitter ->
                send(userId, emitter, itemEvent(item))));
    }

    /**
     * Pushes a new unit item to the open connections of the unit's members on this instance. It goes without an SSE
     * id, so a client's Last-Event-ID keeps naming its last personal item; after a reconnect
     * {@code GET /api/inbox/unit?unclaimed=true} shows the unit's open items.
     */
    public void publishUnit(String audienceKey, UUID itemId) {
        Set<SseEmitter> emitters = byUnit.get(audienceKey);
        if (emitters == null || emitters.isEmpty()) {
            return;
        }
        unitInbox.find(audienceKey, itemId).ifPresent(item -> emitters.forEach(emitter -> {
            try {
                emitter.send(SseEmitter.event().name("unit-notification").data(item, MediaType.APPLICATION_JSON));
            } catch (IOException | IllegalStateException e) {
                log.debug("Dropping a closed stream connection: {}", e.getClass().getSimpleName());
                forget(byUnit, audienceKey, emitter);
            }
        }));
    }

    private static SseEmitter.SseEventBuilder itemEvent(InboxItem item) {
        return SseEmitter.event().id(item.id().toString()).name("notification").data(item, MediaType.APPLICATION_JSON);
    }

    /**
     * Keeps idle connections open through proxies that close silent ones, and ends the streams of users suspended
     * meanwhile whose announcement this instance missed (its listening connection was down at the time).
     */
    public void heartbeat() {
        try {
            directory.suspendedAmong(Set.copyOf(byUser.keySet())).forEach(this::endSuspended);
        } catch (RuntimeException e) {
            // the database is away: the keep-alives still go, and the next heartbeat looks again
            log.warn("Could not check the live streams' users for suspensions ({})", e.getClass().getSimpleName());
        }
        byUser.forEach((userId, emitters) -> emitters.forEach(emitter -> send(userId, emitter, SseEmitter.event().comment("keep-alive"))));
    }

    /**
     * Ends every stream of a user an administrator suspended: from then on this service gives her nothing, and her
     * unit's queue kept coming to her live until her token ran out. The last event says why, so that the client does
     * not reconnect in a loop (a new stream is refused with the same problem).
     */
    public void endSuspended(String userId) {
        Set<SseEmitter> emitters = byUser.remove(userId);
        if (emitters == null) {
            return;
        }
        emitters.forEach(emitter -> {
            byUnit.values().forEach(unitEmitters -> unitEmitters.remove(emitter));
            try {
                emitter.send(SseEmitter.event().name("suspended").data(java.util.Map.of("code", "user-suspended",
                        "detail", SuspendedUsersRefused.DETAIL), MediaType.APPLICATION_JSON));
            } catch (IOException | IllegalStateException e) {
                log.debug("Dropping a closed stream connection: {}", e.getClass().getSimpleName());
            }
            emitter.complete();
        });
        byUnit.entrySet().removeIf(entry -> entry.getValue().isEmpty());
        log.info("Ended {} live stream(s) of a suspended user", emitters.size());
    }

    @Override
    public void start() {
        running = true;
    }

    /**
     * Ends every stream before the web server's graceful shutdown begins: an open stream never finishes by itself, so
     * it would hold the shutdown for its whole timeout. Clients reconnect (to another instance) with Last-Event-ID.
     */
    @Override
    public void stop() {
        running = false;
        byUser.values().forEach(emitters -> emitters.forEach(SseEmitter::complete));
        byUser.clear();
        byUnit.clear();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return Integer.MAX_VALUE;
    }

    private void send(String userId, SseEmitter emitter, SseEmitter.SseEventBuilder event) {
        try {
            emitter.send(event);
        } catch (IOException | IllegalStateException e) {
            log.debug("Dropping a closed stream connection: {}", e.getClass().getSimpleName());
            forget(userId, emitter);
        }
    }

    private void forget(String userId, SseEmitter emitter) {
        forget(byUser, userId, emitter);
        byUnit.values().forEach(emitters -> emitters.remove(emitter));
    }

    private static void forget(Map<String, Set<SseEmitter>> registry, String key, SseEmitter emitter) {
        registry.computeIfPresent(key, (id, emitters) -> {
            emitters.remove(emitter);
            return emitters.isEmpty() ? null : emitters;
        });
    }
}
