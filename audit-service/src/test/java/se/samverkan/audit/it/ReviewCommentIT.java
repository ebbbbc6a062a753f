package se.samverkan.audit.it;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import se.samverkan.audit.log.Entries;
import se.samverkan.audit.log.PendingEntry;
import se.samverkan.audit.log.Sequencer;
import se.samverkan.audit.review.ReviewCommentProperties;
import se.samverkan.audit.review.ReviewComments;
import se.samverkan.audit.tlog.NoteKeys;
import se.samverkan.audit.verify.ExportVerifier;
import se.samverkan.contracts.AccessAction;
import se.samverkan.contracts.AccessOutcome;
import se.samverkan.contracts.CloudEvent;
import se.samverkan.contracts.Program;
import se.samverkan.contracts.ProtectedIdentity;
import se.samverkan.contracts.access.AccessRecorded;
import se.samverkan.contracts.signing.EventSigner;
import se.samverkan.platform.test.TestUser;
import tools.jackson.databind.JsonNode;

import java.io.BufferedReader;
import java.io.StringReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An officer's comment on a decision is free text: whatever she types (a name, a personnummer, an address) must not
 * go into the signed, undeletable log or its exports. It is kept where it can be erased, and the decision's entry
 * holds only a keyed digest of it.
 */
class ReviewCommentIT extends AuditServiceITBase {

    private static final String NAME = "Radsdotter";
    private static final String PERSONNUMMER = "20100315-9124";
    private static final String COMMENT = "Ringde Elsa " + NAME + " " + PERSONNUMMER + ", Storgatan 1: åtkomsten var i tjänsten";

    @Autowired Sequencer sequencer;
    @Autowired EventSigner signer;
    @Autowired ReviewComments comments;
    @Autowired ReviewCommentProperties keep;

