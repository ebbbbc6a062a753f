package se.samverkan.audit.it;

import org.junit.jupiter.api.Test;
import se.samverkan.contracts.AccessAction;
import se.samverkan.contracts.AccessOutcome;
import se.samverkan.contracts.ActorRef;
import se.samverkan.contracts.CloudEvent;
import se.samverkan.contracts.Program;
import se.samverkan.contracts.ProtectedIdentity;
import se.samverkan.contracts.access.AccessRecorded;
import se.samverkan.platform.identity.Role;
import se.samverkan.platform.test.TestUser;
import tools.jackson.databind.JsonNode;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 10 items 9 and 10, and the SUBJECT_ACCESS_EXPORT rule (item 2's review item): review items go to the
 * municipality that owns the case, every compliance read and decision is scoped to the officer's municipality, and
 * nobody decides an item about her own access.
 */
class ComplianceScopeIT extends AuditServiceITBase {

    private static final TestUser HANNA = TestUser.COMPLIANCE_OFFICER_BOTKYRKA;
    /** A second Haninge officer (not a demo user): the one who may decide what eva may not. */
    private static final TestUser IDA = new TestUser("6f1b7c2e-0a4d-4b8e-9c51-2d3e4f5a6bf1", "ida", EnumSet.of(Role.COMPLIANCE_OFFICER),
            se.samverkan.contracts.Agency.MUNICIPALITY, TestUser.HANINGE, "haninge-dataskydd", "ida@haninge.example");

    @Test
    void anOfficerOfAnotherMunicipalitySeesNoneOfHaningesLogAndCannotDecideItsItems() throws Exception {
        UUID caseId = UUID.randomUUID();
        UUID subjectId = UUID.randomUUID();
        // a denied read of a Haninge case raises a review item owned by Haninge, even though goran works in Botkyrka
        CloudEvent denied = send(access(ref(TestUser.EXIT_COORDINATOR), caseId, subjectId, "ReadCase", AccessOutcome.DENIED, TestUser.HANINGE));
        CloudEvent police = send(access(ref(TestUser.POLICE_LIAISON), caseId, subjectId, "ReadReferral", AccessOutcome.ALLOWED, TestUser.HANINGE));
        await().atMost(Duration.ofSeconds(20)).until(() -> entriesWithEventId(denied.id()) == 1 && entriesWithEventId(police.id()) == 1);
        UUID item = itemOf(denied, "DENIED_ATTEMPT");
        assertThat(jdbc.queryForObject("SELECT municipality FROM review_items WHERE id = ?", String.class, item)).isEqualTo(TestUser.HANINGE);

        // eva (Haninge) sees both entries, the item and the disclosure
        assertThat(json(get("/api/audit/entries?caseId=" + caseId, TestUser.COMPLIANCE_OFFICER)).get("items").findValuesAsString("eventId"))
                .containsExactlyInAnyOrder(denied.id(), police.id());
        assertThat(get("/api/audit/review-items/" + item, TestUser.COMPLIANCE_OFFICER).statusCode()).isEqualTo(200);

        // hanna (Botkyrka) sees goran's entry (her municipality's staff) but not the police read of a Haninge case
        JsonNode hers = json(get("/api/audit/entries?caseId=" + caseId, HANNA));
        assertThat(hers.get("municipality").asString()).isEqualTo(TestUser.BOTKYRKA);
        assertThat(hers.get("items").findValuesAsString("eventId")).containsExactly(denied.id());
        // by this case too: the liaison's reads of Botkyrka's own cases (another test's) are hers to see
        String liaisonHere = "/api/audit/entries?actorId=" + TestUser.POLICE_LIAISON.id() + "&caseId=" + caseId;
        assertThat(json(get(liaisonHere, TestUser.COMPLIANCE_OFFICER)).get("items").findValuesAsString("eventId"))
                .containsExactly(police.id());
        assertThat(json(get(liaisonHere, HANNA)).get("items")).isEmpty();
        assertThat(json(get("/api/audit/subjects/" + subjectId + "/disclosures", HANNA)).get("disclosures")).isEmpty();
        assertThat(json(get("/api/audit/subjects/" + subjectId + "/disclosures", TestUser.COMPLIANCE_OFFICER)).get("disclosures")
                .findValuesAsString("eventId")).containsExactly(police.id());
        String export = get("/api/audit/export?caseId=" + caseId, HANNA).body();
        assertThat(export).contains(denied.id()).doesNotContain(police.id());

        // the item belongs to Haninge: hanna neither lists, reads nor decides it
        assertThat(json(get("/api/audit/review-items?status=ALL&caseId=" + caseId, HANNA)).get("items")).isEmpty();
        assertThat(get("/api/audit/review-items/" + item, HANNA).statusCode()).isEqualTo(404);
        HttpResponse<String> decided = post("/api/audit/review-items/" + item + "/decision", HANNA,
                "{\"outcome\":\"JUSTIFIED\",\"comment\":\"not mine to judge\"}");
        assertThat(decided.statusCode()).isEqualTo(404);
        assertThat(decided.headers().firstValue("Content-Type").orElse("")).contains("problem+json");
        assertThat(json(get("/api/audit/review-items/" + item, TestUser.COMPLIANCE_OFFICER)).get("decisionLeafIndex").isNull()).isTrue();
    }

    @Test
    void anOfficerCannotDecideAnItemAboutHerOwnAccessAnotherOfficerDoesAndIsRecorded() {
        UUID caseId = UUID.randomUUID();
        CloudEvent own = send(access(ref(TestUser.COMPLIANCE_OFFICER), caseId, UUID.randomUUID(), "ReadCase",
                AccessOutcome.DENIED, TestUser.HANINGE));
        await().atMost(Duration.ofSeconds(20)).until(() -> entriesWithEventId(own.id()) == 1);
        UUID item = itemOf(own, "DENIED_ATTEMPT");

        HttpResponse<String> refused = post("/api/audit/review-items/" + item + "/decision", TestUser.COMPLIANCE_OFFICER,
                "{\"outcome\":\"JUSTIFIED\",\"comment\":\"I was only looking\"}");
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.headers().firstValue("Content-Type").orElse("")).contains("problem+json");
        assertThat(json(refused).get("detail").asString()).contains("your own access", "another compliance officer");
        JsonNode stillOpen = json(get("/api/audit/review-items/" + item, TestUser.COMPLIANCE_OFFICER));
        assertThat(stillOpen.get("decisionLeafIndex").isNull()).isTrue();
        // by its case as well: other classes leave open items about eva's accesses, older than this one
        assertThat(json(get("/api/audit/review-items?status=OPEN&actorId=" + TestUser.COMPLIANCE_OFFICER.id() + "&caseId=" + caseId,
                IDA)).get("items").findValuesAsString("id")).contains(item.toString());
        // the refused attempt is itself on record
        assertThat(jdbc.queryForObject("""
                SELECT count(*) FROM audit_entries WHERE actor_id = ? AND event_type = 'se.samverkan.audit.audit-log-read.v1'
                  AND convert_from(entry, 'UTF8') LIKE ?""", Long.class, TestUser.COMPLIANCE_OFFICER.id(), "%review-decision-refused%" + item + "%"))
                .isEqualTo(1);

        HttpResponse<String> decided = post("/api/audit/review-items/" + item + "/decision", IDA,
                "{\"outcome\":\"NOT_JUSTIFIED\",\"comment\":\"No case of hers\"}");
        assertThat(decided.statusCode()).as(decided.body()).isEqualTo(200);
        assertThat(json(decided).get("decidedBy").asString()).isEqualTo(IDA.id());
        long decision = json(decided).get("decisionLeafIndex").asLong();
        assertThat(new String(jdbc.queryForObject("SELECT entry FROM audit_entries WHERE leaf_index = ?", byte[].class, decision),
                java.nio.charset.StandardCharsets.UTF_8)).contains("\"officer\":{\"userId\":\"" + IDA.id() + "\"");
    }

    /**
     * The police are no municipality's staff: david's token says Haninge (0136), but what he did with Botkyrka's case
     * is Botkyrka's to read and review. Haninge's officer read the full entry, and a PARTNER_STAFF_ACCESS item naming
     * Botkyrka's case went to Haninge's queue, because the liaison's token named Haninge.
     */
    @Test
    void whatThePoliceDidWithAnotherMunicipalitysCaseIsThatMunicipalitysNotTheLiaisonsHomeMunicipalitys() {
        UUID caseId = UUID.randomUUID();
        CloudEvent read = send(access(ref(TestUser.POLICE_LIAISON), caseId, UUID.randomUUID(), "ReadReferral", AccessOutcome.ALLOWED,
                TestUser.BOTKYRKA));
        CloudEvent partner = send(access(ref(TestUser.EXIT_COORDINATOR), UUID.randomUUID(), UUID.randomUUID(), "ReadCase",
                AccessOutcome.ALLOWED, TestUser.HANINGE));
        await().atMost(Duration.ofSeconds(20)).until(() -> entriesWithEventId(read.id()) == 1 && entriesWithEventId(partner.id()) == 1);
        await().atMost(Duration.ofSeconds(20)).until(() -> !rulesOf(partner).isEmpty());

        assertThat(json(get("/api/audit/entries?caseId=" + caseId, TestUser.COMPLIANCE_OFFICER)).get("items")).as("eva, Haninge").isEmpty();
        assertThat(get("/api/audit/export?caseId=" + caseId, TestUser.COMPLIANCE_OFFICER).body()).doesNotContain(read.id());
        assertThat(json(get("/api/audit/entries?caseId=" + caseId, HANNA)).get("items").findValuesAsString("eventId"))
                .as("hanna, Botkyrka: her municipality's case").containsExactly(read.id());
        assertThat(rulesOf(read)).as("a police read is no partner's").doesNotContain("PARTNER_ACCESS", "PARTNER_STAFF_ACCESS");
        // the rule still holds for a partner municipality's staff: goran (Botkyrka) on a Haninge case
        assertThat(rulesOf(partner)).contains("PARTNER_ACCESS", "PARTNER_STAFF_ACCESS");
    }

    /**
     * Whether an item is decided is what the log says. The service's runtime role may insert into review_decisions: a
     * row pointing at any entry took the item out of the open queue, with that entry's actor shown as its decider.
     */
    @Test
    void anItemIsDecidedByItsDecisionInTheLogNotByARowInTheDecisionsTable() {
        UUID caseId = UUID.randomUUID();
        CloudEvent denied = send(access(ref(TestUser.EXIT_COORDINATOR), caseId, UUID.randomUUID(), "ReadCase", AccessOutcome.DENIED,
                TestUser.HANINGE));
        await().atMost(Duration.ofSeconds(20)).until(() -> entriesWithEventId(denied.id()) == 1);
        UUID item = itemOf(denied, "DENIED_ATTEMPT");
        long deniedLeaf = jdbc.queryForObject("SELECT leaf_index FROM audit_entries WHERE event_id = ?::uuid", Long.class, denied.id());

        assertThat(jdbc.update("INSERT INTO review_decisions (review_item_id, leaf_index) VALUES (?, ?)", item, deniedLeaf))
                .as("the runtime role may write the table").isEqualTo(1);

        JsonNode forged = json(get("/api/audit/review-items/" + item, TestUser.COMPLIANCE_OFFICER));
        assertThat(forged.get("decisionLeafIndex").isNull()).as("no decision in the log").isTrue();
        assertThat(forged.path("decidedBy").isNull() || forged.path("decidedBy").isMissingNode()).isTrue();
        assertThat(json(get("/api/audit/review-items?status=OPEN&caseId=" + caseId, TestUser.COMPLIANCE_OFFICER)).get("items")
                .findValuesAsString("id")).containsExactly(item.toString());

        HttpResponse<String> decided = post("/api/audit/review-items/" + item + "/decision", TestUser.COMPLIANCE_OFFICER,
                "{\"outcome\":\"NOT_JUSTIFIED\",\"comment\":\"Utanför uppdraget\"}");
        assertThat(decided.statusCode()).as(decided.body()).isEqualTo(200);
        assertThat(json(decided).get("decidedBy").asString()).isEqualTo(TestUser.COMPLIANCE_OFFICER.id());
        long decision = json(decided).get("decisionLeafIndex").asLong();
        assertThat(decision).isNotEqualTo(deniedLeaf);
        assertThat(jdbc.queryForObject("SELECT event_type FROM audit_entries WHERE leaf_index = ?", String.class, decision))
                .isEqualTo("se.samverkan.audit.review-decided.v2");
        assertThat(json(get("/api/audit/review-items?status=OPEN&caseId=" + caseId, TestUser.COMPLIANCE_OFFICER)).get("items")).isEmpty();
    }

    /**
     * An item of no municipality (here an unreadable record of a genuine producer) is listed to every officer and any
     * of them may close it: how and why is then every officer's to read, not only the decider's municipality's.
     */
    @Test
    void theDecisionOnAnItemEveryOfficerListsIsEveryOfficersToRead() {
        String key = "unreadable-" + UUID.randomUUID();
        byte[] poison = signed(new CloudEvent(CloudEvent.SPEC_VERSION, UUID.randomUUID().toString(),
                java.net.URI.create("/samverkan/case-service"), "se.samverkan.access.access-recorded.v1", key, Instant.now(),
                "application/json", null, se.samverkan.contracts.CloudEventCodec.mapper().createObjectNode().put("key", key)));
        sendRaw(se.samverkan.contracts.Topics.ACCESS_EVENTS, key, poison);
        UUID item = await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.query("""
                SELECT r.id FROM review_items r JOIN audit_entries e ON e.leaf_index = r.source_leaf_index
                WHERE r.rule = 'MALFORMED_EVENT'
                  AND convert_from(e.entry, 'UTF8')::jsonb -> 'data' ->> 'valueSha256' = encode(sha256(?), 'hex')""",
                (rs, row) -> rs.getObject(1, UUID.class), (Object) poison).stream().findFirst().orElse(null), java.util.Objects::nonNull);
        assertThat(json(get("/api/audit/review-items/" + item, HANNA)).get("municipality").isNull()).as("listed to hanna too").isTrue();

        HttpResponse<String> decided = post("/api/audit/review-items/" + item + "/decision", TestUser.COMPLIANCE_OFFICER,
                "{\"outcome\":\"JUSTIFIED\",\"comment\":\"Testpost från leverantören\"}");
        assertThat(decided.statusCode()).as(decided.body()).isEqualTo(200);
        long decision = json(decided).get("decisionLeafIndex").asLong();

        JsonNode seenByHanna = json(get("/api/audit/entries?type=se.samverkan.audit.review-decided.v2&afterLeaf=" + (decision - 1)
                + "&size=500", HANNA));
        assertThat(seenByHanna.get("items").findValues("leafIndex").stream().map(JsonNode::asLong).toList())
                .as("Botkyrka's officer reads how Haninge's closed it").contains(decision);
        // the comment is free text, kept out of the log: she reads it with the decision
        assertThat(seenByHanna.toString()).doesNotContain("Testpost från leverantören");
        assertThat(json(get("/api/audit/review-items/" + item, HANNA)).get("decision").get("comment").asString())
                .isEqualTo("Testpost från leverantören");
    }

    @Test
    void everySubjectAccessExportRaisesAReviewItemOfItsOwn() {
        ActorRef supervisor = ref(TestUser.SUPERVISOR);
        UUID subjectId = UUID.randomUUID();
        CloudEvent first = send(access(supervisor, null, subjectId, "SUBJECT_ACCESS_EXPORT", AccessOutcome.ALLOWED, TestUser.HANINGE));
        CloudEvent second = send(access(supervisor, null, subjectId, "SUBJECT_ACCESS_EXPORT", AccessOutcome.ALLOWED, TestUser.HANINGE));
        CloudEvent refused = send(access(supervisor, null, subjectId, "SUBJECT_ACCESS_EXPORT", AccessOutcome.DENIED, TestUser.HANINGE));
        CloudEvent read = send(access(supervisor, UUID.randomUUID(), subjectId, "ReadCase", AccessOutcome.ALLOWED, TestUser.HANINGE));
        await().atMost(Duration.ofSeconds(20)).until(() -> List.of(first, second, refused, read).stream()
                .allMatch(e -> entriesWithEventId(e.id()) == 1));
        UUID one = itemOf(first, "SUBJECT_ACCESS_EXPORT");
        UUID two = itemOf(second, "SUBJECT_ACCESS_EXPORT");
        assertThat(one).isNotEqualTo(two);
        assertThat(rulesOf(refused)).doesNotContain("SUBJECT_ACCESS_EXPORT").contains("DENIED_ATTEMPT");
        assertThat(rulesOf(read)).doesNotContain("SUBJECT_ACCESS_EXPORT");
        JsonNode listed = json(get("/api/audit/review-items?rule=SUBJECT_ACCESS_EXPORT&actorId=" + supervisor.userId(), TestUser.COMPLIANCE_OFFICER));
        assertThat(listed.get("items").findValuesAsString("id")).contains(one.toString(), two.toString());
        assertThat(json(get("/api/audit/review-items/" + one, TestUser.COMPLIANCE_OFFICER)).get("municipality").asString())
                .isEqualTo(TestUser.HANINGE);
    }

    private UUID itemOf(CloudEvent event, String rule) {
        return await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.query(
                "SELECT id FROM review_items WHERE source_event_id = ?::uuid AND rule = ?", (rs, row) -> rs.getObject(1, UUID.class),
                event.id(), rule).stream().findFirst().orElse(null), java.util.Objects::nonNull);
    }

    private List<String> rulesOf(CloudEvent event) {
        return jdbc.queryForList("SELECT rule FROM review_item_occurrences WHERE source_event_id = ?::uuid", String.class, event.id());
    }

    private static AccessRecorded access(ActorRef actor, UUID caseId, UUID subjectId, String operation, AccessOutcome outcome,
                                         String owningMunicipality) {
        return new AccessRecorded(actor, caseId, subjectId, null, Program.RAPID_INTERVENTION, TestUser.YOUTH_UNIT,
                AccessAction.READ, operation, List.of("CASE_SUMMARY"), operation, outcome == AccessOutcome.ALLOWED ? "CONSENT" : null,
                false, false, ProtectedIdentity.NONE, outcome, outcome == AccessOutcome.DENIED ? "NOT_ON_TEAM" : null,
                Instant.now(), owningMunicipality);
    }
}
