package se.samverkan.audit.it;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import se.samverkan.audit.log.Entries;
import se.samverkan.audit.log.PendingEntry;
import se.samverkan.audit.log.Sequencer;
import se.samverkan.contracts.AccessAction;
import se.samverkan.contracts.AccessOutcome;
import se.samverkan.contracts.ActorRef;
import se.samverkan.contracts.Agency;
import se.samverkan.contracts.CloudEvent;
import se.samverkan.contracts.Topics;
import se.samverkan.contracts.access.AccessRecorded;
import se.samverkan.platform.test.TestUser;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** One review item per meaningful occurrence, with every further event attached to it. */
class ReviewGroupingIT extends AuditServiceITBase {

    private static final ZoneId STOCKHOLM = ZoneId.of("Europe/Stockholm");
    // a Tuesday evening, the next evening, a Saturday morning and Good Friday morning
    private static final Instant TUESDAY_EVENING = at(2026, 11, 24, 21, 0);
    private static final Instant WEDNESDAY_EVENING = at(2026, 11, 25, 21, 0);
    private static final Instant SATURDAY_MORNING = at(2026, 11, 28, 10, 0);
    private static final Instant GOOD_FRIDAY = at(2026, 4, 3, 10, 0);
    private static final Instant TUESDAY_OFFICE_HOURS = at(2026, 11, 24, 10, 0);

    @Test
    void unusualHoursRaiseOneItemPerActorAndLocalDayWithEveryAccessAttached() {
        ActorRef actor = socialWorker(UUID.randomUUID().toString());
        List<CloudEvent> tuesday = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            tuesday.add(send(actor, access(actor, UUID.randomUUID(), true, false, AccessOutcome.ALLOWED, TUESDAY_EVENING.plusSeconds(60L * i))));
        }
        CloudEvent wednesday = send(actor, access(actor, UUID.randomUUID(), true, false, AccessOutcome.ALLOWED, WEDNESDAY_EVENING));
        CloudEvent saturday = send(actor, access(actor, UUID.randomUUID(), true, false, AccessOutcome.ALLOWED, SATURDAY_MORNING));
        CloudEvent holiday = send(actor, access(actor, UUID.randomUUID(), true, false, AccessOutcome.ALLOWED, GOOD_FRIDAY));
        CloudEvent office = send(actor, access(actor, UUID.randomUUID(), true, false, AccessOutcome.ALLOWED, TUESDAY_OFFICE_HOURS));
        // a redelivered record must neither raise nor attach anything twice
        sendRaw(Topics.ACCESS_EVENTS, actor.userId(), signed(tuesday.get(2)));
        await().atMost(Duration.ofSeconds(20)).until(() -> entriesWithEventId(office.id()) == 1);

