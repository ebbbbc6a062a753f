package se.samverkan.notification;

import org.junit.jupiter.api.Test;
import se.samverkan.platform.identity.Role;
import se.samverkan.contracts.Agency;
import se.samverkan.contracts.CaseOrigin;
import se.samverkan.contracts.DataCategory;
import se.samverkan.contracts.LegalBasis;
import se.samverkan.contracts.ProtectedIdentity;
import se.samverkan.contracts.cases.CaseOpened;
import se.samverkan.contracts.cases.ReferralSent;
import se.samverkan.platform.test.TestIdentityProvider;
import se.samverkan.platform.test.TestUser;
import tools.jackson.databind.JsonNode;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class StreamIT extends NotificationServiceIT {

    @Test
    void theStreamDeliversANewItemToItsRecipientOnly() throws Exception {
        Staff staff = newStaff();
        try (Subscription worker = subscribe(staff.socialWorker()); Subscription police = subscribe(staff.police())) {
            worker.awaitEvent("ready");
            police.awaitEvent("ready");
            UUID caseId = UUID.randomUUID();
            UUID referralId = UUID.randomUUID();

            publish(new CaseOpened(staff.caseRef(caseId, ProtectedIdentity.NONE), staff.actor(staff.socialWorker()), Instant.now(),
                    CaseOrigin.SOCIAL_SERVICES, "INTAKE", List.of(staff.socialWorker().id())));
            publish(new ReferralSent(staff.caseRef(caseId, ProtectedIdentity.NONE), staff.actor(staff.socialWorker()), Instant.now(),
                    referralId, staff.policeUnit(), LegalBasis.CONSENT, UUID.randomUUID(), List.of(DataCategory.IDENTITY), null));

            JsonNode workersItem = worker.awaitEvent("notification");
            assertThat(workersItem.path("kind").asString()).isEqualTo("CASE_OPENED");
            assertThat(workersItem.path("caseId").asString()).isEqualTo(caseId.toString());
            // the police liaison's first item is their referral: the case-opened item was never written to their stream
            JsonNode policeItem = police.awaitEvent("notification");
            assertThat(policeItem.path("kind").asString()).isEqualTo("REFERRAL_RECEIVED");
            assertThat(policeItem.path("referralId").asString()).isEqualTo(referralId.toString());
            assertThat(worker.receivedEvents()).doesNotContain("REFERRAL_RECEIVED");
        }
    }

    @Test
    void unitItemsReachTheUnitsMembersOnTheirStreamAndNobodyElse() throws Exception {
        Staff staff = newStaff();
        TestUser colleague = person("police2", Role.POLICE_LIAISON, Agency.POLICE, staff.municipality(), staff.policeUnit());
        TestUser elsewhere = person("police3", Role.POLICE_LIAISON, Agency.POLICE, staff.municipality(), "polisen-annan-" + UUID.randomUUID());
        try (Subscription member = subscribe(colleague); Subscription outsider = subscribe(elsewhere);
             Subscription referrer = subscribe(staff.socialWorker())) {
            member.awaitEvent("ready");
            outsider.awaitEvent("ready");
            referrer.awaitEvent("ready");
            UUID referralId = UUID.randomUUID();
            publish(new ReferralSent(staff.caseRef(UUID.randomUUID(), ProtectedIdentity.NONE), staff.actor(staff.socialWorker()),
                    Instant.now(), referralId, staff.policeUnit(), LegalBasis.CONSENT, UUID.randomUUID(), List.of(DataCategory.IDENTITY), null));

            JsonNode unitItem = member.awaitEvent("unit-notification");
            assertThat(unitItem.path("kind").asString()).isEqualTo("REFERRAL_RECEIVED");
            assertThat(unitItem.path("referralId").asString()).isEqualTo(referralId.toString());
            assertThat(unitItem.path("caseId").isNull()).isTrue();
            // the member's personal item for the same referral comes as well; once it is there the unit push was done
            member.awaitEvent("notification");
            assertThat(outsider.receivedEvents()).doesNotContain(referralId.toString());
            assertThat(referrer.receivedEvents()).doesNotContain(referralId.toString());
        }
    }

    @Test
    void aReconnectWithLastEventIdGetsWhatItMissed() throws Exception {
        Staff staff = newStaff();
        TestUser me = staff.socialWorker();
        UUID firstCase = UUID.randomUUID();
        String lastSeen;
        try (Subscription first = subscribe(me, null)) {
            first.awaitEvent("ready");
            publish(opened(staff, firstCase));
            lastSeen = first.awaitEvent("notification").path("id").asString();
        }
        UUID missedCase = UUID.randomUUID();
        publish(opened(staff, missedCase));
        await().atMost(PATIENCE).until(() -> inbox(me, "?caseId=" + missedCase).path("totalItems").asLong() == 1);

        try (Subscription again = subscribe(me, lastSeen)) {
            JsonNode replayed = again.awaitEvent("notification");
            assertThat(replayed.path("caseId").asString()).isEqualTo(missedCase.toString());
        }

        HttpResponse<String> garbage = send(request("/api/inbox/stream", me).header("Accept", "text/event-stream")
                .header("Last-Event-ID", "yesterday").GET());
        assertThat(garbage.statusCode()).isEqualTo(400);
        assertThat(garbage.body()).contains("Last-Event-ID");
    }

    @Test
    void theStreamNeedsAValidToken() {
        HttpResponse<String> anonymous = send(request("/api/inbox/stream", null).header("Accept", "text/event-stream").GET());
        assertThat(anonymous.statusCode()).isEqualTo(401);
        HttpResponse<String> expired = send(request("/api/inbox/stream", null).header("Accept", "text/event-stream")
                .header("Authorization", "Bearer " + TestIdentityProvider.instance().expiredToken(TestUser.SOCIAL_WORKER))
                .GET());
        assertThat(expired.statusCode()).isEqualTo(401);
    }

    /**
     * A stream is authorised once, by the token it was opened with, and used to outlive it by up to the stream timeout
     * (30 min): a liaison disabled in Keycloak, or moved to another unit, kept receiving her old unit's referrals live
     * on a stream opened just before. The server now ends a stream when its token expires; the client reconnects with
     * a fresh token (and Last-Event-ID), which says who she is and where she works now.
     */
    @Test
    void aStreamEndsWhenTheTokenItWasOpenedWithExpires() throws Exception {
        Staff staff = newStaff();
        TestUser liaison = staff.police();
        String shortLived = TestIdentityProvider.instance().token(liaison,
                claims -> claims.expirationTime(java.util.Date.from(Instant.now().plusSeconds(3))));
        try (Subscription stream = subscribe(request("/api/inbox/stream", null).header("Authorization", "Bearer " + shortLived));
             Subscription fresh = subscribe(liaison)) {
            stream.awaitEvent("ready");
            fresh.awaitEvent("ready");
            assertThat(stream.awaitEnd()).as("ended by the server once its token expired").isTrue();

            UUID referralId = UUID.randomUUID();
            publish(new ReferralSent(staff.caseRef(UUID.randomUUID(), ProtectedIdentity.NONE), staff.actor(staff.socialWorker()),
                    Instant.now(), referralId, staff.policeUnit(), LegalBasis.CONSENT, UUID.randomUUID(), List.of(DataCategory.IDENTITY), null));
            assertThat(fresh.awaitEvent("unit-notification").path("referralId").asString()).isEqualTo(referralId.toString());
            assertThat(stream.receivedEvents()).doesNotContain(referralId.toString());
            assertThat(fresh.ended()).as("a stream whose token is still valid stays open").isFalse();
        }
    }

    /**
     * A suspension stops the live stream at once, not when the token runs out: a liaison suspended here kept her
     * unit's new referrals pushed to her for as long as the stream lived. Her stream ends (she is told why) and a new
     * one is refused.
     */
    @Test
    void aSuspendedUsersStreamEndsAndANewOneIsRefused() throws Exception {
        Staff staff = newStaff();
        TestUser liaison = staff.police();
        TestUser colleague = person("police2", Role.POLICE_LIAISON, Agency.POLICE, staff.municipality(), staff.policeUnit());
        try (Subscription suspended = subscribe(liaison); Subscription stays = subscribe(colleague)) {
            suspended.awaitEvent("ready");
            stays.awaitEvent("ready");

            directory.suspend(liaison.id(), TestUser.ADMINISTRATOR.id());

            assertThat(suspended.awaitEnd()).as("ended by the server once she was suspended").isTrue();
            assertThat(suspended.receivedEvents()).contains("user-suspended");
            UUID referralId = UUID.randomUUID();
            publish(new ReferralSent(staff.caseRef(UUID.randomUUID(), ProtectedIdentity.NONE), staff.actor(staff.socialWorker()),
                    Instant.now(), referralId, staff.policeUnit(), LegalBasis.CONSENT, UUID.randomUUID(), List.of(DataCategory.IDENTITY), null));
            assertThat(stays.awaitEvent("unit-notification").path("referralId").asString()).isEqualTo(referralId.toString());
            assertThat(suspended.receivedEvents()).doesNotContain(referralId.toString());
            assertThat(stays.ended()).isFalse();
        }
        HttpResponse<java.io.InputStream> again = http.sendAsync(request("/api/inbox/stream", liaison)
                .header("Accept", "text/event-stream").GET().build(), HttpResponse.BodyHandlers.ofInputStream()).get(20, TimeUnit.SECONDS);
        try (java.io.InputStream body = again.body()) {
            assertThat(again.statusCode()).as("a new stream").isEqualTo(403);
            assertThat(new String(body.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)).contains("user-suspended");
        }
    }

    private static CaseOpened opened(Staff staff, UUID caseId) {
        return new CaseOpened(staff.caseRef(caseId, ProtectedIdentity.NONE), staff.actor(staff.socialWorker()), Instant.now(),
                CaseOrigin.SOCIAL_SERVICES, "INTAKE", List.of(staff.socialWorker().id()));
    }

    /** An insider with a valid token cannot hold more than a few streams open: each new one beyond ends the oldest. */
    @Test
    void aUserHoldsAtMostAFewStreamsAndANewOneEndsTheOldest() throws Exception {
        TestUser me = newStaff().socialWorker();
        List<Subscription> streams = new ArrayList<>();
        try {
            for (int i = 0; i <= se.samverkan.notification.inbox.InboxStream.MAX_STREAMS_PER_USER; i++) {
                Subscription stream = subscribe(me);
                stream.awaitEvent("ready");
                streams.add(stream);
            }
            assertThat(streams.getFirst().awaitEnd()).as("the oldest stream is ended by the server").isTrue();
            for (Subscription open : streams.subList(1, streams.size())) {
                assertThat(open.ended()).isFalse();
            }
        } finally {
            streams.forEach(Subscription::close);
        }
    }

    private Subscription subscribe(TestUser user) throws Exception {
        return subscribe(user, null);
    }

    private Subscription subscribe(TestUser user, String lastEventId) throws Exception {
        HttpRequest.Builder builder = request("/api/inbox/stream", user);
        if (lastEventId != null) {
            builder.header("Last-Event-ID", lastEventId);
        }
        return subscribe(builder);
    }

    private Subscription subscribe(HttpRequest.Builder builder) throws Exception {
        HttpRequest request = builder.header("Accept", "text/event-stream").timeout(PATIENCE).GET().build();
        HttpResponse<Stream<String>> response = http.sendAsync(request, HttpResponse.BodyHandlers.ofLines()).get(20, TimeUnit.SECONDS);
        assertThat(response.statusCode()).isEqualTo(200);
        return new Subscription(response.body());
    }

    /** Reads SSE lines on its own thread and hands over complete events as "name\ndata". */
    private static final class Subscription implements AutoCloseable {
        private final BlockingQueue<String[]> events = new LinkedBlockingQueue<>();
        private final StringBuilder received = new StringBuilder();
        private final List<String[]> skipped = new ArrayList<>();
        private final Stream<String> lines;
        private final java.util.concurrent.CountDownLatch end = new java.util.concurrent.CountDownLatch(1);

        Subscription(Stream<String> lines) {
            this.lines = lines;
            Thread.ofVirtual().start(() -> {
                String[] current = new String[2];
                try {
                    for (String line : (Iterable<String>) lines::iterator) {
                        if (line.startsWith("event:")) {
                            current[0] = line.substring(6).trim();
                        } else if (line.startsWith("data:")) {
                            current[1] = line.substring(5).trim();
                        } else if (line.isEmpty() && current[0] != null) {
                            events.add(current);
                            current = new String[2];
                        }
                    }
                    end.countDown();
                } catch (RuntimeException closed) {
                    // the test closed the stream
                }
            });
        }

        /** The next event of that name; events of other names met on the way stay available to a later call. */
        JsonNode awaitEvent(String name) throws InterruptedException {
            for (var it = skipped.iterator(); it.hasNext(); ) {
                String[] event = it.next();
                if (name.equals(event[0])) {
                    it.remove();
                    return json(event[1]);
                }
            }
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            while (System.nanoTime() < deadline) {
                String[] event = events.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                if (event == null) {
                    break;
                }
                synchronized (received) {
                    received.append(event[1]).append('\n');
                }
                if (name.equals(event[0])) {
                    return json(event[1]);
                }
                skipped.add(event);
            }
            throw new AssertionError("no '" + name + "' event within " + PATIENCE);
        }

        /** Whether the server ended the stream within the test's patience. */
        boolean awaitEnd() throws InterruptedException {
            return end.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
        }

        boolean ended() {
            return end.getCount() == 0;
        }

        String receivedEvents() {
            List<String[]> rest = new ArrayList<>();
            events.drainTo(rest);
            synchronized (received) {
                rest.forEach(event -> received.append(event[1]).append('\n'));
                return received.toString();
            }
        }

        @Override
        public void close() {
            lines.close();
        }
    }
}