    @Test
    void theCommentStaysOutOfTheSignedLogAndItsExportAndReadsBackWithTheDecision() throws Exception {
        UUID item = openItem();
        HttpResponse<String> decided = post("/api/audit/review-items/" + item + "/decision", TestUser.COMPLIANCE_OFFICER,
                "{\"outcome\":\"JUSTIFIED\",\"comment\":\"" + COMMENT + "\"}");
        assertThat(decided.statusCode()).as(decided.body()).isEqualTo(200);
        long leaf = json(decided).get("decisionLeafIndex").asLong();

        for (String needle : List.of(NAME, PERSONNUMMER, "Storgatan")) {
            assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_entries WHERE position(convert_to(?, 'UTF8') IN entry) > 0",
                    Long.class, needle)).as("entries holding %s", needle).isZero();
        }
        JsonNode data = se.samverkan.contracts.CloudEventCodec.mapper().readTree(
                jdbc.queryForObject("SELECT entry FROM audit_entries WHERE leaf_index = ?", byte[].class, leaf)).get("data");
        assertThat(data.has("comment")).as(data.toString()).isFalse();
        assertThat(data.get("commentDigest").asString()).as("a keyed digest in its place").matches("[0-9a-f]{72}");
        assertThat(data.get("outcome").asString()).isEqualTo("JUSTIFIED");

        HttpResponse<String> export = get("/api/audit/export?fromLeaf=" + leaf + "&toLeaf=" + (leaf + 1), TestUser.COMPLIANCE_OFFICER);
        assertThat(export.statusCode()).as(export.body()).isEqualTo(200);
        List<String> exported = export.body().lines().filter(line -> line.contains("\"entry\":\""))
                .map(line -> new String(Base64.getDecoder().decode(line.replaceAll(".*\"entry\":\"([^\"]+)\".*", "$1")), StandardCharsets.UTF_8))
                .toList();
        assertThat(exported).as("the decision is exported").hasSize(1);
        assertThat(exported.getFirst()).doesNotContain(NAME).doesNotContain(PERSONNUMMER).doesNotContain("Storgatan");
        NoteKeys.Verifier key = NoteKeys.parseVerifier(get("/api/audit/public-key", (String) null).body());
        ExportVerifier.Result verified = ExportVerifier.verify(new BufferedReader(new StringReader(export.body())), key, PRODUCERS);
        assertThat(verified.ok()).as(verified.message()).isTrue();
        assertThat(verified.producerSigned()).isEqualTo(1);

        // the officer and her municipality's officers read it with the decision, checked against the digest
        for (JsonNode read : List.of(json(decided), json(get("/api/audit/review-items/" + item, TestUser.COMPLIANCE_OFFICER)))) {
            JsonNode decision = read.get("decision");
            assertThat(decision).as(read.toString()).isNotNull();
            assertThat(decision.get("outcome").asString()).isEqualTo("JUSTIFIED");
            assertThat(decision.get("comment").asString()).isEqualTo(COMMENT);
            assertThat(decision.get("commentStatus").asString()).isEqualTo("KEPT");
            assertThat(decision.get("commentErasedAt").isNull()).isTrue();
            assertThat(decision.get("decidedBy").asString()).isEqualTo(TestUser.COMPLIANCE_OFFICER.id());
        }
        assertThat(get("/api/audit/review-items/" + item, TestUser.COMPLIANCE_OFFICER_BOTKYRKA).statusCode())
                .as("not another municipality's").isEqualTo(404);
    }

    /**
     * The erasure job, driven with a clock past the keep: the comment reads as erased (and when), the decision's entry is
     * the same bytes as before and still verifies, and the table allows that erasure and nothing else.
     */
    @Test
    void afterItsKeepTheCommentIsErasedAndTheSignedDecisionIsUntouched() throws Exception {
        UUID item = openItem();
        HttpResponse<String> decided = post("/api/audit/review-items/" + item + "/decision", TestUser.COMPLIANCE_OFFICER,
                "{\"outcome\":\"NOT_JUSTIFIED\",\"comment\":\"" + COMMENT + "\"}");
        assertThat(decided.statusCode()).as(decided.body()).isEqualTo(200);
        long leaf = json(decided).get("decisionLeafIndex").asLong();
        byte[] before = jdbc.queryForObject("SELECT entry FROM audit_entries WHERE leaf_index = ?", byte[].class, leaf);

        // the runtime role may not rewrite, delete or truncate a comment; only erase it
        for (String sql : List.of("UPDATE review_decision_comments SET comment = 'something else' WHERE review_item_id = '" + item + "'",
                "UPDATE review_decision_comments SET review_item_id = gen_random_uuid(), comment = NULL, erased_at = now() WHERE review_item_id = '" + item + "'",
                "DELETE FROM review_decision_comments WHERE review_item_id = '" + item + "'",
                "TRUNCATE review_decision_comments")) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> jdbc.execute(sql)).as(sql)
                    .isInstanceOf(org.springframework.dao.DataAccessException.class);
        }
        assertThat(json(get("/api/audit/review-items/" + item, TestUser.COMPLIANCE_OFFICER)).get("decision").get("comment").asString())
                .isEqualTo(COMMENT);

        assertThat(comments.eraseExpired(Instant.now().plus(keep.commentKeep()).plusSeconds(60))).isPositive();

        JsonNode decision = json(get("/api/audit/review-items/" + item, TestUser.COMPLIANCE_OFFICER)).get("decision");
        assertThat(decision.get("comment").isNull()).as(decision.toString()).isTrue();
        assertThat(decision.get("commentStatus").asString()).isEqualTo("ERASED");
        assertThat(decision.get("commentErasedAt").isNull()).isFalse();
        assertThat(decision.get("outcome").asString()).isEqualTo("NOT_JUSTIFIED");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM review_decision_comments WHERE strpos(comment, ?) > 0", Long.class, NAME))
                .as("no text left").isZero();

        byte[] after = jdbc.queryForObject("SELECT entry FROM audit_entries WHERE leaf_index = ?", byte[].class, leaf);
        assertThat(after).as("the signed entry, digest and all, is what it was").isEqualTo(before);
        assertThat(jdbc.queryForObject("SELECT leaf_hash FROM audit_entries WHERE leaf_index = ?", byte[].class, leaf))
                .isEqualTo(se.samverkan.audit.tlog.Rfc6962.leafHash(after));
        HttpResponse<String> export = get("/api/audit/export?fromLeaf=" + leaf + "&toLeaf=" + (leaf + 1), TestUser.COMPLIANCE_OFFICER);
        NoteKeys.Verifier key = NoteKeys.parseVerifier(get("/api/audit/public-key", (String) null).body());
        ExportVerifier.Result verified = ExportVerifier.verify(new BufferedReader(new StringReader(export.body())), key, PRODUCERS);
        assertThat(verified.ok()).as(verified.message()).isTrue();
    }

    /** Decisions written before the comment left the log hold it in their signed bytes: nothing can change that. */
    @Test
    void anEarlierDecisionWithItsCommentInTheEntryReadsAsBefore() throws Exception {
        UUID item = openItem();
        var data = Entries.object().put("reviewItemId", item.toString()).put("rule", "DENIED_ATTEMPT")
                .put("outcome", "NOT_JUSTIFIED").put("comment", "Skrivet före v2");
        data.set("officer", se.samverkan.contracts.CloudEventCodec.toTree(ref(TestUser.COMPLIANCE_OFFICER)));
        PendingEntry v1 = Entries.internal(signer, UUID.randomUUID(), "se.samverkan.audit.review-decided.v1", item.toString(),
                Instant.now(), ref(TestUser.COMPLIANCE_OFFICER), null, item, data);
        long leaf = sequencer.append(v1).leafIndex();

        JsonNode read = json(get("/api/audit/review-items/" + item, TestUser.COMPLIANCE_OFFICER));
        assertThat(read.get("decisionLeafIndex").asLong()).isEqualTo(leaf);
        JsonNode decision = read.get("decision");
        assertThat(decision).as(read.toString()).isNotNull();
        assertThat(decision.get("outcome").asString()).isEqualTo("NOT_JUSTIFIED");
        assertThat(decision.get("comment").asString()).isEqualTo("Skrivet före v2");
        assertThat(decision.get("commentStatus").asString()).isEqualTo("IN_LOG");
        assertThat(json(get("/api/audit/review-items?status=REVIEWED&caseId=" + read.get("caseId").asString(),
                TestUser.COMPLIANCE_OFFICER)).get("items").findValuesAsString("id")).containsExactly(item.toString());
    }

    /** An open DENIED_ATTEMPT item of Haninge about the exit coordinator (not the deciding officer). */
    private UUID openItem() {
        CloudEvent denied = send(new AccessRecorded(ref(TestUser.EXIT_COORDINATOR), UUID.randomUUID(), UUID.randomUUID(), null,
                Program.RAPID_INTERVENTION, TestUser.YOUTH_UNIT, AccessAction.READ, "ReadCase", List.of("CASE_SUMMARY"), "ReadCase",
                null, false, false, ProtectedIdentity.NONE, AccessOutcome.DENIED, "NOT_ON_TEAM", Instant.now(), TestUser.HANINGE));
        return await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.query(
                "SELECT id FROM review_items WHERE source_event_id = ?::uuid", (rs, row) -> rs.getObject(1, UUID.class), denied.id())
                .stream().findFirst().orElse(null), Objects::nonNull);
    }
}