        List<UUID> items = items(actor, "UNUSUAL_HOURS");
        assertThat(items).hasSize(4);
        assertThat(occurrences(items.getFirst())).containsExactlyElementsOf(tuesday.stream().map(CloudEvent::id).toList());
        assertThat(occurrences(items.get(1))).containsExactly(wednesday.id());
        assertThat(occurrences(items.get(2))).containsExactly(saturday.id());
        assertThat(occurrences(items.get(3))).containsExactly(holiday.id());
        assertThat(detail(items.get(2))).contains("weekend");
        assertThat(detail(items.get(3))).contains("Good Friday");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM review_item_occurrences WHERE source_event_id = ?::uuid",
                Long.class, office.id())).isZero();

        JsonNode item = json(get("/api/audit/review-items/" + items.getFirst(), TestUser.COMPLIANCE_OFFICER));
        assertThat(item.get("occurrenceCount").asLong()).isEqualTo(6);
        assertThat(item.get("sourceEventId").asString()).isEqualTo(tuesday.getFirst().id());
        assertThat(item.get("occurrences").findValuesAsString("eventId")).containsExactlyElementsOf(tuesday.stream().map(CloudEvent::id).toList());
        assertThat(item.get("lastOccurredAt").asString()).isEqualTo(TUESDAY_EVENING.plusSeconds(300).toString());

        // once decided, the item is closed: a later access the same evening opens a new one
        assertThat(post("/api/audit/review-items/" + items.getFirst() + "/decision", TestUser.COMPLIANCE_OFFICER,
                "{\"outcome\":\"JUSTIFIED\",\"comment\":\"On call that evening\"}").statusCode()).isEqualTo(200);
        CloudEvent later = send(actor, access(actor, UUID.randomUUID(), true, false, AccessOutcome.ALLOWED, TUESDAY_EVENING.plusSeconds(3600)));
        await().atMost(Duration.ofSeconds(20)).until(() -> entriesWithEventId(later.id()) == 1);
        List<UUID> afterDecision = items(actor, "UNUSUAL_HOURS");
        assertThat(afterDecision).hasSize(5);
        assertThat(occurrences(items.getFirst())).hasSize(6);
        assertThat(jdbc.queryForObject("SELECT source_event_id::text FROM review_items WHERE id = ?", String.class,
                afterDecision.getLast())).isEqualTo(later.id());

        JsonNode open = json(get("/api/audit/review-items?rule=UNUSUAL_HOURS&actorId=" + actor.userId(), TestUser.COMPLIANCE_OFFICER));
        assertThat(open.get("items").findValuesAsString("id")).containsExactlyInAnyOrderElementsOf(
                afterDecision.subList(1, 5).stream().map(UUID::toString).toList());
        JsonNode all = json(get("/api/audit/review-items?status=ALL&rule=UNUSUAL_HOURS&actorId=" + actor.userId(), TestUser.COMPLIANCE_OFFICER));
        assertThat(all.get("items").findValues("occurrenceCount").stream().mapToLong(JsonNode::asLong).sum()).isEqualTo(10);
        assertThat(get("/api/audit/review-items?rule=NO_SUCH_RULE", TestUser.COMPLIANCE_OFFICER).statusCode()).isEqualTo(400);
    }

    @Test
    void outsideTheTeamIsOneItemPerCaseAndDayWhileBreakGlassAndDeniedStayOnePerEvent() {
        ActorRef actor = socialWorker(UUID.randomUUID().toString());
        UUID firstCase = UUID.randomUUID();
        UUID secondCase = UUID.randomUUID();
        List<CloudEvent> first = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            first.add(send(actor, access(actor, firstCase, false, false, AccessOutcome.ALLOWED, TUESDAY_OFFICE_HOURS.plusSeconds(i))));
        }
        CloudEvent second = send(actor, access(actor, secondCase, false, false, AccessOutcome.ALLOWED, TUESDAY_OFFICE_HOURS.plusSeconds(10)));
        CloudEvent nextDay = send(actor, access(actor, firstCase, false, false, AccessOutcome.ALLOWED, TUESDAY_OFFICE_HOURS.plus(Duration.ofDays(1))));
        List<CloudEvent> breakGlass = List.of(
                send(actor, access(actor, firstCase, false, true, AccessOutcome.ALLOWED, TUESDAY_OFFICE_HOURS.plusSeconds(20))),
                send(actor, access(actor, firstCase, false, true, AccessOutcome.ALLOWED, TUESDAY_OFFICE_HOURS.plusSeconds(21))));
        List<CloudEvent> denied = List.of(
                send(actor, access(actor, secondCase, false, false, AccessOutcome.DENIED, TUESDAY_OFFICE_HOURS.plusSeconds(30))),
                send(actor, access(actor, secondCase, false, false, AccessOutcome.DENIED, TUESDAY_OFFICE_HOURS.plusSeconds(31))));
        await().atMost(Duration.ofSeconds(20)).until(() -> entriesWithEventId(denied.getLast().id()) == 1);

        List<UUID> outside = items(actor, "OUTSIDE_CASE_TEAM");
        assertThat(outside).hasSize(3);
        assertThat(occurrences(outside.getFirst())).containsExactlyElementsOf(first.stream().map(CloudEvent::id).toList());
        assertThat(occurrences(outside.get(1))).containsExactly(second.id());
        assertThat(occurrences(outside.get(2))).containsExactly(nextDay.id());
        assertThat(items(actor, "BREAK_GLASS")).hasSize(2);
        assertThat(items(actor, "DENIED_ATTEMPT")).hasSize(2);
        assertThat(items(actor, "UNUSUAL_HOURS")).isEmpty();
    }

    @Autowired
    Sequencer sequencer;

    /**
     * 20 subjects within the hour raise UNUSUAL_VOLUME at the 20th; a read 58 minutes later no longer reaches the
     * threshold in its own hour but joins the item, which is still open. All in one of the sequencer's transactions,
     * so the item it joins was raised by the same transaction.
     */
    @Test
    void aReadAfterTheBurstJoinsTheVolumeItemRaisedInTheSameTransaction() throws Exception {
        ActorRef actor = socialWorker(UUID.randomUUID().toString());
        List<CloudEvent> reads = burst(actor);
        CloudEvent after = wrap(access(actor, UUID.randomUUID(), true, false, AccessOutcome.ALLOWED, TUESDAY_OFFICE_HOURS.plus(Duration.ofMinutes(58))));
        List<CloudEvent> all = new ArrayList<>(reads);
        all.add(after);
        sequencer.submit(all.stream().map(ReviewGroupingIT::entry).toList()).get(30, TimeUnit.SECONDS);

        List<UUID> items = items(actor, "UNUSUAL_VOLUME");
        assertThat(items).hasSize(1);
        assertThat(occurrences(items.getFirst())).containsExactly(reads.getLast().id(), after.id());
    }

    /** The same, with the burst and the later read in transactions of their own. */
    @Test
    void aReadAfterTheBurstJoinsTheVolumeItemAnEarlierTransactionRaised() throws Exception {
        ActorRef actor = socialWorker(UUID.randomUUID().toString());
        List<CloudEvent> reads = burst(actor);
        sequencer.submit(reads.stream().map(ReviewGroupingIT::entry).toList()).get(30, TimeUnit.SECONDS);
        CloudEvent after = wrap(access(actor, UUID.randomUUID(), true, false, AccessOutcome.ALLOWED, TUESDAY_OFFICE_HOURS.plus(Duration.ofMinutes(58))));
        CloudEvent otherActor = wrap(access(socialWorker("calm-" + UUID.randomUUID()), UUID.randomUUID(), true, false, AccessOutcome.ALLOWED,
                TUESDAY_OFFICE_HOURS.plus(Duration.ofMinutes(58))));
        sequencer.submit(List.of(entry(otherActor), entry(after))).get(30, TimeUnit.SECONDS);

        List<UUID> items = items(actor, "UNUSUAL_VOLUME");
        assertThat(items).hasSize(1);
        assertThat(occurrences(items.getFirst())).containsExactly(reads.getLast().id(), after.id());
    }

    @Autowired
    se.samverkan.contracts.signing.EventSigner signer;

    /**
     * The rules read a group's open items once a transaction; a decision in that transaction closes its item for
     * the reads after it all the same: the read before the decision joins the item, the one after opens a new one.
     */
    @Test
    void aDecisionClosesTheItemForTheReadsAfterItInTheSameTransaction() throws Exception {
        ActorRef actor = socialWorker(UUID.randomUUID().toString());
        CloudEvent first = wrap(access(actor, UUID.randomUUID(), true, false, AccessOutcome.ALLOWED, TUESDAY_EVENING));
        sequencer.submit(List.of(entry(first))).get(30, TimeUnit.SECONDS);
        UUID item = items(actor, "UNUSUAL_HOURS").getFirst();

        CloudEvent before = wrap(access(actor, UUID.randomUUID(), true, false, AccessOutcome.ALLOWED, TUESDAY_EVENING.plusSeconds(60)));
        CloudEvent after = wrap(access(actor, UUID.randomUUID(), true, false, AccessOutcome.ALLOWED, TUESDAY_EVENING.plusSeconds(120)));
        ActorRef officer = actorRef(UUID.randomUUID().toString(), Agency.SOCIAL_SERVICES, TestUser.YOUTH_UNIT, "compliance-officer");
        var decision = Entries.object().put("reviewItemId", item.toString()).put("outcome", "JUSTIFIED");
        PendingEntry decided = Entries.internal(signer, UUID.randomUUID(), Entries.REVIEW_DECIDED, item.toString(), Instant.now(),
                officer, null, item, decision);
        sequencer.submit(List.of(entry(before), decided, entry(after))).get(30, TimeUnit.SECONDS);

        List<UUID> items = items(actor, "UNUSUAL_HOURS");
        assertThat(items).hasSize(2);
        assertThat(occurrences(items.getFirst())).containsExactly(first.id(), before.id());
        assertThat(occurrences(items.get(1))).containsExactly(after.id());
    }

    /**
     * Every weekend or evening access is an occurrence, so the table grows with the log and each index is paid on
     * every insert: only what the queue reads by and what keeps an occurrence once (its item and leaf) stays (V10
     * dropped one on the event id alone, read by nothing; V15 the uniqueness of rule and event, which let a row the
     * runtime role wrote ahead for an event to come drop the genuine occurrence: ReviewQueueIntegrityIT).
     */
    @Test
    void occurrencesKeepOnlyTheIndexesSomethingReadsOrThatKeepThemUnique() {
        assertThat(jdbc.queryForList("SELECT indexdef FROM pg_indexes WHERE tablename = 'review_item_occurrences'", String.class))
                .map(definition -> definition.substring(definition.indexOf(" USING ")))
                .containsExactly(" USING btree (review_item_id, source_leaf_index)");
    }

    /** 19 subjects in the first minute of an hour, the 20th at its end (TUESDAY_OFFICE_HOURS). */
    private static List<CloudEvent> burst(ActorRef actor) {
        List<CloudEvent> reads = new ArrayList<>();
        for (int i = 0; i < 19; i++) {
            reads.add(wrap(access(actor, UUID.randomUUID(), true, false, AccessOutcome.ALLOWED,
                    TUESDAY_OFFICE_HOURS.minus(Duration.ofMinutes(59)).plusSeconds(i))));
        }
        reads.add(wrap(access(actor, UUID.randomUUID(), true, false, AccessOutcome.ALLOWED, TUESDAY_OFFICE_HOURS)));
        return reads;
    }

    private static CloudEvent wrap(AccessRecorded event) {
        return CASE_SERVICE.wrap(UUID.randomUUID(), Instant.now(), event);
    }

    private static PendingEntry entry(CloudEvent envelope) {
        return Entries.fromRecord(Topics.ACCESS_EVENTS, signed(envelope));
    }

    private List<UUID> items(ActorRef actor, String rule) {
        return jdbc.queryForList("SELECT id FROM review_items WHERE actor_id = ? AND rule = ? ORDER BY source_leaf_index",
                UUID.class, actor.userId(), rule);
    }

    private List<String> occurrences(UUID item) {
        return jdbc.queryForList("SELECT source_event_id::text FROM review_item_occurrences WHERE review_item_id = ? ORDER BY source_leaf_index",
                String.class, item);
    }

    private String detail(UUID item) {
        return jdbc.queryForObject("SELECT detail FROM review_items WHERE id = ?", String.class, item);
    }

    /** Keyed by actor, so the events keep their order on one partition. */
    private CloudEvent send(ActorRef actor, AccessRecorded event) {
        CloudEvent envelope = CASE_SERVICE.wrap(UUID.randomUUID(), Instant.now(), event);
        sendRaw(Topics.ACCESS_EVENTS, actor.userId(), signed(envelope));
        return envelope;
    }

    private static ActorRef socialWorker(String userId) {
        return actorRef(userId, Agency.SOCIAL_SERVICES, TestUser.YOUTH_UNIT, "social-worker");
    }

    private static AccessRecorded access(ActorRef actor, UUID caseId, boolean onTeam, boolean breakGlass, AccessOutcome outcome, Instant at) {
        return new AccessRecorded(actor, caseId, UUID.randomUUID(), null, se.samverkan.contracts.Program.RAPID_INTERVENTION,
                TestUser.YOUTH_UNIT, AccessAction.READ, "read-case", List.of("CASE_SUMMARY"), breakGlass ? "acute risk" : "case work",
                null, onTeam, breakGlass, se.samverkan.contracts.ProtectedIdentity.NONE, outcome,
                outcome == AccessOutcome.DENIED ? "not on the referral" : null, at);
    }

    private static Instant at(int year, int month, int day, int hour, int minute) {
        return ZonedDateTime.of(year, month, day, hour, minute, 0, 0, STOCKHOLM).toInstant();
    }
}
