package se.samverkan.audit.it;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import io.micrometer.core.instrument.MeterRegistry;
import se.samverkan.audit.log.AuditProperties;
import se.samverkan.audit.log.Entries;
import se.samverkan.audit.log.Sequencer;
import se.samverkan.audit.review.OccurrenceKeyChange;
import se.samverkan.audit.review.OutboxPublisher;
import se.samverkan.audit.review.ReviewItemSeals;
import se.samverkan.audit.review.ReviewQueueIntegrity;
import se.samverkan.contracts.AccessAction;
import se.samverkan.contracts.AccessOutcome;
import se.samverkan.contracts.Agency;
import se.samverkan.contracts.CloudEvent;
import se.samverkan.contracts.Program;
import se.samverkan.contracts.ProtectedIdentity;
import se.samverkan.contracts.access.AccessRecorded;
import se.samverkan.contracts.signing.EventSigner;
import se.samverkan.platform.test.TestPostgres;
import se.samverkan.platform.test.TestUser;
import tools.jackson.databind.JsonNode;

import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A database superuser moves a review item to another municipality's queue (its officers are told, the owner's never
 * see it), or writes an item of her own: the seal the sequencer wrote with the item no longer matches, or is missing
 * after the key's line in the log, and the check says so by item id.
 */
class ReviewQueueIntegrityIT extends AuditServiceITBase {

    @Autowired
    ReviewQueueIntegrity integrity;

    @Autowired
    OutboxPublisher outbox;

    @Autowired
    MeterRegistry meters;

    @Autowired
    AuditProperties properties;

    @Autowired
    Sequencer sequencer;

    @Autowired
    EventSigner signer;

    @Autowired
    Clock clock;

    @Test
    void anItemMovedToAnotherMunicipalitysQueueOrWrittenWithoutTheServiceIsFound() {
        assertThat(integrity.check()).as("the service's own items").isEmpty();
        UUID caseId = UUID.randomUUID();
        CloudEvent denied = send(new AccessRecorded(ref(TestUser.EXIT_COORDINATOR), caseId, UUID.randomUUID(), null,
                Program.RAPID_INTERVENTION, TestUser.YOUTH_UNIT, AccessAction.READ, "ReadCase", List.of("CASE_SUMMARY"), "ReadCase",
                null, false, false, ProtectedIdentity.NONE, AccessOutcome.DENIED, "NOT_ON_TEAM", Instant.now(), TestUser.HANINGE));
        // a second sealed item to borrow a seal from: the first class of the JVM finds no other
        CloudEvent lender = send(new AccessRecorded(ref(TestUser.EXIT_COORDINATOR), caseId, UUID.randomUUID(), null,
                Program.RAPID_INTERVENTION, TestUser.YOUTH_UNIT, AccessAction.READ, "ReadCase", List.of("CASE_SUMMARY"), "ReadCase",
                null, false, false, ProtectedIdentity.NONE, AccessOutcome.DENIED, "NOT_ON_TEAM", Instant.now(), TestUser.HANINGE));
        UUID item = itemOf(denied);
        UUID lent = itemOf(lender);
        assertThat(jdbc.queryForObject("SELECT seal IS NOT NULL FROM review_items WHERE id = ?", Boolean.class, lent)).isTrue();
        assertThat(integrity.check()).isEmpty();
        assertThat(integrity.health().getStatus().getCode()).isEqualTo("UP");
        UUID forged = UUID.randomUUID();
        try {
            superuser("UPDATE review_items SET municipality = '" + TestUser.BOTKYRKA + "' WHERE id = '" + item + "'");
            List<String> moved = integrity.check();
            assertThat(moved).containsExactly("review item " + item + ": does not match its seal (a column was changed)");
            assertThat(integrity.health().getStatus().getCode()).isEqualTo("DOWN");

            superuser("UPDATE review_items SET seal = NULL WHERE id = '" + item + "'");
            assertThat(integrity.check()).as("nor can the seal be taken away").singleElement().asString()
                    .startsWith("review item " + item + ": raised after leaf").endsWith("without a seal of this key");

            superuser("UPDATE review_items SET municipality = '" + TestUser.HANINGE + "', seal = (SELECT seal FROM review_items "
                    + "WHERE id = '" + lent + "') WHERE id = '" + item + "'");
            assertThat(integrity.check()).as("nor borrowed from another item").contains(
                    "review item " + item + ": does not match its seal (a column was changed)");

            // an item of her own making, on a recent entry: to make someone look as if they had broken the glass
            superuser("INSERT INTO review_items (id, rule, municipality, actor_id, source_event_id, source_leaf_index, detail, raised_at) "
                    + "SELECT '" + forged + "', 'BREAK_GLASS', '" + TestUser.HANINGE + "', 'anna', gen_random_uuid(), max(leaf_index), "
                    + "'break-glass read', now() FROM audit_entries");
            assertThat(integrity.check()).anySatisfy(problem -> assertThat(problem)
                    .startsWith("review item " + forged + ": raised after leaf").endsWith("without a seal of this key"));
        } finally {
            superuser("DELETE FROM review_items WHERE id = '" + forged + "'");
        }
        // put back as the service wrote it (the test database is shared): the check is clean again
        superuser("UPDATE review_items SET municipality = '" + TestUser.HANINGE + "', seal = NULL WHERE id = '" + item + "'");
        superuser("DELETE FROM review_item_occurrences WHERE review_item_id = '" + item + "'");
        superuser("DELETE FROM review_items WHERE id = '" + item + "'");
        assertThat(integrity.check()).isEmpty();
        assertThat(integrity.health().getStatus().getCode()).isEqualTo("UP");
    }

