package se.samverkan.audit.it;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.contributor.Health;
import se.samverkan.audit.compliance.MunicipalityScope;
import se.samverkan.audit.log.AppendListener;
import se.samverkan.audit.log.AuditProperties;
import se.samverkan.audit.log.CheckpointNotes;
import se.samverkan.audit.log.CheckpointSigner;
import se.samverkan.audit.log.Entries;
import se.samverkan.audit.log.EntrySignatures;
import se.samverkan.audit.log.IntegrityProperties;
import se.samverkan.audit.log.LeadershipHealth;
import se.samverkan.audit.log.LeaderLock;
import se.samverkan.audit.log.LogIntegrity;
import se.samverkan.audit.log.LogStore;
import se.samverkan.audit.log.LogUnavailableException;
import se.samverkan.audit.log.PendingEntry;
import se.samverkan.audit.log.SearchSeals;
import se.samverkan.audit.log.Sequencer;
import se.samverkan.audit.log.StoredCheckpoint;
import se.samverkan.audit.log.UnexpectedLeaves;
import se.samverkan.audit.review.DecisionKeys;
import se.samverkan.audit.review.ReviewComments;
import se.samverkan.audit.review.ReviewDecision;
import se.samverkan.audit.review.ReviewItem;
import se.samverkan.audit.review.ReviewQueue;
import se.samverkan.audit.review.ReviewRule;
import se.samverkan.audit.tlog.CompactRange;
import se.samverkan.audit.tlog.HashSource;
import se.samverkan.audit.tlog.MerkleProofs;
import se.samverkan.audit.tlog.ProofVerifier;
import se.samverkan.audit.tlog.Rfc6962;
import se.samverkan.contracts.AccessAction;
import se.samverkan.contracts.AccessOutcome;
import se.samverkan.contracts.CloudEvent;
import se.samverkan.contracts.CloudEventCodec;
import se.samverkan.contracts.Program;
import se.samverkan.contracts.ProtectedIdentity;
import se.samverkan.contracts.access.AccessRecorded;
import se.samverkan.contracts.signing.EventSigner;
import se.samverkan.platform.identity.Actor;
import se.samverkan.platform.problem.ClientProblem;
import se.samverkan.platform.test.TestEventKeys;
import se.samverkan.platform.test.TestUser;
import se.samverkan.signing.SignedEnvelope;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static se.samverkan.audit.it.RuntimeRoleRows.superuser;

/**
 * The runtime role may INSERT into audit_entries. While the log is idle it inserts the next leaf itself: a copy of
 * one of the log's own entries, made a review decision about another item, with a correct leaf hash and search
 * columns, but the signature of the bytes it was copied from. The sequencer's next insert meets that leaf index taken;
 * it used to adopt the leaf and sign the next checkpoint over it, and the integrity pass checked only hashes and
 * columns, so nothing went DOWN.
 */
class ForgedLeafIT extends AuditServiceITBase {

    @Autowired LogIntegrity integrity;
    @Autowired Sequencer sequencer;
    @Autowired LogStore store;
    @Autowired CheckpointSigner signer;
    @Autowired CheckpointNotes notes;
    @Autowired EntrySignatures signatures;
    @Autowired UnexpectedLeaves unexpected;
    @Autowired SearchSeals seals;
    @Autowired IntegrityProperties pace;
    @Autowired MeterRegistry meters;
    @Autowired TransactionTemplate transactions;
    @Autowired List<AppendListener> listeners;
    @Autowired AuditProperties auditProperties;
    @Autowired Clock clock;
    @Autowired EventSigner eventSigner;
    @Autowired DecisionKeys decisionKeys;
    @Autowired ReviewComments comments;
    @Autowired se.samverkan.audit.review.ReviewQueueIntegrity reviewItems;

    @Test
    void aLeafTheRuntimeRoleInsertedIsNotSignedOverAndItsSignatureIsNamed() {
        // one of the log's own entries to copy: an officer's search is logged, signed with audit-service's key
        byte[] copied = ownSearchEntry();
        // made the decision of an open item: a denied attempt, in the officer's municipality
        CloudEvent denied = send(deniedRead());
        UUID item = await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.query(
                "SELECT id FROM review_items WHERE source_event_id = ?::uuid", (rs, row) -> rs.getObject(1, UUID.class), denied.id())
                .stream().findFirst().orElse(null), java.util.Objects::nonNull);
        ObjectNode forged = (ObjectNode) CloudEventCodec.mapper().readTree(copied);
        forged.put("id", UUID.randomUUID().toString());
        forged.put("type", Entries.REVIEW_DECIDED);
        ((ObjectNode) forged.get("data")).put("referenceId", item.toString());
        byte[] bytes = CloudEventCodec.mapper().writeValueAsBytes(forged);
        assertThat(SignedEnvelope.split(bytes)).as("it still carries a signature, of other bytes").isPresent();
        double violationsBefore = violations();

