package se.samverkan.audit.it;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import se.samverkan.audit.tlog.Checkpoint;
import se.samverkan.audit.tlog.NoteKeys;
import se.samverkan.audit.tlog.ProofVerifier;
import se.samverkan.audit.tlog.SignedNote;
import se.samverkan.contracts.AccessAction;
import se.samverkan.contracts.AccessOutcome;
import se.samverkan.contracts.Agency;
import se.samverkan.contracts.CaseOrigin;
import se.samverkan.contracts.CloudEvent;
import se.samverkan.contracts.CloudEventCodec;
import se.samverkan.contracts.DataCategory;
import se.samverkan.contracts.LegalBasis;
import se.samverkan.contracts.Topics;
import se.samverkan.contracts.access.AccessRecorded;
import se.samverkan.contracts.audit.CheckpointIssued;
import se.samverkan.contracts.audit.ReviewItemRaised;
import se.samverkan.contracts.cases.CaseOpened;
import se.samverkan.contracts.cases.CaseTeamChanged;
import se.samverkan.contracts.cases.ConsentWithdrawn;
import se.samverkan.contracts.cases.ReferralSent;
import se.samverkan.platform.test.TestUser;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class AuditLogIT extends AuditServiceITBase {

    @org.springframework.beans.factory.annotation.Autowired
    FailOnceListener failOnce;

    private static final Instant OFFICE_HOURS = ZonedDateTime.of(2026, 11, 24, 10, 0, 0, 0, ZoneId.of("Europe/Stockholm")).toInstant();

    @Test
    void aCaseOpenedEventBecomesOneEntryVisibleToTheComplianceOfficer() {
        UUID caseId = UUID.randomUUID();
        CloudEvent opened = send(new CaseOpened(caseRef(caseId, UUID.randomUUID()), ref(TestUser.SOCIAL_WORKER), Instant.now(),
                CaseOrigin.SOCIAL_SERVICES, "INTAKE", List.of(TestUser.SOCIAL_WORKER.id())));

        JsonNode page = await().atMost(Duration.ofSeconds(20)).until(
                () -> json(get("/api/audit/entries?caseId=" + caseId, TestUser.COMPLIANCE_OFFICER)),
                body -> body.get("items").size() == 1);

        JsonNode entry = page.get("items").get(0);
        assertThat(entry.get("type").asString()).isEqualTo("se.samverkan.case.case-opened.v1");
        assertThat(entry.get("eventId").asString()).isEqualTo(opened.id());
        assertThat(entry.get("actorId").asString()).isEqualTo(TestUser.SOCIAL_WORKER.id());
        // issue 16: the key that verified is part of the appended bytes, and shown
        assertThat(entry.get("producerKeyId").asString()).isEqualTo("case-service/test");
        assertThat(entry.get("event").get("signaturekeyid").asString()).isEqualTo("case-service/test");
        // the stored bytes are exactly the record value
        byte[] stored = jdbc.queryForObject("SELECT entry FROM audit_entries WHERE event_id = ?::uuid", byte[].class, opened.id());
        assertThat(stored).isEqualTo(signed(opened));
    }

    @Test
    void aRedeliveredRecordIsAppendedOnce() {
        UUID caseId = UUID.randomUUID();
        CloudEvent event = CASE_SERVICE.wrap(UUID.randomUUID(), Instant.now(), new CaseTeamChanged(caseRef(caseId, UUID.randomUUID()),
                ref(TestUser.SUPERVISOR), Instant.now(), List.of(TestUser.SOCIAL_WORKER.id())));
        byte[] bytes = signed(event);
        sendRaw(Topics.CASE_EVENTS, caseId.toString(), bytes);
        sendRaw(Topics.CASE_EVENTS, caseId.toString(), bytes);
        // a later record on the same partition: once it is in, both copies before it have been handled
        CloudEvent marker = send(new CaseTeamChanged(caseRef(caseId, UUID.randomUUID()), ref(TestUser.SUPERVISOR), Instant.now(), List.of()));

        await().atMost(Duration.ofSeconds(20)).until(() -> entriesWithEventId(marker.id()) == 1);
        assertThat(entriesWithEventId(event.id())).isEqualTo(1);
    }

    @Test
    void aFailedAppendTransactionIsRetriedWithoutLosingOrDuplicatingAnythingOrLeavingAGap() {
        UUID caseId = UUID.randomUUID();
        CloudEvent before = send(new CaseTeamChanged(caseRef(caseId, UUID.randomUUID()), ref(TestUser.SUPERVISOR), Instant.now(), List.of()));
        String saboteur = "fail-once-" + UUID.randomUUID();
        CloudEvent failing = send(new CaseTeamChanged(caseRef(caseId, UUID.randomUUID()), ref(TestUser.SUPERVISOR), Instant.now(),
                List.of(saboteur)));
        CloudEvent after = send(new CaseTeamChanged(caseRef(caseId, UUID.randomUUID()), ref(TestUser.SUPERVISOR), Instant.now(), List.of()));

        await().atMost(Duration.ofSeconds(30)).until(() -> entriesWithEventId(after.id()) == 1);
        assertThat(entriesWithEventId(before.id())).isEqualTo(1);
        assertThat(failOnce.hasFailedFor(saboteur)).as("the first append attempt failed").isTrue();
        assertThat(entriesWithEventId(failing.id())).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT count(*) = max(leaf_index) + 1 FROM audit_entries", Boolean.class)).isTrue();
        assertThat(jdbc.queryForList("SELECT leaf_index FROM audit_entries WHERE case_id = ? ORDER BY leaf_index", Long.class, caseId))
                .hasSize(3).isSorted();
    }

    @Test
    void anUnreadableRecordOfAGenuineProducerIsDeadLetteredLoggedAndRaisesAReviewItem() {
        // signed by case-service, so not a forgery (ForgedEventIT has those), but its data is no access event
        String key = "poison-" + UUID.randomUUID();
        byte[] poison = signed(new CloudEvent(CloudEvent.SPEC_VERSION, UUID.randomUUID().toString(), URI.create("/samverkan/case-service"),
                "se.samverkan.access.access-recorded.v1", key, Instant.now(), "application/json", null,
                CloudEventCodec.mapper().createObjectNode().put("not", "an access event").put("key", key)));
        sendRaw(Topics.ACCESS_EVENTS, key, poison);

        List<ConsumerRecord<String, byte[]>> dead = readTopic(Topics.deadLetter("audit-service"), r -> key.equals(r.key()), Duration.ofSeconds(20));
        assertThat(dead).hasSize(1);
        assertThat(dead.getFirst().value()).isEqualTo(poison);
        await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.queryForObject("""
                SELECT count(*) FROM review_items r JOIN audit_entries e ON e.leaf_index = r.source_leaf_index
                WHERE r.rule = 'MALFORMED_EVENT' AND e.event_type = 'se.samverkan.audit.event-rejected.v1'
                  AND convert_from(e.entry, 'UTF8')::jsonb -> 'data' ->> 'valueSha256' = encode(sha256(?), 'hex')""", Long.class, (Object) poison) == 1);
    }

    @Test
    void suspiciousAccessRaisesReviewItemsThatAreDecidedOnceAndPublished() {
        UUID caseId = UUID.randomUUID();
        UUID subjectId = UUID.randomUUID();
        // actors of their own, with the shared users' roles and units: the exact rules below must not depend on how
        // many subjects other test classes in this JVM gave the shared users within the hour (UNUSUAL_VOLUME)
        CloudEvent breakGlass = send(access(fresh(TestUser.SOCIAL_WORKER_OTHER_UNIT), caseId, subjectId, null, false, true,
                AccessOutcome.ALLOWED, "CONSENT", OFFICE_HOURS));
        CloudEvent denied = send(access(fresh(TestUser.POLICE_LIAISON), caseId, subjectId, null, false, false,
                AccessOutcome.DENIED, null, OFFICE_HOURS));
        CloudEvent outsideTeam = send(access(fresh(TestUser.SOCIAL_WORKER_COLLEAGUE), caseId, subjectId, null, false, false,
                AccessOutcome.ALLOWED, null, OFFICE_HOURS));
        var worker = fresh(TestUser.SOCIAL_WORKER);
        CloudEvent atNight = send(access(worker, caseId, subjectId, null, true, false,
                AccessOutcome.ALLOWED, null, OFFICE_HOURS.plus(Duration.ofHours(13))));
        CloudEvent normal = send(access(worker, caseId, subjectId, null, true, false,
                AccessOutcome.ALLOWED, null, OFFICE_HOURS));

        await().atMost(Duration.ofSeconds(20)).until(() -> entriesWithEventId(normal.id()) == 1);
        assertThat(rulesFor(breakGlass)).containsExactly("BREAK_GLASS");
        assertThat(rulesFor(denied)).containsExactly("DENIED_ATTEMPT");
        assertThat(rulesFor(outsideTeam)).containsExactly("OUTSIDE_CASE_TEAM");
        assertThat(rulesFor(atNight)).containsExactly("UNUSUAL_HOURS");
        assertThat(rulesFor(normal)).isEmpty();

        UUID itemId = jdbc.queryForObject("SELECT id FROM review_items WHERE source_event_id = ?::uuid", UUID.class, breakGlass.id());
        List<ConsumerRecord<String, byte[]>> published = readTopic(Topics.AUDIT_EVENTS,
                r -> CloudEventCodec.fromBytes(r.value()).id().equals(itemId.toString()), Duration.ofSeconds(20));
        assertThat(published).hasSize(1);
        ReviewItemRaised raised = CloudEventCodec.dataAs(CloudEventCodec.fromBytes(published.getFirst().value()), ReviewItemRaised.class);
        assertThat(raised.rule()).isEqualTo("BREAK_GLASS");
        assertThat(raised.caseId()).isEqualTo(caseId);

        // by its case: the open queue's first page is the oldest items of the JVM, and other classes raise theirs at
        // the same fixed instant
        assertThat(json(get("/api/audit/review-items?caseId=" + caseId, TestUser.COMPLIANCE_OFFICER)).get("items")
                .findValuesAsString("id")).contains(itemId.toString());
        var decided = post("/api/audit/review-items/" + itemId + "/decision", TestUser.COMPLIANCE_OFFICER,
                "{\"outcome\":\"JUSTIFIED\",\"comment\":\"Acute risk assessment, reason documented\"}");
        assertThat(decided.statusCode()).isEqualTo(200);
        long decisionLeaf = json(decided).get("decisionLeafIndex").asLong();
        assertThat(jdbc.queryForObject("SELECT event_type FROM audit_entries WHERE leaf_index = ?", String.class, decisionLeaf))
                .isEqualTo("se.samverkan.audit.review-decided.v2");

        var again = post("/api/audit/review-items/" + itemId + "/decision", TestUser.COMPLIANCE_OFFICER,
                "{\"outcome\":\"NOT_JUSTIFIED\",\"comment\":\"second opinion\"}");
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(again.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).contains("problem+json"));
        var blank = post("/api/audit/review-items/" + UUID.randomUUID() + "/decision", TestUser.COMPLIANCE_OFFICER,
                "{\"outcome\":\"JUSTIFIED\",\"comment\":\"\"}");
        assertThat(blank.statusCode()).isEqualTo(400);
        var unknown = post("/api/audit/review-items/" + UUID.randomUUID() + "/decision", TestUser.COMPLIANCE_OFFICER,
                "{\"outcome\":\"JUSTIFIED\",\"comment\":\"ok\"}");
        assertThat(unknown.statusCode()).isEqualTo(404);
    }

    @Test
    void accessThroughARevokedReferralAndUnusualVolumeAreFlagged() {
        UUID caseId = UUID.randomUUID();
        UUID referralId = UUID.randomUUID();
        Instant withdrawnAt = Instant.now().minusSeconds(60);
        send(new ConsentWithdrawn(caseRef(caseId, UUID.randomUUID()), ref(TestUser.SOCIAL_WORKER), withdrawnAt, UUID.randomUUID(),
                LocalDate.now(), List.of(referralId)));
        String police = "police-" + UUID.randomUUID();
        var policeRef = actorRef(police, Agency.POLICE, TestUser.POLICE_UNIT, "police-liaison");
        CloudEvent afterWithdrawal = send(access(policeRef, caseId, UUID.randomUUID(), referralId, false, false,
                AccessOutcome.ALLOWED, "CONSENT", Instant.now()));

        String curious = "curious-" + UUID.randomUUID();
        var curiousRef = actorRef(curious, Agency.SOCIAL_SERVICES, TestUser.YOUTH_UNIT, "social-worker");
        List<CloudEvent> reads = new ArrayList<>();
        for (int i = 0; i < 22; i++) {
            reads.add(send(access(curiousRef, UUID.randomUUID(), UUID.randomUUID(), null, true, false, AccessOutcome.ALLOWED, null,
                    OFFICE_HOURS.plusSeconds(i))));
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> entriesWithEventId(reads.getLast().id()) == 1
                && entriesWithEventId(afterWithdrawal.id()) == 1);
        assertThat(rulesFor(afterWithdrawal)).contains("AFTER_CONSENT_WITHDRAWAL");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM review_items WHERE actor_id = ? AND rule = 'UNUSUAL_VOLUME'",
                Long.class, curious)).isEqualTo(1);
        // the read that first sees 20 different subjects in its window raises the item and later ones are attached
        // to it; which read that is depends on how the three partitions interleave and how the sequencer batches
        // them, so only the shape is fixed: one item, made of these reads, each at most once
        assertThat(jdbc.queryForList("""
                SELECT o.source_event_id::text FROM review_item_occurrences o JOIN review_items r ON r.id = o.review_item_id
                WHERE r.actor_id = ? AND r.rule = 'UNUSUAL_VOLUME' ORDER BY o.source_leaf_index""", String.class, curious))
                .isNotEmpty().doesNotHaveDuplicates().isSubsetOf(reads.stream().map(CloudEvent::id).toList());
    }

    @Test
    void aReadThatArrivesHoursLateIsJudgedByItsOwnHourNotByTheVolumeThatCameAfterIt() {
        String busy = "busy-" + UUID.randomUUID();
        var busyRef = actorRef(busy, Agency.SOCIAL_SERVICES, TestUser.YOUTH_UNIT, "social-worker");
        Instant afternoon = OFFICE_HOURS.plus(Duration.ofHours(5));
        List<CloudEvent> reads = new ArrayList<>();
        for (int i = 0; i < 22; i++) {
            reads.add(send(access(busyRef, UUID.randomUUID(), UUID.randomUUID(), null, true, false, AccessOutcome.ALLOWED, null,
                    afternoon.plusSeconds(i))));
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> reads.stream().allMatch(read -> entriesWithEventId(read.id()) == 1));

        // the morning's read, delivered after the afternoon's (a partition that lagged behind after an outage)
        CloudEvent morning = send(access(busyRef, UUID.randomUUID(), UUID.randomUUID(), null, true, false, AccessOutcome.ALLOWED,
                null, OFFICE_HOURS));
        await().atMost(Duration.ofSeconds(20)).until(() -> entriesWithEventId(morning.id()) == 1);

        assertThat(rulesFor(morning)).as("one subject in its hour").isEmpty();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM review_items WHERE actor_id = ? AND rule = 'UNUSUAL_VOLUME'",
                Long.class, busy)).as("the afternoon's item, and no other").isEqualTo(1);
    }

    @Test
    void theDisclosureReportListsReferralsAndPoliceReadsOfOneSubjectOnly() {
        UUID caseId = UUID.randomUUID();
        UUID subjectId = UUID.randomUUID();
        UUID referralId = UUID.randomUUID();
        send(new ReferralSent(caseRef(caseId, subjectId), ref(TestUser.SOCIAL_WORKER), OFFICE_HOURS, referralId, TestUser.POLICE_UNIT,
                LegalBasis.CONSENT, UUID.randomUUID(), List.of(DataCategory.IDENTITY, DataCategory.MEASURES), null));
        send(access(ref(TestUser.POLICE_LIAISON), caseId, subjectId, referralId, false, false, AccessOutcome.ALLOWED, "CONSENT",
                OFFICE_HOURS.plusSeconds(60)));
        CloudEvent ownTeam = send(access(ref(TestUser.SOCIAL_WORKER), caseId, subjectId, null, true, false, AccessOutcome.ALLOWED, null,
                OFFICE_HOURS.plusSeconds(120)));
        send(access(ref(TestUser.POLICE_LIAISON), caseId, UUID.randomUUID(), referralId, false, false, AccessOutcome.ALLOWED, "CONSENT",
                OFFICE_HOURS.plusSeconds(60)));
        await().atMost(Duration.ofSeconds(20)).until(() -> entriesWithEventId(ownTeam.id()) == 1);

        JsonNode report = json(get("/api/audit/subjects/" + subjectId + "/disclosures", TestUser.COMPLIANCE_OFFICER));
        JsonNode disclosures = report.get("disclosures");
        assertThat(disclosures).hasSize(2);
        assertThat(disclosures.get(0).get("kind").asString()).isEqualTo("REFERRAL_SENT");
        assertThat(disclosures.get(0).get("recipientUnit").asString()).isEqualTo(TestUser.POLICE_UNIT);
        assertThat(disclosures.get(0).get("dataCategories").toString()).contains("IDENTITY", "MEASURES");
        assertThat(disclosures.get(0).get("legalBasis").asString()).isEqualTo("CONSENT");
        assertThat(disclosures.get(1).get("kind").asString()).isEqualTo("READ_OUTSIDE_SOCIAL_SERVICES");
        assertThat(disclosures.get(1).get("recipientUserId").asString()).isEqualTo(TestUser.POLICE_LIAISON.id());
    }

    @Test
    void everyReadOfTheLogIsItselfLogged() {
        UUID caseId = UUID.randomUUID();
        assertThat(get("/api/audit/entries?caseId=" + caseId + "&action=READ", TestUser.COMPLIANCE_OFFICER).statusCode()).isEqualTo(200);
        Long reads = jdbc.queryForObject("""
                SELECT count(*) FROM audit_entries WHERE event_type = 'se.samverkan.audit.audit-log-read.v1'
                  AND actor_id = ? AND case_id = ?""", Long.class, TestUser.COMPLIANCE_OFFICER.id(), caseId);
        assertThat(reads).isEqualTo(1);
    }

    @Test
    void onlyComplianceOfficersMayReadTheLog() {
        for (String path : List.of("/api/audit/entries?caseId=" + UUID.randomUUID(), "/api/audit/review-items",
                "/api/audit/export", "/api/audit/checkpoints/latest", "/api/audit/subjects/" + UUID.randomUUID() + "/disclosures")) {
            assertThat(get(path, (String) null).statusCode()).as(path).isEqualTo(401);
            assertThat(get(path, "Bearer " + se.samverkan.platform.test.TestIdentityProvider.instance().forgedToken(TestUser.COMPLIANCE_OFFICER))
                    .statusCode()).as(path).isEqualTo(401);
            for (TestUser user : TestUser.all()) {
                // every officer may call the API (hanna of Botkyrka sees only Botkyrka's part, see ComplianceScopeIT)
                if (!user.roles().contains(se.samverkan.platform.identity.Role.COMPLIANCE_OFFICER)) {
                    var response = get(path, user);
                    assertThat(response.statusCode()).as("%s as %s", path, user.username()).isEqualTo(403);
                    assertThat(response.headers().firstValue("Content-Type").orElse("")).contains("problem+json");
                }
            }
        }
        assertThat(get("/api/audit/entries?page=-1", TestUser.COMPLIANCE_OFFICER).statusCode()).isEqualTo(400);
        assertThat(get("/api/audit/entries?caseId=not-a-uuid", TestUser.COMPLIANCE_OFFICER).statusCode()).isEqualTo(400);
    }

    @Test
    void checkpointsArePublishedSignedAndConsistentWithEachOther() {
        NoteKeys.Verifier key = NoteKeys.parseVerifier(get("/api/audit/public-key", (String) null).body());
        send(new CaseTeamChanged(caseRef(UUID.randomUUID(), UUID.randomUUID()), ref(TestUser.SUPERVISOR), Instant.now(), List.of()));
        JsonNode first = await().atMost(Duration.ofSeconds(20)).until(
                () -> json(get("/api/audit/checkpoints/latest", TestUser.COMPLIANCE_OFFICER)), c -> c.get("treeSize").asLong() > 0);
        long firstSize = first.get("treeSize").asLong();
        Checkpoint opened = Checkpoint.parse(SignedNote.open(first.get("signedNote").asString(), key));
        assertThat(opened.treeSize()).isEqualTo(firstSize);

        CloudEvent later = send(new CaseTeamChanged(caseRef(UUID.randomUUID(), UUID.randomUUID()), ref(TestUser.SUPERVISOR), Instant.now(), List.of()));
        await().atMost(Duration.ofSeconds(20)).until(() -> entriesWithEventId(later.id()) == 1);
        JsonNode second = await().atMost(Duration.ofSeconds(20)).until(
                () -> json(get("/api/audit/checkpoints/latest", TestUser.COMPLIANCE_OFFICER)), c -> c.get("treeSize").asLong() > firstSize);
        long secondSize = second.get("treeSize").asLong();
        Checkpoint newer = Checkpoint.parse(SignedNote.open(second.get("signedNote").asString(), key));

        JsonNode consistency = json(get("/api/audit/consistency-proof?from=" + firstSize + "&to=" + secondSize, TestUser.COMPLIANCE_OFFICER));
        assertThat(ProofVerifier.verifyConsistency(firstSize, secondSize, opened.rootHash(), newer.rootHash(), hashes(consistency.get("proof")))).isTrue();

        long leaf = jdbc.queryForObject("SELECT leaf_index FROM audit_entries WHERE event_id = ?::uuid", Long.class, later.id());
        JsonNode inclusion = json(get("/api/audit/entries/" + leaf + "/inclusion-proof?treeSize=" + secondSize, TestUser.COMPLIANCE_OFFICER));
        byte[] entry = jdbc.queryForObject("SELECT entry FROM audit_entries WHERE leaf_index = ?", byte[].class, leaf);
        assertThat(ProofVerifier.verifyInclusion(leaf, secondSize, se.samverkan.audit.tlog.Rfc6962.leafHash(entry),
                hashes(inclusion.get("proof")), newer.rootHash())).isTrue();

        List<ConsumerRecord<String, byte[]>> published = readTopic(Topics.AUDIT_CHECKPOINTS,
                // the topic also carries the cosignatures this log makes as a witness (issue 14)
                r -> CloudEventCodec.fromBytes(r.value()).type().equals("se.samverkan.audit.checkpoint-issued.v1")
                        && CloudEventCodec.dataAs(CloudEventCodec.fromBytes(r.value()), CheckpointIssued.class).treeSize() == secondSize,
                Duration.ofSeconds(20));
        assertThat(published).hasSize(1);
        CheckpointIssued issued = CloudEventCodec.dataAs(CloudEventCodec.fromBytes(published.getFirst().value()), CheckpointIssued.class);
        assertThat(Checkpoint.parse(SignedNote.open(issued.signedNote(), key)).rootHashBase64()).isEqualTo(issued.rootHash());
    }

    private static List<byte[]> hashes(JsonNode array) {
        List<byte[]> out = new ArrayList<>();
        array.forEach(node -> out.add(Base64.getDecoder().decode(node.asString())));
        return out;
    }

    private List<String> rulesFor(CloudEvent event) {
        return jdbc.queryForList("SELECT rule FROM review_item_occurrences WHERE source_event_id = ?::uuid ORDER BY rule", String.class, event.id());
    }

    private static se.samverkan.contracts.ActorRef fresh(TestUser user) {
        se.samverkan.contracts.ActorRef shared = ref(user);
        return new se.samverkan.contracts.ActorRef(shared.userId() + "-" + UUID.randomUUID(), shared.roles(), shared.agency(),
                shared.municipality(), shared.unit());
    }

    private static AccessRecorded access(se.samverkan.contracts.ActorRef actor, UUID caseId, UUID subjectId, UUID referralId,
                                         boolean onTeam, boolean breakGlass, AccessOutcome outcome, String legalBasis, Instant at) {
        return new AccessRecorded(actor, caseId, subjectId, referralId, se.samverkan.contracts.Program.RAPID_INTERVENTION,
                TestUser.YOUTH_UNIT, AccessAction.READ, "read-case", List.of("CASE_SUMMARY"), breakGlass ? "acute risk" : "case work",
                legalBasis, onTeam, breakGlass, se.samverkan.contracts.ProtectedIdentity.NONE, outcome,
                outcome == AccessOutcome.DENIED ? "not on the referral" : null, at);
    }
}