    /**
     * The runtime role may INSERT into review_items. It writes a year of unsealed UNUSUAL_HOURS items for one actor,
     * each in the group of one day of her municipality's queue but owned by a municipality no officer has, claiming
     * leaf 0 so that they look older than the seals. Her unusual-hours accesses joined them (grouping read only the
     * group key), so none reached her municipality's officers, and the check let them pass as from before the seals.
     */
    @Test
    void unsealedItemsPretendingToPrecedeTheSealsAbsorbNoOccurrenceAndAreFound() {
        assertThat(integrity.check()).as("the service's own items").isEmpty();
        String actor = UUID.randomUUID().toString();
        LocalDate today = jdbc.queryForObject("SELECT current_date", LocalDate.class);
        int forged = jdbc.update("""
                INSERT INTO review_items (id, rule, municipality, actor_id, source_event_id, source_leaf_index, detail, raised_at, group_key)
                SELECT gen_random_uuid(), 'UNUSUAL_HOURS', '9999', ?, gen_random_uuid(), 0, '-', now(), '0136/' || ? || '/' || d::date
                FROM generate_series(current_date, current_date + 365, '1 day') d""", actor, actor);
        assertThat(forged).as("as the runtime role").isEqualTo(366);
        // and one that says it is older than the seals, but whose leaf holds another event
        UUID madeUp = UUID.randomUUID();
        jdbc.update("""
                INSERT INTO review_items (id, rule, municipality, actor_id, source_event_id, source_leaf_index, detail, raised_at, group_key)
                VALUES (?, 'UNUSUAL_HOURS', '9999', ?, gen_random_uuid(), 0, '-', '2000-01-01T00:00:00Z', '0136/' || ? || '/' || current_date)""",
                madeUp, actor, actor);
        try {
            // two in the morning of the forged items' first day, in the actor's municipality (0136)
            CloudEvent night = send(new AccessRecorded(actorRef(actor, Agency.SOCIAL_SERVICES, TestUser.YOUTH_UNIT, "social-worker"),
                    UUID.randomUUID(), UUID.randomUUID(), null, Program.RAPID_INTERVENTION, TestUser.YOUTH_UNIT, AccessAction.READ,
                    "ReadCase", List.of("CASE_SUMMARY"), "case work", null, true, false, ProtectedIdentity.NONE, AccessOutcome.ALLOWED,
                    null, today.atTime(2, 0).atZone(ZoneId.of("Europe/Stockholm")).toInstant(), TestUser.HANINGE));
            await().atMost(Duration.ofSeconds(20)).until(() -> entriesWithEventId(night.id()) == 1);

            List<String> joined = jdbc.queryForList("""
                    SELECT r.municipality || ' ' || (r.seal IS NOT NULL) FROM review_item_occurrences o
                    JOIN review_items r ON r.id = o.review_item_id WHERE o.source_event_id = ?::uuid""", String.class, night.id());
            assertThat(joined).as("a new sealed item in 0136's queue, not a forged one").containsExactly(TestUser.HANINGE + " true");
            assertThat(jdbc.queryForObject("SELECT count(*) FROM review_items WHERE rule = 'UNUSUAL_HOURS' AND source_event_id = ?::uuid",
                    Long.class, night.id())).isEqualTo(1);

            List<String> problems = integrity.check();
            assertThat(problems).as("each forged item named").hasSize(367)
                    .contains("review item " + madeUp + ": without a seal of this key, and leaf 0 does not hold its source event")
                    .filteredOn(problem -> !problem.contains(madeUp.toString()))
                    .allSatisfy(problem -> assertThat(problem).startsWith("review item ").contains("raised at")
                            .endsWith("after the seals began, without a seal of this key"));
            assertThat(integrity.health().getStatus().getCode()).isEqualTo("DOWN");
        } finally {
            superuser("DELETE FROM review_item_occurrences o USING review_items r WHERE r.id = o.review_item_id "
                    + "AND r.municipality = '9999' AND r.actor_id = '" + actor + "'");
            superuser("DELETE FROM review_items WHERE municipality = '9999' AND actor_id = '" + actor + "'");
        }
        assertThat(integrity.check()).isEmpty();
        assertThat(integrity.health().getStatus().getCode()).isEqualTo("UP");
    }