        long leaf = await().atMost(Duration.ofSeconds(20)).until(() -> insertAsTheNextLeaf(bytes), index -> index >= 0);
        try {
            CloudEvent genuine = send(liaisonRead());
            await().atMost(Duration.ofSeconds(20)).until(() -> entriesWithEventId(genuine.id()) == 1);
            long genuineLeaf = jdbc.queryForObject("SELECT leaf_index FROM audit_entries WHERE event_id = ?::uuid", Long.class, genuine.id());
            assertThat(genuineLeaf).as("appended after the forged leaf").isGreaterThan(leaf);

            String named = "leaf " + leaf + ": not appended by this log's sequencer, and its producer signature does not verify (BAD_SIGNATURE)";
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(integrity.verdict().problems())
                    .anySatisfy(problem -> assertThat(problem).startsWith(named)));
            assertThat(json(get("/actuator/health", (String) null)).get("components").get("auditLogIntegrity").get("status").asString())
                    .isEqualTo("DOWN");
            assertThat(violations()).isGreaterThan(violationsBefore);
            assertThatThrownBy(sequencer::checkpointNow).isInstanceOf(LogUnavailableException.class)
                    .hasMessageContaining("leaf " + leaf);
            assertThat(jdbc.queryForObject("SELECT coalesce(max(tree_size), 0) FROM checkpoints", Long.class))
                    .as("no checkpoint signed over the forged leaf").isLessThanOrEqualTo(leaf);
            // it names the item in its reference column, but a refused leaf decides nothing: the item stays open
            assertThat(jdbc.queryForObject("SELECT reference_id FROM audit_entries WHERE leaf_index = ?", UUID.class, leaf)).isEqualTo(item);
            JsonNode stillOpen = json(get("/api/audit/review-items/" + item, TestUser.COMPLIANCE_OFFICER));
            assertThat(stillOpen.get("decisionLeafIndex").isNull()).as("undecided: " + stillOpen).isTrue();
            assertThat(json(get("/api/audit/review-items?status=OPEN&rule=DENIED_ATTEMPT&actorId=" + TestUser.EXIT_COORDINATOR.id(),
                    TestUser.COMPLIANCE_OFFICER)).get("items").findValuesAsString("id")).contains(item.toString());
            // and a decision now would follow a leaf nothing is signed over (the remedy removes what follows it)
            assertThat(post("/api/audit/review-items/" + item + "/decision", TestUser.COMPLIANCE_OFFICER,
                    "{\"outcome\":\"JUSTIFIED\",\"comment\":\"looked into\"}").statusCode()).isEqualTo(503);
            assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_entries WHERE reference_id = ? AND event_type = ?", Long.class,
                    item, Entries.REVIEW_DECIDED)).as("only the forged one").isEqualTo(1);

            // a log whose (unpatched) sequencer did sign over it: the integrity pass verifies every entry's signature
            long size = store.size();
            byte[] root = new MerkleProofs(store).root(size);
            StoredCheckpoint signedOver = new StoredCheckpoint(size, root, signer.sign(size, root), UUID.randomUUID(), Instant.now());
            LogStore asIfSigned = new LogStore(jdbc) {
                @Override
                public Optional<StoredCheckpoint> latestCheckpoint() {
                    return Optional.of(signedOver);
                }
            };
            LogIntegrity passOverIt = new LogIntegrity(jdbc, asIfSigned, pace, seals, new SimpleMeterRegistry(), null, notes,
                    signatures, null);
            Health health = passOverIt.check();
            assertThat(health.getStatus().getCode()).isEqualTo("DOWN");
            assertThat(health.getDetails().get("problems").toString())
                    .contains("leaf " + leaf + ": its producer signature does not verify (BAD_SIGNATURE)");
            assertThat(passOverIt.distrusted().includes(leaf)).as("what the pass found is no decision either").isTrue();
        } finally {
            putBackSigned(leaf, forged);
        }
        assertThat(unexpected.problems()).as("a genuine leaf there now").isEmpty();
        integrity.check();
        assertThat(integrity.check().getStatus().getCode()).as("clean again once the leaf is genuine").isEqualTo("UP");
    }

    /**
     * An exact copy of a genuinely signed decision, its bytes untouched (so its leaf hash and signature verify), in a
     * row whose event_id and reference_id columns were rewritten to name another item: the sequencer checked only hash
     * and signature, signed over it, and the other item read as decided until the integrity pass reached the row.
     */
    @Test
    void aCopiedDecisionWhoseColumnsNameAnotherItemIsRefusedAndDecidesNothing() throws Exception {
        logOfAtLeast(3);
        UUID decidedItem = openItem();
        UUID other = openItem();
        var decided = post("/api/audit/review-items/" + decidedItem + "/decision", TestUser.COMPLIANCE_OFFICER,
                "{\"outcome\":\"JUSTIFIED\",\"comment\":\"looked into\"}");
        assertThat(decided.statusCode()).as(decided.body()).isEqualTo(200);
        byte[] copied = jdbc.queryForObject("SELECT entry FROM audit_entries WHERE leaf_index = ?", byte[].class,
                json(decided).get("decisionLeafIndex").asLong());
        UUID columnId = UUID.randomUUID();

        long leaf = await().atMost(Duration.ofSeconds(20)).until(() -> insertAsTheNextLeaf(copied, columnId, other), index -> index >= 0);
        ObjectNode asColumnsSay = (ObjectNode) CloudEventCodec.mapper().readTree(copied);
        try {
            CloudEvent genuine = send(liaisonRead());
            await().atMost(Duration.ofSeconds(20)).until(() -> entriesWithEventId(genuine.id()) == 1);

            String named = "leaf " + leaf + ": not appended by this log's sequencer, and search columns event_id, reference_id "
                    + "differ from what its bytes say";
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(integrity.verdict().problems())
                    .anySatisfy(problem -> assertThat(problem).startsWith(named)));
            assertThat(jdbc.queryForObject("SELECT coalesce(max(tree_size), 0) FROM checkpoints", Long.class))
                    .as("no checkpoint signed over the copy").isLessThanOrEqualTo(leaf);
            JsonNode stillOpen = json(get("/api/audit/review-items/" + other, TestUser.COMPLIANCE_OFFICER));
            assertThat(stillOpen.get("decisionLeafIndex").isNull()).as("undecided: " + stillOpen).isTrue();
        } finally {
            // what the columns say, signed: a genuine decision of the other item
            asColumnsSay.put("id", columnId.toString());
            ((ObjectNode) asColumnsSay.get("data")).put("referenceId", other.toString()).put("reviewItemId", other.toString());
            putBackSigned(leaf, asColumnsSay);
        }
        assertThat(unexpected.problems()).isEmpty();
    }

    /**
     * The decision's id was derived from the item alone ("review-decision/<item>"), so the runtime role could insert a
     * row with it ahead of any decision: every real decision of the item was then a duplicate of that row and answered
     * 409 "decided by someone else", for as long as the row stood, whatever the row was.
     */
    @Test
    void aRowHoldingTheIdADecisionWouldTakeDoesNotMakeDecidingAConflict() throws Exception {
        byte[] copied = ownSearchEntry();
        UUID item = openItem();
        ObjectNode forged = (ObjectNode) CloudEventCodec.mapper().readTree(copied);
        forged.put("id", UUID.nameUUIDFromBytes(("review-decision/" + item).getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString());
        byte[] bytes = CloudEventCodec.mapper().writeValueAsBytes(forged);

        long leaf = await().atMost(Duration.ofSeconds(20)).until(() -> insertAsTheNextLeaf(bytes), index -> index >= 0);
        try {
            var first = post("/api/audit/review-items/" + item + "/decision", TestUser.COMPLIANCE_OFFICER,
                    "{\"outcome\":\"JUSTIFIED\",\"comment\":\"looked into\"}");
            assertThat(first.statusCode()).as("the forged leaf is refused and decisions wait for its removal, no conflict: "
                    + first.body()).isEqualTo(503);
        } finally {
            putBackSigned(leaf, forged);
        }
        // the row is now a genuine entry of its own, still holding that id: it is no decision, and blocks none
        var decided = post("/api/audit/review-items/" + item + "/decision", TestUser.COMPLIANCE_OFFICER,
                "{\"outcome\":\"JUSTIFIED\",\"comment\":\"looked into\"}");
        assertThat(decided.statusCode()).as(decided.body()).isEqualTo(200);
        assertThat(json(decided).get("decisionLeafIndex").asLong()).isGreaterThan(leaf);
    }

    /**
     * What the integrity pass and the sequencer found is held in memory: a new process knew nothing of it until they
     * had looked again, and meanwhile a forged decision in the log decided its item (read as decided, and deciding it
     * was refused as "already reviewed"). A restart is played with what a new process starts from: an integrity pass
     * and a sequencer's findings that have seen nothing yet, the review queue reading through them.
     */
    @Test
    void aForgedDecisionCountsForNothingAfterARestart_beforeTheFirstPassAsAfterIt() {
        byte[] copied = ownSearchEntry();
        UUID item = openItem();
        ObjectNode forged = (ObjectNode) CloudEventCodec.mapper().readTree(copied);
        forged.put("id", UUID.randomUUID().toString());
        forged.put("type", Entries.REVIEW_DECIDED);
        ((ObjectNode) forged.get("data")).put("referenceId", item.toString());
        byte[] bytes = CloudEventCodec.mapper().writeValueAsBytes(forged);

        long leaf = await().atMost(Duration.ofSeconds(20)).until(() -> insertAsTheNextLeaf(bytes), index -> index >= 0);
        Sequencer afterRestart = null;
        try {
            // the running service meets the leaf with its next entry and refuses it; then it restarts
            CloudEvent genuine = send(liaisonRead());
            await().atMost(Duration.ofSeconds(20)).until(() -> entriesWithEventId(genuine.id()) == 1);
            assertThat(unexpected.firstRefused()).isEqualTo(leaf);
            sequencer.stop();
            UnexpectedLeaves foundAfterRestart = new UnexpectedLeaves(store, signatures, new SimpleMeterRegistry());
            LogIntegrity restarted = new LogIntegrity(jdbc, store, pace, seals, new SimpleMeterRegistry(), null, notes, signatures,
                    foundAfterRestart);
            ReviewQueue queue = new ReviewQueue(jdbc, sequencer, clock, eventSigner, restarted, decisionKeys, comments, reviewItems);
            Actor officer = TestUser.COMPLIANCE_OFFICER.actor();
            MunicipalityScope scope = MunicipalityScope.of(officer);
            ReviewDecision decision = new ReviewDecision(ReviewDecision.Outcome.JUSTIFIED, "looked into");

            assertThat(queue.find(item, scope).orElseThrow().decisionLeafIndex()).as("nothing checked yet: no decision counts").isNull();
            assertThat(queue.list(scope, ReviewQueue.Status.REVIEWED, ReviewRule.DENIED_ATTEMPT, TestUser.EXIT_COORDINATOR.id(), null, 0, 500))
                    .extracting(ReviewItem::id).doesNotContain(item);
            assertThatThrownBy(() -> queue.decide(item, decision, officer)).as("503: the log cannot tell yet what a decision follows")
                    .isInstanceOf(LogUnavailableException.class);

            // the new process leads, checking what it did not append; the first pass has not run yet
            afterRestart = new Sequencer(store, transactions, listeners, signer, auditProperties, clock,
                    new LeaderLock(jdbcUrlWithoutUser(), "audit_service", "audit_service"), event -> { }, foundAfterRestart, notes);
            afterRestart.start();
            await().atMost(Duration.ofSeconds(20)).until(afterRestart::isLeader);
            assertThat(foundAfterRestart.firstRefused()).isEqualTo(leaf);
            assertThat(queue.find(item, scope).orElseThrow().decisionLeafIndex()).isNull();
            assertThatThrownBy(() -> queue.decide(item, decision, officer)).isInstanceOf(LogUnavailableException.class);

            // and after the first pass, as before the restart: the refused leaf decides nothing, deciding waits for its removal
            restarted.check();
            assertThat(restarted.distrusted().includes(leaf)).isTrue();
            assertThat(queue.find(item, scope).orElseThrow().decisionLeafIndex()).isNull();
            assertThat(queue.list(scope, ReviewQueue.Status.OPEN, ReviewRule.DENIED_ATTEMPT, TestUser.EXIT_COORDINATOR.id(), null, 0, 500))
                    .extracting(ReviewItem::id).contains(item);
            assertThatThrownBy(() -> queue.decide(item, decision, officer)).isInstanceOf(LogUnavailableException.class)
                    .hasMessageContaining("refused to sign over");
        } finally {
            if (afterRestart != null) {
                afterRestart.stop();
            }
            putBackSigned(leaf, forged);
        }
        assertThat(unexpected.problems()).isEmpty();
    }

    /**
     * After a restart every decision answered 503 until the first integrity pass had read the whole log (up to
     * pass-within, a minute, on a large one): what the last process found was in its memory only. A decision depends
     * on the item's own decision entries (is it decided already?) and on the sequencer's check of the leaves after the
     * latest checkpoint (would the new one follow a refused leaf?); the latter is done when the new process leads, and
     * the former are now proven one by one: each row's own checks and an inclusion proof against the latest checkpoint
     * this log signed. So an item is decided at once, and a forged decision of it under that checkpoint (a row a
     * superuser rewrote, since the runtime role cannot) still decides nothing.
     */
    @Test
    void afterARestartAnItemIsDecidedAtOnce_whileAForgedDecisionUnderTheCheckpointStillDecidesNothing() {
        byte[] copied = ownSearchEntry();
        long rewritten = leafOf(copied);
        byte[] copiedToo = ownSearchEntry();
        long rewrittenToo = leafOf(copiedToo);
        UUID decidedBefore = openItem();
        var first = post("/api/audit/review-items/" + decidedBefore + "/decision", TestUser.COMPLIANCE_OFFICER,
                "{\"outcome\":\"JUSTIFIED\",\"comment\":\"looked into\"}");
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        long decisionLeaf = json(first).get("decisionLeafIndex").asLong();
        UUID item = openItem();
        ObjectNode forged = (ObjectNode) CloudEventCodec.mapper().readTree(copied);
        forged.put("id", UUID.randomUUID().toString());
        forged.put("type", Entries.REVIEW_DECIDED);
        ((ObjectNode) forged.get("data")).put("referenceId", item.toString());
        byte[] bytes = CloudEventCodec.mapper().writeValueAsBytes(forged);
        // a decision signed as this service signs, bytes and columns whole, but not the leaf the checkpoint signs there
        UUID unproven = openItem();
        ObjectNode whole = (ObjectNode) CloudEventCodec.mapper().readTree(copiedToo);
        whole.put("type", Entries.REVIEW_DECIDED);
        ((ObjectNode) whole.get("data")).put("referenceId", unproven.toString());
        byte[] signedElsewhere = genuine(CloudEventCodec.mapper().writeValueAsBytes(whole)).bytes();
        // the decisions' leaves under the latest checkpoint this log signed
        assertThat(sequencer.checkpointNow().treeSize()).isGreaterThan(Math.max(Math.max(rewritten, rewrittenToo), decisionLeaf));

        Sequencer afterRestart = null;
        try {
            rewriteRow(rewritten, bytes);
            rewriteRow(rewrittenToo, signedElsewhere);
            sequencer.stop();
            UnexpectedLeaves foundAfterRestart = new UnexpectedLeaves(store, signatures, new SimpleMeterRegistry());
            LogIntegrity restarted = new LogIntegrity(jdbc, store, pace, seals, new SimpleMeterRegistry(), null, notes, signatures,
                    foundAfterRestart);
            afterRestart = ownSequencer(foundAfterRestart);
            afterRestart.start();
            await().atMost(Duration.ofSeconds(20)).until(afterRestart::isLeader);
            ReviewQueue queue = new ReviewQueue(jdbc, afterRestart, clock, eventSigner, restarted, decisionKeys, comments, reviewItems);
            Actor officer = TestUser.COMPLIANCE_OFFICER.actor();
            MunicipalityScope scope = MunicipalityScope.of(officer);
            ReviewDecision decision = new ReviewDecision(ReviewDecision.Outcome.JUSTIFIED, "looked into");
            assertThat(restarted.distrusted().known()).as("no pass has run in the new process").isFalse();

            // the item decided before the restart reads decided, and a second decision is a conflict, at once
            assertThat(queue.find(decidedBefore, scope).orElseThrow().decisionLeafIndex()).isEqualTo(decisionLeaf);
            assertThatThrownBy(() -> queue.decide(decidedBefore, decision, officer)).isInstanceOf(ClientProblem.class)
                    .hasMessageContaining("already decided");

            // the forged decision decides nothing: the item is open, and decided at once
            assertThat(queue.find(item, scope).orElseThrow().decisionLeafIndex()).isNull();
            ReviewItem decided = queue.decide(item, decision, officer);
            assertThat(decided.decisionLeafIndex()).isNotNull().isGreaterThan(rewritten);
            assertThat(decided.decision().outcome()).isEqualTo("JUSTIFIED");
            assertThat(restarted.distrusted().known()).as("still before the first pass").isFalse();

            // a row whose own checks hold but whose leaf is not in the signed tree is not proven: it waits for the pass
            assertThat(queue.find(unproven, scope).orElseThrow().decisionLeafIndex()).isNull();
            assertThatThrownBy(() -> queue.decide(unproven, decision, officer)).isInstanceOf(LogUnavailableException.class)
                    .hasMessageContaining("first integrity pass");

            // and the first pass agrees
            restarted.check();
            assertThat(restarted.distrusted().includes(rewritten)).isTrue();
            assertThat(queue.find(item, scope).orElseThrow().decisionLeafIndex()).isEqualTo(decided.decisionLeafIndex());
        } finally {
            if (afterRestart != null) {
                afterRestart.stop();
            }
            sequencer.stop();
            try {
                rewriteRow(rewritten, copied);
                rewriteRow(rewrittenToo, copiedToo);
                superuser("DELETE FROM audit_search_seals WHERE leaf_index IN (" + rewritten + ", " + rewrittenToo + ")");
            } finally {
                sequencer.start();
            }
            await().atMost(Duration.ofSeconds(20)).until(sequencer::isLeader);
        }
        integrity.check();
        assertThat(integrity.check().getStatus().getCode()).isEqualTo("UP");
    }

    private long leafOf(byte[] entry) {
        return jdbc.queryForObject("SELECT leaf_index FROM audit_entries WHERE event_id = ?", Long.class,
                Entries.fromStored(entry).eventId());
    }

    /** Beyond the runtime role: a superuser puts these bytes into a stored row, with the leaf hash and columns they give. */
    private void rewriteRow(long leaf, byte[] bytes) {
        PendingEntry e = Entries.fromStored(bytes);
        HexFormat hex = HexFormat.of();
        superuser("UPDATE audit_entries SET entry = decode('" + hex.formatHex(bytes) + "', 'hex'), leaf_hash = decode('"
                + hex.formatHex(Rfc6962.leafHash(bytes)) + "', 'hex'), event_id = " + literal(e.eventId()) + ", source = "
                + literal(e.source()) + ", event_type = " + literal(e.eventType()) + ", case_id = " + literal(e.caseId())
                + ", subject_id = " + literal(e.subjectId()) + ", actor_id = " + literal(e.actorId()) + ", action = "
                + literal(e.action()) + ", legal_basis = " + literal(e.legalBasis()) + ", outcome = " + literal(e.outcome())
                + ", reference_id = " + literal(e.referenceId()) + ", occurred_at = " + literal(e.occurredAt())
                + " WHERE leaf_index = " + leaf);
    }

    private static String literal(Object value) {
        return value == null ? "NULL" : "'" + value.toString().replace("'", "''") + "'";
    }

    /**
     * The sequencer checked a leaf it had not written only when its next insert met the leaf index taken: while nothing
     * was appended, a decision inserted by the runtime role as the next leaf counted (the item read as decided, and
     * deciding it was refused as already reviewed) until the next entry came in, however long that was. Played with a
     * sequencer of the test's own, so that nothing else in the service (the reconciliation, a logged read) appends.
     */
    @Test
    void aForgedDecisionInsertedWhileTheLogIsIdleIsDistrustedWithoutAnAppend() {
        byte[] copied = ownSearchEntry();
        UUID item = openItem();
        ObjectNode forged = (ObjectNode) CloudEventCodec.mapper().readTree(copied);
        forged.put("id", UUID.randomUUID().toString());
        forged.put("type", Entries.REVIEW_DECIDED);
        ((ObjectNode) forged.get("data")).put("referenceId", item.toString());
        byte[] bytes = CloudEventCodec.mapper().writeValueAsBytes(forged);

        sequencer.stop();
        UnexpectedLeaves found = new UnexpectedLeaves(store, signatures, new SimpleMeterRegistry());
        Sequencer idle = new Sequencer(store, transactions, listeners, signer, auditProperties, clock,
                new LeaderLock(jdbcUrlWithoutUser(), "audit_service", "audit_service"), event -> { }, found, notes);
        long leaf = -1;
        try {
            idle.start();
            await().atMost(Duration.ofSeconds(20)).until(idle::isLeader);
            LogIntegrity checked = new LogIntegrity(jdbc, store, pace, seals, new SimpleMeterRegistry(), null, notes, signatures, found);
            checked.check();
            ReviewQueue queue = new ReviewQueue(jdbc, idle, clock, eventSigner, checked, decisionKeys, comments, reviewItems);
            MunicipalityScope scope = MunicipalityScope.of(TestUser.COMPLIANCE_OFFICER.actor());
            assertThat(checked.distrusted().known()).isTrue();

            leaf = await().atMost(Duration.ofSeconds(20)).until(() -> insertAsTheNextLeaf(idle, bytes), index -> index >= 0);
            long forgedLeaf = leaf;
            // nothing is appended: the leader finds the leaf on its own
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(queue.find(item, scope).orElseThrow()
                    .decisionLeafIndex()).as("undecided").isNull());
            assertThat(store.size()).as("nothing appended after it").isEqualTo(leaf + 1);
            assertThat(found.firstRefused()).isEqualTo(leaf);
            assertThat(checked.verdict().problems()).anySatisfy(problem -> assertThat(problem).startsWith("leaf " + forgedLeaf
                    + ": not appended by this log's sequencer"));
            assertThatThrownBy(() -> queue.decide(item, new ReviewDecision(ReviewDecision.Outcome.JUSTIFIED, "looked into"),
                    TestUser.COMPLIANCE_OFFICER.actor())).isInstanceOf(LogUnavailableException.class)
                    .hasMessageContaining("refused to sign over");
        } finally {
            idle.stop();
            if (leaf >= 0) {
                putBackSigned(leaf, forged);
            } else {
                sequencer.start();
                await().atMost(Duration.ofSeconds(20)).until(sequencer::isLeader);
            }
        }
        assertThat(unexpected.problems()).isEmpty();
    }

    /**
     * A leaf the runtime role inserted while the service was down, at an odd index, has no tree node above it: the new
     * process built its range from stored nodes at the store's full size, failed for want of that node, released the
     * lock and tried again for ever, so the log stopped for good. Now it leads from the newest signed checkpoint,
     * refuses the leaf, and genuine entries still go into the log, unsigned until an operator removes the leaf.
     */
    @Test
    void aLeafInsertedWithoutNodesWhileTheServiceWasDownStopsNoRestart() {
        byte[] copied = ownSearchEntry();
        ObjectNode forged = (ObjectNode) CloudEventCodec.mapper().readTree(copied);
        forged.put("id", UUID.randomUUID().toString());
        byte[] bytes = CloudEventCodec.mapper().writeValueAsBytes(forged);

        sequencer.stop();
        Sequencer before = ownSequencer(new UnexpectedLeaves(store, signatures, new SimpleMeterRegistry()));
        Sequencer afterRestart = null;
        long leaf = -1;
        try {
            before.start();
            await().atMost(Duration.ofSeconds(20)).until(before::isLeader);
            // the next leaf at an odd index completes a node: one nobody writes when the runtime role inserts the leaf
            while (store.size() % 2 == 0) {
                before.append(genuine(copied));
            }
            before.checkpointNow();
            before.stop();
            leaf = insertAsTheNextLeaf(before, bytes);
            assertThat(leaf % 2).isEqualTo(1);
            assertThat(jdbc.queryForObject("SELECT count(*) FROM tree_nodes WHERE level = 1 AND node_index = ?", Long.class, leaf / 2))
                    .isZero();

            UnexpectedLeaves found = new UnexpectedLeaves(store, signatures, new SimpleMeterRegistry());
            Sequencer restarted = afterRestart = ownSequencer(found);
            restarted.start();
            await().atMost(Duration.ofSeconds(20)).until(restarted::isLeader);
            assertThat(found.checked()).isEqualTo(new UnexpectedLeaves.Checked(true, leaf));
            long refused = leaf;
            assertThat(found.problems()).anySatisfy(problem -> assertThat(problem).startsWith("leaf " + refused
                    + ": not appended by this log's sequencer, and its producer signature does not verify"));
            // added from its leaf hash: the node above it is there now
            assertThat(store.node(1, leaf / 2)).isEqualTo(Rfc6962.nodeHash(store.node(0, leaf - 1), store.node(0, leaf)));

            // genuine entries go on into the log; nothing is signed over the refused leaf, nor a decision taken after it
            assertThat(restarted.append(genuine(copied)).leafIndex()).isEqualTo(leaf + 1);
            assertThatThrownBy(restarted::checkpointNow).isInstanceOf(LogUnavailableException.class)
                    .hasMessageContaining("leaf " + leaf);
            assertThatThrownBy(() -> restarted.appendWhileSignable(genuine(copied))).isInstanceOf(LogUnavailableException.class)
                    .hasMessageContaining("refused to sign over");
            assertThat(jdbc.queryForObject("SELECT coalesce(max(tree_size), 0) FROM checkpoints", Long.class))
                    .as("no checkpoint signed over the refused leaf").isLessThanOrEqualTo(leaf);
        } finally {
            before.stop();
            if (afterRestart != null) {
                afterRestart.stop();
            }
            if (leaf >= 0) {
                putBackSigned(leaf, forged);
            } else {
                sequencer.start();
                await().atMost(Duration.ofSeconds(20)).until(sequencer::isLeader);
            }
        }
        assertThat(unexpected.problems()).isEmpty();
    }

    /**
     * A tree node the runtime role wrote ahead of the log is left as it is, and the leader signs the tree it computed;
     * but a new process built its range from the stored nodes, so after a restart the forged node, now under a signed
     * checkpoint, became part of the tree it signed next (a checkpoint no consistency proof joins to the one before).
     * Now it finds that the stored nodes do not give the signed root, rebuilds the range from the leaves, names the
     * node, and signs the true tree on.
     */
    @Test
    void aTreeNodeForgedUnderTheCheckpointIsNotSignedOnAfterARestart() {
        byte[] copied = ownSearchEntry();
        sequencer.stop();
        Sequencer before = ownSequencer(new UnexpectedLeaves(store, signatures, new SimpleMeterRegistry()));
        Sequencer afterRestart = null;
        long ahead = -1;
        try {
            before.start();
            await().atMost(Duration.ofSeconds(20)).until(before::isLeader);
            while (store.size() % 4 != 0) {
                before.append(genuine(copied));
            }
            long size = store.size();
            // above the next two leaves, which at size + 2 is one of the subtrees that make up the tree
            ahead = size / 2;
            byte[] made = new byte[32];
            java.util.Arrays.fill(made, (byte) 0x42);
            runtimeRole().treeNode(1, ahead, made);
            before.append(genuine(copied));
            before.append(genuine(copied));
            StoredCheckpoint previous = before.checkpointNow();
            assertThat(previous.treeSize()).isEqualTo(size + 2);
            assertThat(previous.rootHash()).as("the running leader signs the tree it computed").isEqualTo(rootOfTheLeaves(size + 2));
            before.stop();

            SimpleMeterRegistry meters = new SimpleMeterRegistry();
            UnexpectedLeaves found = new UnexpectedLeaves(store, signatures, meters);
            Sequencer restarted = afterRestart = ownSequencer(found);
            restarted.start();
            await().atMost(Duration.ofSeconds(20)).until(restarted::isLeader);
            restarted.append(genuine(copied));
            StoredCheckpoint next = restarted.checkpointNow();
            assertThat(next.treeSize()).isEqualTo(size + 3);
            assertThat(next.rootHash()).as("the tree its leaves give, not one with the forged node").isEqualTo(rootOfTheLeaves(size + 3));
            assertThat(notes.signs(next)).isTrue();
            MerkleProofs fromTheLeaves = new MerkleProofs(leavesOnly(size + 3));
            assertThat(ProofVerifier.verifyConsistency(size + 2, size + 3, previous.rootHash(), next.rootHash(),
                    fromTheLeaves.consistency(size + 2, size + 3))).as("consistent with the checkpoint before").isTrue();

            long forgedNode = ahead;
            assertThat(found.problems()).anySatisfy(problem -> assertThat(problem).startsWith("tree node 1/" + forgedNode
                    + ": not written by this log's sequencer, and not the hash its leaves give"));
            assertThat(LogIntegrity.violations(meters).count()).isPositive();
            assertThat(jdbc.queryForObject("SELECT hash FROM tree_nodes WHERE level = 1 AND node_index = ?", byte[].class, ahead))
                    .as("left as it is").isEqualTo(made);
        } finally {
            before.stop();
            if (afterRestart != null) {
                afterRestart.stop();
            }
            if (ahead >= 0) {
                superuser("UPDATE tree_nodes SET hash = decode('" + HexFormat.of().formatHex(Rfc6962.nodeHash(store.node(0, 2 * ahead),
                        store.node(0, 2 * ahead + 1))) + "', 'hex') WHERE level = 1 AND node_index = " + ahead);
            }
            sequencer.start();
            await().atMost(Duration.ofSeconds(20)).until(sequencer::isLeader);
        }
        assertThat(unexpected.problems()).isEmpty();
        integrity.check();
        assertThat(integrity.check().getStatus().getCode()).isEqualTo("UP");
    }

    /**
     * When the leaves under the newest signed checkpoint do not give its root either, the stored log is not what was
     * signed: a new process does not lead (no checkpoint over it), says so in its health, and counts a violation.
     */
    @Test
    void aRestartRefusesToLeadWhenNeitherNodesNorLeavesGiveTheSignedRoot() {
        byte[] copied = ownSearchEntry();
        sequencer.stop();
        Sequencer before = ownSequencer(new UnexpectedLeaves(store, signatures, new SimpleMeterRegistry()));
        Sequencer afterRestart = null;
        long size = -1;
        byte[] genuineLeafHash = null;
        try {
            before.start();
            await().atMost(Duration.ofSeconds(20)).until(before::isLeader);
            while (store.size() % 4 != 0) {
                before.append(genuine(copied));
            }
            before.append(genuine(copied));
            before.append(genuine(copied));
            size = store.size();
            StoredCheckpoint signed = before.checkpointNow();
            assertThat(signed.treeSize()).isEqualTo(size);
            before.stop();
            // below the runtime role's reach: a superuser rewrites the last leaf's hash and the node above it to match
            genuineLeafHash = store.node(0, size - 1);
            byte[] other = Rfc6962.leafHash("rewritten".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            HexFormat hex = HexFormat.of();
            superuser("UPDATE audit_entries SET leaf_hash = decode('" + hex.formatHex(other) + "', 'hex') WHERE leaf_index = " + (size - 1));
            superuser("UPDATE tree_nodes SET hash = decode('" + hex.formatHex(Rfc6962.nodeHash(store.node(0, size - 2), other))
                    + "', 'hex') WHERE level = 1 AND node_index = " + ((size - 2) / 2));

            SimpleMeterRegistry meters = new SimpleMeterRegistry();
            UnexpectedLeaves found = new UnexpectedLeaves(store, signatures, meters);
            Sequencer restarted = afterRestart = ownSequencer(found);
            restarted.start();
            long signedSize = size;
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(found.problems()).anySatisfy(problem -> assertThat(problem)
                    .startsWith("the signed checkpoint at tree size " + signedSize + " is not the stored log")));
            assertThat(restarted.isLeader()).isFalse();
            assertThat(restarted.refusal()).contains("its leaves do not give that root either");
            assertThat(new LeadershipHealth(restarted).health().getStatus().getCode()).isEqualTo("DOWN");
            assertThat(LogIntegrity.violations(meters).count()).isEqualTo(1.0);
            // a standby asks again at every lease check: said once, the leaves not read again
            await().during(Duration.ofMillis(800)).atMost(Duration.ofSeconds(5)).until(() -> !restarted.isLeader());
            assertThat(LogIntegrity.violations(meters).count()).isEqualTo(1.0);
            assertThatThrownBy(() -> restarted.append(genuine(copied))).isInstanceOf(LogUnavailableException.class);
            assertThat(jdbc.queryForObject("SELECT max(tree_size) FROM checkpoints", Long.class)).isEqualTo(size);
        } finally {
            before.stop();
            if (afterRestart != null) {
                afterRestart.stop();
            }
            if (genuineLeafHash != null) {
                HexFormat hex = HexFormat.of();
                superuser("UPDATE audit_entries SET leaf_hash = decode('" + hex.formatHex(genuineLeafHash) + "', 'hex') WHERE leaf_index = " + (size - 1));
                superuser("UPDATE tree_nodes SET hash = decode('" + hex.formatHex(Rfc6962.nodeHash(store.node(0, size - 2), genuineLeafHash))
                        + "', 'hex') WHERE level = 1 AND node_index = " + ((size - 2) / 2));
            }
            sequencer.start();
            await().atMost(Duration.ofSeconds(20)).until(sequencer::isLeader);
        }
        assertThat(unexpected.problems()).isEmpty();
        integrity.check();
        assertThat(integrity.check().getStatus().getCode()).isEqualTo("UP");
    }

    /** A sequencer of the test's own, checking as the service's does: a process of its own, as after a restart. */
    private Sequencer ownSequencer(UnexpectedLeaves found) {
        return new Sequencer(store, transactions, listeners, signer, auditProperties, clock,
                new LeaderLock(jdbcUrlWithoutUser(), "audit_service", "audit_service"), event -> { }, found, notes);
    }

    private byte[] rootOfTheLeaves(long size) {
        CompactRange range = CompactRange.empty();
        store.leafHashes(0, size).forEach(leaf -> range.append(leaf.leafHash()));
        assertThat(range.size()).isEqualTo(size);
        return range.root();
    }

    /** The tree's nodes computed from the stored leaf hashes alone, whatever tree_nodes holds. */
    private HashSource leavesOnly(long size) {
        List<byte[]> leaves = store.leafHashes(0, size).stream().map(LogStore.StoredLeafHash::leafHash).toList();
        return new HashSource() {
            @Override
            public byte[] node(int level, long index) {
                return level == 0 ? leaves.get((int) index)
                        : Rfc6962.nodeHash(node(level - 1, 2 * index), node(level - 1, 2 * index + 1));
            }
        };
    }

    private UUID openItem() {
        CloudEvent denied = send(deniedRead());
        return await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.query(
                "SELECT id FROM review_items WHERE source_event_id = ?::uuid", (rs, row) -> rs.getObject(1, UUID.class), denied.id())
                .stream().findFirst().orElse(null), java.util.Objects::nonNull);
    }

    /**
     * The runtime role may INSERT into tree_nodes too: a node at a position the log has not reached yet made the
     * sequencer's insert of that node conflict in every batch that completed it, retried for ever, so the log stopped
     * taking anything in. Now a node already there is left as it is: if it is what the leaves give, nothing is said;
     * if not, appending goes on and the node is named.
     */
    @Test
    void aTreeNodeTheRuntimeRoleWroteAheadStopsNoAppendAndIsNamedWhenItDiffers() {
        logOfAtLeast(3);
        CompactRange.Node stored = jdbc.queryForObject("SELECT level, node_index, hash FROM tree_nodes WHERE level = 1 AND node_index = 0",
                (rs, row) -> new CompactRange.Node(rs.getInt(1), rs.getLong(2), rs.getBytes(3)));
        assertThat(store.insertNodes(List.of(stored))).as("an equal node is no conflict").isEmpty();

        // level 1 above two leaves still to come, written ahead with a hash of its own
        long ahead = store.size() / 2 + 1;
        byte[] made = new byte[32];
        java.util.Arrays.fill(made, (byte) 0x42);
        runtimeRole().treeNode(1, ahead, made);
        try {
            List<CloudEvent> reads = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                reads.add(send(liaisonRead()));
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> reads.stream().allMatch(read -> entriesWithEventId(read.id()) == 1));
            assertThat(store.size()).isGreaterThanOrEqualTo(2 * ahead + 2);

            String named = "tree node 1/" + ahead + ": not written by this log's sequencer, and not the hash its leaves give";
            assertThat(unexpected.problems()).anySatisfy(problem -> assertThat(problem).startsWith(named));
            assertThat(json(get("/actuator/health", (String) null)).get("components").get("auditLogIntegrity").get("status").asString())
                    .isEqualTo("DOWN");
            assertThat(jdbc.queryForObject("SELECT hash FROM tree_nodes WHERE level = 1 AND node_index = ?", byte[].class, ahead))
                    .as("left as it is").isEqualTo(made);
        } finally {
            // the test database is shared: the node the leaves give, and a sequencer that starts again from it
            sequencer.stop();
            try {
                byte[] left = store.node(0, 2 * ahead);
                byte[] right = store.node(0, 2 * ahead + 1);
                superuser("UPDATE tree_nodes SET hash = decode('" + HexFormat.of().formatHex(Rfc6962.nodeHash(left, right))
                        + "', 'hex') WHERE level = 1 AND node_index = " + ahead);
            } finally {
                sequencer.start();
            }
            await().atMost(Duration.ofSeconds(20)).until(sequencer::isLeader);
        }
        assertThat(unexpected.problems()).isEmpty();
        integrity.check();
        assertThat(integrity.check().getStatus().getCode()).isEqualTo("UP");
    }

    /** As the runtime role, while the sequencer has everything committed: the next leaf index, or -1 when taken meanwhile. */
    private long insertAsTheNextLeaf(byte[] bytes) {
        return insertAsTheNextLeaf(sequencer, bytes);
    }

    private long insertAsTheNextLeaf(Sequencer writer, byte[] bytes) {
        PendingEntry e = Entries.fromStored(bytes);
        return insertAsTheNextLeaf(writer, bytes, e.eventId(), e.referenceId());
    }

    private long insertAsTheNextLeaf(byte[] bytes, UUID eventIdColumn, UUID referenceColumn) {
        return insertAsTheNextLeaf(sequencer, bytes, eventIdColumn, referenceColumn);
    }

    /** The same, with the event_id and reference_id columns as given instead of what the bytes say. */
    private long insertAsTheNextLeaf(Sequencer writer, byte[] bytes, UUID eventIdColumn, UUID referenceColumn) {
        long next = store.size();
        if (writer.size() != next) {
            return -1;
        }
        return runtimeRole().leaf(next, bytes, eventIdColumn, referenceColumn) ? next : -1;
    }

    /**
     * The test database is shared: the leaf becomes what audit-service would have signed (the same content, so the
     * search index's view of it stays right), the tree above it is rebuilt, and the sequencer starts again from the
     * database, as after a restart, checking what it did not append.
     */
    private void putBackSigned(long leaf, ObjectNode forged) {
        sequencer.stop();
        try {
            forged.remove(SignedEnvelope.SIGNATURE_ATTRIBUTE);
            forged.remove(SignedEnvelope.KEY_ID_ATTRIBUTE);
            byte[] genuine = TestEventKeys.signer("audit-service").sign(CloudEventCodec.mapper().treeToValue(forged, CloudEvent.class));
            HexFormat hex = HexFormat.of();
            superuser("UPDATE audit_entries SET entry = decode('" + hex.formatHex(genuine) + "', 'hex'), leaf_hash = decode('"
                    + hex.formatHex(Rfc6962.leafHash(genuine)) + "', 'hex') WHERE leaf_index = " + leaf);
            superuser("DELETE FROM audit_search_seals WHERE leaf_index >= " + leaf);
            superuser("DELETE FROM tree_nodes WHERE ((node_index + 1) << level::int) > " + leaf);
            CompactRange range = CompactRange.of(leaf, store);
            List<CompactRange.Node> nodes = new ArrayList<>();
            for (LogStore.StoredLeaf stored : store.leaves(leaf, store.size())) {
                range.append(stored.leafHash()).stream().filter(node -> node.level() > 0).forEach(nodes::add);
            }
            store.insertNodes(nodes);
        } finally {
            sequencer.start();
        }
        await().atMost(Duration.ofSeconds(20)).until(sequencer::isLeader);
    }

    private double violations() {
        return meters.get("samverkan.audit.integrity.violations").counter().count();
    }

    private static AccessRecorded deniedRead() {
        return new AccessRecorded(ref(TestUser.EXIT_COORDINATOR), UUID.randomUUID(), UUID.randomUUID(), null,
                Program.RAPID_INTERVENTION, TestUser.YOUTH_UNIT, AccessAction.READ, "ReadCase", List.of("CASE_SUMMARY"), "ReadCase",
                null, false, false, ProtectedIdentity.NONE, AccessOutcome.DENIED, "NOT_ON_TEAM", Instant.now(), TestUser.HANINGE);
    }

    private static AccessRecorded liaisonRead() {
        return new AccessRecorded(ref(TestUser.POLICE_LIAISON), UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(),
                Program.RAPID_INTERVENTION, TestUser.YOUTH_UNIT, AccessAction.READ, "ReadReferral", List.of("CASE_SUMMARY"),
                "REFERRAL", "OSL_10_18A", false, false, ProtectedIdentity.NONE, AccessOutcome.ALLOWED, null, Instant.now(),
                TestUser.HANINGE);
    }
}