    /**
     * The runtime role may INSERT into review_items. Deciding never looked at the item's seal: an item row it wrote
     * (unsealed, or with a seal borrowed from a genuine item) was listed and counted as open work, published as raised,
     * and could be decided, which appended a genuine, signed decision of a made-up item to the log. Now no reader takes
     * a row whose seal does not verify: it is not listed or counted, not published, and reading or deciding it is
     * refused (500 review-item-unverified: the stored row is at fault, not the request) with an alert by item id.
     */
    @Test
    void anItemRowTheServiceDidNotSealIsNeitherListedCountedPublishedNorDecided() {
        UUID caseId = UUID.randomUUID();
        String actor = UUID.randomUUID().toString();
        CloudEvent lender = send(new AccessRecorded(ref(TestUser.EXIT_COORDINATOR), caseId, UUID.randomUUID(), null,
                Program.RAPID_INTERVENTION, TestUser.YOUTH_UNIT, AccessAction.READ, "ReadCase", List.of("CASE_SUMMARY"), "ReadCase",
                null, false, false, ProtectedIdentity.NONE, AccessOutcome.DENIED, "NOT_ON_TEAM", Instant.now(), TestUser.HANINGE));
        UUID genuine = itemOf(lender);
        outbox.publishPending();
        byte[] borrowed = jdbc.queryForObject("SELECT seal FROM review_items WHERE id = ?", byte[].class, genuine);
        long leaf = jdbc.queryForObject("SELECT max(leaf_index) FROM audit_entries", Long.class);
        await().pollDelay(Duration.ofMillis(1100)).atMost(Duration.ofSeconds(5)).until(() -> true);
        // the service's own items of the case (a weekend's access raises UNUSUAL_HOURS besides)
        List<String> genuineOfTheCase = jdbc.queryForList("SELECT id::text FROM review_items WHERE case_id = ?", String.class, caseId);
        double openBefore = open("BREAK_GLASS");
        double violationsBefore = violations();
        UUID unsealed = UUID.randomUUID();
        UUID withBorrowedSeal = UUID.randomUUID();
        UUID unknownRule = UUID.randomUUID();
        try {
            // to make someone look as if she had broken the glass, in her municipality's queue
            runtimeRole().reviewItem(unsealed, "BREAK_GLASS", caseId, TestUser.HANINGE, actor, leaf, null);
            runtimeRole().reviewItem(withBorrowedSeal, "BREAK_GLASS", caseId, TestUser.HANINGE, actor, leaf, borrowed);
            runtimeRole().reviewItem(unknownRule, "NO_SUCH_RULE", caseId, TestUser.HANINGE, actor, leaf, null);

            for (UUID forged : List.of(unsealed, withBorrowedSeal)) {
                HttpResponse<String> decided = post("/api/audit/review-items/" + forged + "/decision", TestUser.COMPLIANCE_OFFICER,
                        "{\"outcome\":\"NOT_JUSTIFIED\",\"comment\":\"looked into it\"}");
                assertThat(decided.statusCode()).as(decided.body()).isEqualTo(500);
                assertThat(decided.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
                assertThat(json(decided).get("code").asString()).isEqualTo("review-item-unverified");
                assertThat(decided.body()).as("nothing of the row is repeated").contains(forged.toString())
                        .doesNotContain(actor).doesNotContain(caseId.toString()).doesNotContain("made up");
                assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_entries WHERE reference_id = ? AND event_type = ?",
                        Long.class, forged, Entries.REVIEW_DECIDED_V2)).as("no decision in the log").isZero();
                HttpResponse<String> read = get("/api/audit/review-items/" + forged, TestUser.COMPLIANCE_OFFICER);
                assertThat(read.statusCode()).as(read.body()).isEqualTo(500);
            }
            JsonNode listed = json(get("/api/audit/review-items?status=ALL&caseId=" + caseId, TestUser.COMPLIANCE_OFFICER));
            assertThat(listed.get("items").findValuesAsString("id")).as("only the items the service wrote")
                    .contains(genuine.toString()).containsExactlyInAnyOrderElementsOf(genuineOfTheCase);
            assertThat(json(get("/api/audit/review-items?status=OPEN&actorId=" + actor, TestUser.COMPLIANCE_OFFICER)).get("items")).isEmpty();
            await().pollDelay(Duration.ofMillis(1100)).atMost(Duration.ofSeconds(5)).until(() -> true);
            assertThat(open("BREAK_GLASS")).as("not counted as open work").isEqualTo(openBefore);
            outbox.publishPending();
            assertThat(jdbc.queryForObject("SELECT count(*) FROM published_events WHERE event_id IN (?, ?, ?)", Long.class,
                    unsealed, withBorrowedSeal, unknownRule)).as("never announced as raised").isZero();

            assertThat(violations()).as("each row alerted once, however often it is met").isEqualTo(violationsBefore + 3);
            assertThat(integrity.health().getStatus().getCode()).isEqualTo("DOWN");
            assertThat(integrity.check()).anySatisfy(problem -> assertThat(problem).startsWith("review item " + withBorrowedSeal))
                    .anySatisfy(problem -> assertThat(problem).startsWith("review item " + unsealed))
                    .anySatisfy(problem -> assertThat(problem).startsWith("review item " + unknownRule));
            assertThat(violations()).as("the check counts them no second time").isEqualTo(violationsBefore + 3);
        } finally {
            superuser("DELETE FROM review_decisions WHERE review_item_id IN ('" + unsealed + "', '" + withBorrowedSeal + "')");
            superuser("DELETE FROM published_events WHERE event_id IN ('" + unsealed + "', '" + withBorrowedSeal + "', '" + unknownRule + "')");
            superuser("DELETE FROM review_items WHERE id IN ('" + unsealed + "', '" + withBorrowedSeal + "', '" + unknownRule + "')");
        }
        assertThat(integrity.check()).isEmpty();
        // the genuine item is decided as before
        HttpResponse<String> decided = post("/api/audit/review-items/" + genuine + "/decision", TestUser.COMPLIANCE_OFFICER,
                "{\"outcome\":\"JUSTIFIED\",\"comment\":\"fine\"}");
        assertThat(decided.statusCode()).as(decided.body()).isEqualTo(200);
    }

    /**
     * The runtime role may INSERT into review_item_occurrences. Occurrences it wrote onto a genuine item (unsealed, with
     * the seal of the item's own occurrence, or claiming an old leaf as occurrences from before the seals do) were
     * counted in the item's occurrenceCount, moved its lastOccurredAt and were listed among its occurrences: the item's
     * actor looked busier, and later, than her accesses were. Now none of them counts, each is alerted once by item and
     * leaf, and the health is DOWN.
     */
    @Test
    void occurrencesTheServiceDidNotSealAreNeitherCountedNorListed() {
        // leaves 0 and 1 hold other entries than this test's item
        logOfAtLeast(2);
        assertThat(integrity.check()).as("the service's own items, and the lines drawn").isEmpty();
        UUID caseId = UUID.randomUUID();
        CloudEvent denied = send(new AccessRecorded(ref(TestUser.EXIT_COORDINATOR), caseId, UUID.randomUUID(), null,
                Program.RAPID_INTERVENTION, TestUser.YOUTH_UNIT, AccessAction.READ, "ReadCase", List.of("CASE_SUMMARY"), "ReadCase",
                null, false, false, ProtectedIdentity.NONE, AccessOutcome.DENIED, "NOT_ON_TEAM", Instant.now(), TestUser.HANINGE));
        UUID item = itemOf(denied);
        get("/api/audit/review-items/" + item, TestUser.COMPLIANCE_OFFICER);
        JsonNode before = json(get("/api/audit/review-items/" + item, TestUser.COMPLIANCE_OFFICER));
        assertThat(before.get("occurrenceCount").asLong()).isEqualTo(1);
        long ownLeaf = before.get("sourceLeafIndex").asLong();
        byte[] ownSeal = jdbc.queryForObject("SELECT seal FROM review_item_occurrences WHERE review_item_id = ?", byte[].class, item);
        assertThat(ownSeal).as("sealed by the sequencer").hasSize(36);
        // leaves after the item's (each read above appended one), and two from before every line
        List<Long> recent = jdbc.queryForList("SELECT leaf_index FROM audit_entries WHERE leaf_index > ? ORDER BY leaf_index LIMIT 2",
                Long.class, ownLeaf);
        assertThat(recent).hasSize(2);
        Instant tomorrow = Instant.now().plus(Duration.ofDays(1));
        double violationsBefore = violations();
        try {
            runtimeRole().occurrence(item, "DENIED_ATTEMPT", UUID.randomUUID(), recent.get(0), tomorrow, null);
            runtimeRole().occurrence(item, "DENIED_ATTEMPT", UUID.randomUUID(), recent.get(1), tomorrow, ownSeal);
            runtimeRole().occurrence(item, "DENIED_ATTEMPT", UUID.randomUUID(), 0, tomorrow, null);
            // an old leaf's own event and time, as an occurrence from before the seals would be: but not this item's
            Map<String, Object> first = jdbc.queryForMap("SELECT event_id, occurred_at FROM audit_entries WHERE leaf_index = 1");
            runtimeRole().occurrence(item, "DENIED_ATTEMPT", (UUID) first.get("event_id"), 1,
                    ((java.sql.Timestamp) first.get("occurred_at")).toInstant(), null);

            for (int read = 0; read < 2; read++) {
                JsonNode shown = json(get("/api/audit/review-items/" + item, TestUser.COMPLIANCE_OFFICER));
                assertThat(shown.get("occurrenceCount").asLong()).as("only the item's own access").isEqualTo(1);
                assertThat(shown.get("lastOccurredAt").asString()).isEqualTo(before.get("lastOccurredAt").asString());
                assertThat(shown.get("occurrences")).singleElement()
                        .satisfies(only -> assertThat(only.get("leafIndex").asLong()).isEqualTo(ownLeaf));
                JsonNode listed = json(get("/api/audit/review-items?status=ALL&caseId=" + caseId, TestUser.COMPLIANCE_OFFICER));
                // a weekend's access raises UNUSUAL_HOURS besides
                assertThat(listed.get("items")).filteredOn(one -> one.get("id").asString().equals(item.toString()))
                        .singleElement().satisfies(one -> {
                            assertThat(one.get("occurrenceCount").asLong()).isEqualTo(1);
                            assertThat(one.get("lastOccurredAt").asString()).isEqualTo(before.get("lastOccurredAt").asString());
                        });
            }
            assertThat(violations()).as("each row alerted once, however often it is met").isEqualTo(violationsBefore + 4);
            assertThat(integrity.health().getStatus().getCode()).isEqualTo("DOWN");
            String named = "review item " + item + ": occurrence at leaf ";
            assertThat(integrity.check()).anySatisfy(problem -> assertThat(problem).startsWith(named + recent.get(0) + ": after leaf ")
                    .endsWith(" without a seal of this key")).contains(
                    named + recent.get(1) + ": does not match its seal (a column was changed, or it was not written by this service)",
                    named + "0: without a seal of this key, and its leaf does not hold it as its item's",
                    named + "1: without a seal of this key, and its leaf does not hold it as its item's");
            assertThat(integrity.check().toString()).as("nothing of the rows but item and leaf").doesNotContain(tomorrow.toString());
            assertThat(violations()).as("the check counts them no second time").isEqualTo(violationsBefore + 4);
        } finally {
            superuser("DELETE FROM review_item_occurrences WHERE review_item_id = '" + item + "' AND source_leaf_index <> " + ownLeaf);
        }
        assertThat(integrity.check()).isEmpty();
        assertThat(integrity.health().getStatus().getCode()).isEqualTo("UP");
    }

    /**
     * Occurrences written before the upgrade carry no seal: one below the occurrences' line passes as its leaf says
     * (the leaf holds its event at its time, by its item's actor), and one whose columns say otherwise does not.
     * Played on an occurrence this test raises itself, under a second integrity whose occurrences' key changed
     * ({@link OccurrenceKeyChange}): its line is drawn after that occurrence, whatever ran before on this database and
     * whenever the service drew its own line, so to it the occurrence is one from before the line; its seal is taken
     * away (as a superuser could), then its time moved.
     */
    @Test
    void anUnsealedOccurrenceFromBeforeTheLinePassesOnlyAsItsLeafSays() {
        assertThat(integrity.check()).as("the service's own items, and the lines drawn").isEmpty();
        CloudEvent denied = send(new AccessRecorded(ref(TestUser.EXIT_COORDINATOR), UUID.randomUUID(), UUID.randomUUID(), null,
                Program.RAPID_INTERVENTION, TestUser.YOUTH_UNIT, AccessAction.READ, "ReadCase", List.of("CASE_SUMMARY"), "ReadCase",
                null, false, false, ProtectedIdentity.NONE, AccessOutcome.DENIED, "NOT_ON_TEAM", Instant.now(), TestUser.HANINGE));
        UUID item = itemOf(denied);
        long leaf = await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.queryForList(
                "SELECT source_leaf_index FROM review_item_occurrences WHERE review_item_id = ?", Long.class, item), one -> one.size() == 1)
                .getFirst();
        String row = " WHERE review_item_id = '" + item + "' AND source_leaf_index = " + leaf;
        byte[] seal = jdbc.queryForObject("SELECT seal FROM review_item_occurrences" + row, byte[].class);
        assertThat(seal).as("sealed by the running sequencer").hasSize(36);

        OccurrenceKeyChange changed = OccurrenceKeyChange.of(properties, jdbc, sequencer, signer, clock);
        ReviewQueueIntegrity upgraded = changed.integrity();
        String named = "review item " + item + ": occurrence at leaf " + leaf;
        assertThat(upgraded.check()).as("a seal of the former key, below the line: as its leaf says")
                .noneSatisfy(problem -> assertThat(problem).contains(item.toString()));
        long line = jdbc.queryForObject("SELECT leaf_index FROM audit_entries WHERE event_id = ? AND event_type = ?", Long.class,
                changed.lineEventId(), Entries.REVIEW_SEALS_BEGAN);
        assertThat(leaf).as("the changed key's line is drawn after the occurrence").isLessThan(line);
        assertThat(verified(upgraded, item)).as("its one occurrence").containsExactly(leaf);
        boolean shifted = false;
        try {
            superuser("UPDATE review_item_occurrences SET seal = NULL" + row);
            assertThat(upgraded.check()).as("as written before the seals")
                    .noneSatisfy(problem -> assertThat(problem).contains(item.toString()));
            assertThat(verified(upgraded, item)).containsExactly(leaf);
            assertThat(integrity.check()).as("the running key's line is below it: there it is no occurrence from before")
                    .singleElement().asString().startsWith(named + ": after leaf ").endsWith(" without a seal of this key");

            superuser("UPDATE review_item_occurrences SET occurred_at = occurred_at + interval '1 day'" + row);
            shifted = true;
            assertThat(upgraded.check()).as("another time than its leaf's")
                    .contains(named + ": without a seal of this key, and its leaf does not hold it as its item's");
            assertThat(verified(upgraded, item)).isEmpty();
        } finally {
            superuser("UPDATE review_item_occurrences SET occurred_at = occurred_at - interval '" + (shifted ? 1 : 0) + " day', "
                    + "seal = '\\x" + java.util.HexFormat.of().formatHex(seal) + "'" + row);
        }
        assertThat(integrity.check()).isEmpty();
        assertThat(integrity.health().getStatus().getCode()).isEqualTo("UP");
        assertThat(upgraded.check()).noneSatisfy(problem -> assertThat(problem).contains(item.toString()));
        assertThat(verified(upgraded, item)).containsExactly(leaf);
    }

    /** The source leaves of the item's occurrences that verify to this integrity. */
    private static List<Long> verified(ReviewQueueIntegrity integrity, UUID item) {
        return integrity.occurrencesOf(List.of(item), Integer.MAX_VALUE)
                .getOrDefault(item, new ReviewQueueIntegrity.Occurrences(0, null, List.of()))
                .first().stream().map(ReviewItemSeals.Occurrence::sourceLeafIndex).toList();
    }

    /**
     * An item's id derived from its rule and source event, and the source event's id is on Kafka before the event is
     * appended: the runtime role inserted a row under the id (and the rule and event) of an item to come, and the
     * sequencer's insert of the genuine item met it and did nothing. The forged row was reported and never shown, but
     * the officers never saw the genuine item either. Now the genuine item is stored, sealed and listed beside it.
     */
    @Test
    void anItemRowInsertedAheadUnderTheItemToComeDoesNotKeepTheGenuineItemOut() {
        logOfAtLeast(1);
        UUID caseId = UUID.randomUUID();
        String actor = UUID.randomUUID().toString();
        CloudEvent envelope = CASE_SERVICE.wrap(UUID.randomUUID(), Instant.now(), new AccessRecorded(
                actorRef(actor, Agency.SOCIAL_SERVICES, TestUser.YOUTH_UNIT, "social-worker"), caseId, UUID.randomUUID(), null,
                Program.RAPID_INTERVENTION, TestUser.YOUTH_UNIT, AccessAction.READ, "ReadCase", List.of("CASE_SUMMARY"), "ReadCase",
                null, false, false, ProtectedIdentity.NONE, AccessOutcome.DENIED, "NOT_ON_TEAM", Instant.now(), TestUser.HANINGE));
        UUID event = UUID.fromString(envelope.id());
        UUID byName = UUID.nameUUIDFromBytes(("DENIED_ATTEMPT/" + event).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        long leaf = jdbc.queryForObject("SELECT max(leaf_index) FROM audit_entries", Long.class);
        List<UUID> forged = List.of(byName, UUID.randomUUID());
        try {
            for (UUID id : forged) {
                runtimeRole().reviewItem(id, "DENIED_ATTEMPT", caseId, TestUser.HANINGE, actor, event, leaf);
            }
            sendRaw(topicOf(envelope), envelope.subject(), signed(envelope));
            await().atMost(Duration.ofSeconds(20)).until(() -> entriesWithEventId(envelope.id()) == 1);
            List<UUID> genuine = jdbc.query("SELECT id FROM review_items WHERE rule = 'DENIED_ATTEMPT' AND source_event_id = ? AND seal IS NOT NULL",
                    (rs, row) -> rs.getObject(1, UUID.class), event);
            assertThat(genuine).as("the sequencer's own item, beside the rows written ahead").singleElement()
                    .isNotIn(forged);
            JsonNode listed = json(get("/api/audit/review-items?status=OPEN&caseId=" + caseId, TestUser.COMPLIANCE_OFFICER));
            assertThat(listed.get("items").findValuesAsString("id")).as("a weekend's access raises UNUSUAL_HOURS besides")
                    .contains(genuine.getFirst().toString()).doesNotContainAnyElementsOf(forged.stream().map(UUID::toString).toList());
            assertThat(integrity.check()).anySatisfy(problem -> assertThat(problem).startsWith("review item " + byName));
        } finally {
            String ids = "'" + forged.get(0) + "', '" + forged.get(1) + "'";
            superuser("DELETE FROM published_events WHERE event_id IN (" + ids + ")");
            superuser("DELETE FROM review_items WHERE id IN (" + ids + ")");
        }
        assertThat(integrity.check()).isEmpty();
    }

    private double open(String rule) {
        return meters.get("samverkan.audit.review.open").tag("rule", rule).gauge().value();
    }

    private double violations() {
        return meters.get("samverkan.audit.integrity.violations").counter().count();
    }

    /** As a superuser would: the triggers that refuse edits to the append-only tables are off for her session. */
    private UUID itemOf(CloudEvent denied) {
        return await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.query(
                "SELECT id FROM review_items WHERE source_event_id = ?::uuid AND rule = 'DENIED_ATTEMPT'",
                (rs, row) -> rs.getObject(1, UUID.class), denied.id()).stream().findFirst().orElse(null), java.util.Objects::nonNull);
    }

    private static void superuser(String sql) {
        TestPostgres.execute(DB, "SET session_replication_role = replica; " + sql);
    }
}
