package se.samverkan.cases.retention;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import se.samverkan.cases.domain.CaseCommand.ClearCaseData;
import se.samverkan.cases.domain.CaseId;
import se.samverkan.cases.domain.DocumentType;
import se.samverkan.cases.privacy.DataKeyCache;
import se.samverkan.cases.privacy.JdbcSubjectKeys;
import se.samverkan.cases.privacy.MasterKeys;
import se.samverkan.cases.projection.CaseSummaryProjection;
import se.samverkan.cases.support.IntegrationTest;
import se.samverkan.contracts.CloudEvent;
import se.samverkan.contracts.Topics;
import se.samverkan.platform.test.TestPersonnummer;
import se.samverkan.platform.test.TestUser;
import tools.jackson.databind.JsonNode;

import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static se.samverkan.platform.test.TestUser.*;

/**
 * Issue 7 end to end: crypto-shredding leaves no plaintext in the database or on the topics, legal hold blocks
 * clearing, the dry run clears nothing, master-key rotation keeps data readable, plus protection level, subject
 * access export and the other-units indicator. Each test has its own subject, so clearing one touches no other test.
 */
class PrivacyIT extends IntegrationTest {

    @Autowired
    private MasterKeys applicationMasterKeys;

    @Autowired
    Retention retention;

    @Autowired
    JdbcSubjectKeys subjectKeys;

    @Autowired
    PlatformTransactionManager transactions;

    @Autowired
    CommandGateway commandGateway;

    @Autowired
    EventProcessingConfiguration processing;

    record Person(String pnr, String name, String address, String guardianPnr, String guardianName) {
        String body(String program, String protectedIdentity, String... team) {
            return """
                    {"program":"%s","subject":{"personalIdentityNumber":"%s","name":"%s","address":"%s","protectedIdentity":"%s",
                     "guardians":[{"personalIdentityNumber":"%s","name":"%s"}]},"team":[%s]}"""
                    .formatted(program, pnr, name, address, protectedIdentity, guardianPnr, guardianName,
                            String.join(",", Arrays.stream(team).map(t -> "\"" + t + "\"").toList()));
        }

        List<String> needles() {
            return List.of(pnr, pnr.replace("-", ""), name, address, guardianPnr.replace("-", ""), guardianName);
        }
    }

    static Person person(int dayOfMonth) {
        String tag = Long.toString(ThreadLocalRandom.current().nextLong(1_000_000_000L, 9_999_999_999L), 36);
        return new Person(personnummer(LocalDate.of(2012, 6, dayOfMonth)), "Sigrid Glömd" + tag, "Raderavägen " + tag,
                personnummer(LocalDate.of(1980, 2, 11)), "Vårdnadshavare Glömd" + tag);
    }

    static String personnummer(LocalDate birth) {
        return TestPersonnummer.anyBornOn(birth);
    }

    private UUID open(Person person, TestUser user, String program, String level) {
        Response response = post(user, "/api/cases", person.body(program, level));
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return response.uuid("caseId");
    }

    private void awaitSummary(UUID caseId, String condition) {
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.sql("SELECT count(*) FROM case_summary WHERE case_id = ? AND " + condition)
                .param(caseId).query(Integer.class).single() == 1);
    }

    @Test
    void afterShreddingNoPlaintextOfTheSubjectRemainsInTheDatabaseOrOnTheTopicsAndTheCaseStillLoads() {
        Person kim = person(7);
        String noteText = "Samtal om skolan med " + kim.name();
        UUID caseId = open(kim, SOCIAL_WORKER, "RAPID_INTERVENTION", "NONE");
        UUID noteId = post(SOCIAL_WORKER, "/api/cases/" + caseId + "/notes", "{\"text\":\"" + noteText + "\"}").uuid("noteId");
        String summary = "Polisen bör veta att " + kim.name() + " behöver stöd";
        String feedback = "Samtal med " + kim.name() + " genomfört";
        UUID referralId = sendReferral(kim, caseId, summary);
        assertThat(post(POLICE_LIAISON, "/api/police/referrals/" + referralId + "/acceptance", null).status()).isEqualTo(200);
        assertThat(post(POLICE_LIAISON, "/api/police/referrals/" + referralId + "/feedback", "{\"text\":\"" + feedback + "\"}").status())
                .isLessThan(300);
        assertThat(post(SOCIAL_WORKER, "/api/cases/" + caseId + "/referrals/" + referralId + "/completion",
                "{\"outcomeCode\":\"JOINT_PLAN\"}").status()).isEqualTo(200);
        assertThat(post(SOCIAL_WORKER, "/api/cases/" + caseId + "/closure", "{\"outcome\":\"GOALS_MET\"}").status()).isEqualTo(200);
        String breakGlassReason = "Jouren behöver veta var " + kim.name() + " bor i natt";
        assertThat(get(SOCIAL_WORKER_COLLEAGUE, "/api/cases/" + caseId, "X-Break-Glass-Reason", percentEncoded(breakGlassReason)).status()).isEqualTo(200);
        UUID breakGlassEventId = jdbc.sql("SELECT access_event_id FROM break_glass_reason WHERE case_id = ?").param(caseId)
                .query(UUID.class).single();
        assertThat(get(COMPLIANCE_OFFICER, "/api/break-glass-reasons/" + breakGlassEventId).json().get("reason").asString())
                .isEqualTo(breakGlassReason);
        Response hold = post(SUPERVISOR, "/api/cases/" + caseId + "/legal-holds", "{\"kind\":\"LITIGATION\",\"reason\":\"Tvist om vårdnad\"}");
        assertThat(hold.status()).as(hold.body()).isEqualTo(201);
        awaitSummary(caseId, "closed_at IS NOT NULL AND legal_holds = 1");
        LocalDate later = LocalDate.now().plusYears(6);

        assertThat(verdict(caseId, later)).isEqualTo("LEGAL_HOLD");
        assertThat(retention.clearDue(later, item -> item.caseId().equals(caseId)).casesCleared()).isZero();
        assertThat(get(SOCIAL_WORKER, "/api/cases/" + caseId).body()).contains(kim.name());

        assertThat(post(SUPERVISOR, "/api/cases/" + caseId + "/legal-holds/" + hold.uuid("holdId") + "/lifting",
                "{\"reason\":\"Tvisten avgjord\"}").status()).isEqualTo(200);
        awaitSummary(caseId, "legal_holds = 0");
        assertThat(verdict(caseId, LocalDate.now().plusYears(4))).as("not due before five years").isNull();
        assertThat(verdict(caseId, later)).as("dry run").isEqualTo("DUE");
        assertThat(get(SOCIAL_WORKER, "/api/cases/" + caseId).body()).as("the dry run cleared nothing").contains(kim.name(), noteText);

        Retention.Outcome outcome = retention.clearDue(later, item -> item.caseId().equals(caseId));
        assertThat(outcome.casesCleared()).isEqualTo(1);
        assertThat(outcome.documentTypesCleared()).isEqualTo(DocumentType.values().length);
        assertThat(outcome.subjectKeysShredded()).as("one key per document type that sealed anything").isPositive();
        assertThat(subjectKeys.hasKey(get(SOCIAL_WORKER, "/api/cases/" + caseId).uuid("subjectId"))).isFalse();
        awaitEvent(Topics.CASE_EVENTS, ofType("se.samverkan.case.case-data-cleared.v1", caseId));

        JsonNode erased = get(SOCIAL_WORKER, "/api/cases/" + caseId).json();
        assertThat(erased.get("personalDataCleared").asBoolean()).isTrue();
        assertThat(erased.get("subject").get("erased").asBoolean()).isTrue();
        assertThat(erased.get("subject").has("name")).isFalse();
        assertThat(erased.get("notes").get(0).get("noteId").asString()).isEqualTo(noteId.toString());
        assertThat(erased.get("notes").get(0).has("text") && !erased.get("notes").get(0).get("text").isNull()).isFalse();

        List<String> needles = new ArrayList<>(kim.needles());
        needles.add(noteText);
        needles.add(summary);
        needles.add(feedback);
        needles.add("Tvist om vårdnad");
        needles.add(breakGlassReason);
        for (String needle : needles) {
            assertThat(columnsContaining(needle)).as("database columns holding '%s'", needle).isEmpty();
            assertThat(recordsContaining(needle)).as("Kafka records holding '%s'", needle).isZero();
        }
        JsonNode reasonAfter = get(COMPLIANCE_OFFICER, "/api/break-glass-reasons/" + breakGlassEventId).json();
        assertThat(reasonAfter.get("reasonErased").asBoolean()).as("the reason went with the subject's key").isTrue();
        assertThat(reasonAfter.get("reason").isNull()).isTrue();
        assertThat(reasonAfter.get("userId").asString()).as("that the glass was broken stays").isEqualTo(SOCIAL_WORKER_COLLEAGUE.id());
        // the scans can see: the note id is stored in clear in the event payload and in the published event
        assertThat(columnsContaining(noteId.toString())).contains("public.domain_event_entry.payload");
        assertThat(recordsContaining(noteId.toString())).isPositive();
        assertThat(get(POLICE_LIAISON, "/api/police/referrals/" + referralId).body()).doesNotContain(kim.name(), feedback);

        StreamingEventProcessor processor = processing.eventProcessor(CaseSummaryProjection.PROCESSING_GROUP, StreamingEventProcessor.class)
                .orElseThrow();
        processor.shutDown();
        processor.resetTokens();
        processor.start();
        awaitSummary(caseId, "cleared_on IS NOT NULL");
        assertThat(get(SOCIAL_WORKER, "/api/cases/" + caseId).json().get("personalDataCleared").asBoolean()).isTrue();
    }

    @Test
    void clearingOnlyTheJournalErasesNoteTextEverywhereWhileIdentityStillReadsAndClearingTheRestErasesEverything() {
        Person kim = person(9);
        String noteText = "Journalanteckning om " + kim.name().substring(kim.name().length() - 6) + " och hemmet";
        UUID caseId = open(kim, SOCIAL_WORKER, "RAPID_INTERVENTION", "NONE");
        UUID noteId = post(SOCIAL_WORKER, "/api/cases/" + caseId + "/notes", "{\"text\":\"" + noteText + "\"}").uuid("noteId");
        assertThat(post(SOCIAL_WORKER, "/api/cases/" + caseId + "/closure", "{\"outcome\":\"GOALS_MET\"}").status()).isEqualTo(200);
        awaitSummary(caseId, "closed_at IS NOT NULL");
        UUID subjectId = get(SOCIAL_WORKER, "/api/cases/" + caseId).uuid("subjectId");
        LocalDate later = LocalDate.now().plusYears(6);
        // warms this instance's cache with the unwrapped journal key, which the shred must evict at once
        UUID journalKeyId = subjectKeys.currentFor(subjectId, DocumentType.JOURNAL).keyId();
        assertThat(subjectKeys.byKeyId(journalKeyId)).isPresent();

        Response dryRun = get(SUPERVISOR, "/api/retention/units/haninge-ungdom/dry-run?asOf=" + later);
        List<String> reported = new ArrayList<>();
        for (JsonNode item : dryRun.json().get("cases")) {
            if (item.get("caseId").asString().equals(caseId.toString())) {
                reported.add(item.get("documentType").asString());
                assertThat(item.get("verdict").asString()).isEqualTo("DUE");
                assertThat(item.get("blockedByLegalHold").asBoolean()).isFalse();
                assertThat(item.get("clearingDate").asString()).isNotBlank();
            }
        }
        assertThat(reported).as("the report lists each document type of the case")
                .containsExactlyInAnyOrder(Arrays.stream(DocumentType.values()).map(Enum::name).toArray(String[]::new));

        Retention.Outcome journal = retention.clearDue(later,
                item -> item.caseId().equals(caseId) && item.documentType() == DocumentType.JOURNAL);
        assertThat(journal.documentTypesCleared()).isEqualTo(1);
        assertThat(journal.casesCleared()).as("the rest of the case is still retained").isZero();
        assertThat(journal.subjectKeysShredded()).isEqualTo(1);
        assertThat(subjectKeys.hasKey(subjectId, DocumentType.JOURNAL)).isFalse();
        assertThat(subjectKeys.hasKey(subjectId, DocumentType.IDENTITY)).isTrue();
        assertThat(subjectKeys.byKeyId(journalKeyId)).as("no cached copy of the shredded key").isEmpty();

        assertThat(columnsContaining(noteText)).as("database columns holding the note text").isEmpty();
        assertThat(recordsContaining(noteText)).as("Kafka records holding the note text").isZero();
        JsonNode partly = get(SOCIAL_WORKER, "/api/cases/" + caseId).json();
        assertThat(partly.get("subject").get("name").asString()).isEqualTo(kim.name());
        assertThat(partly.get("notes").get(0).get("noteId").asString()).isEqualTo(noteId.toString());
        assertThat(partly.get("notes").get(0).has("text") && !partly.get("notes").get(0).get("text").isNull()).isFalse();
        assertThat(verdict(caseId, later)).as("still due: the other document types").isEqualTo("DUE");

        Retention.Outcome rest = retention.clearDue(later, item -> item.caseId().equals(caseId));
        assertThat(rest.documentTypesCleared()).isEqualTo(DocumentType.values().length - 1);
        assertThat(rest.casesCleared()).isEqualTo(1);
        assertThat(subjectKeys.hasKey(subjectId)).isFalse();
        awaitEvent(Topics.CASE_EVENTS, ofType("se.samverkan.case.case-data-cleared.v1", caseId));
        for (String needle : kim.needles()) {
            assertThat(columnsContaining(needle)).as("database columns holding '%s'", needle).isEmpty();
            assertThat(recordsContaining(needle)).as("Kafka records holding '%s'", needle).isZero();
        }
        JsonNode erased = get(SOCIAL_WORKER, "/api/cases/" + caseId).json();
        assertThat(erased.get("personalDataCleared").asBoolean()).isTrue();
        assertThat(erased.get("subject").has("name")).isFalse();
        assertThat(verdict(caseId, later)).as("nothing left to clear").isNull();
    }

    @Test
    void aClearedJournalReadsAsGoneWhileAnotherCaseOfTheSubjectKeepsItsKey() {
        Person kim = person(12);
        UUID first = open(kim, SOCIAL_WORKER, "RAPID_INTERVENTION", "NONE");
        UUID second = open(kim, SOCIAL_WORKER, "RAPID_INTERVENTION", "NONE");
        String firstNote = "Första ärendets anteckning " + kim.address();
        String secondNote = "Andra ärendets anteckning " + kim.address();
        post(SOCIAL_WORKER, "/api/cases/" + first + "/notes", "{\"text\":\"" + firstNote + "\"}");
        post(SOCIAL_WORKER, "/api/cases/" + second + "/notes", "{\"text\":\"" + secondNote + "\"}");
        assertThat(post(SOCIAL_WORKER, "/api/cases/" + first + "/closure", "{\"outcome\":\"GOALS_MET\"}").status()).isEqualTo(200);
        awaitSummary(first, "closed_at IS NOT NULL");
        UUID subjectId = get(SOCIAL_WORKER, "/api/cases/" + first).uuid("subjectId");

        Retention.Outcome outcome = retention.clearDue(LocalDate.now().plusYears(6),
                item -> item.caseId().equals(first) && item.documentType() == DocumentType.JOURNAL);

        assertThat(outcome.documentTypesCleared()).isEqualTo(1);
        assertThat(outcome.subjectKeysShredded()).as("the second case still retains its journal").isZero();
        assertThat(subjectKeys.hasKey(subjectId, DocumentType.JOURNAL)).isTrue();
        assertThat(subjectKeys.shred(subjectId, DocumentType.JOURNAL)).as("the key store itself refuses").isZero();
        assertThat(get(SOCIAL_WORKER, "/api/cases/" + first).body()).doesNotContain(firstNote).contains(kim.name());
        assertThat(get(SOCIAL_WORKER, "/api/cases/" + second).body()).contains(secondNote);
        Response export = approvedExport(kim.pnr());
        assertThat(export.status()).as(export.body()).isEqualTo(200);
        assertThat(export.body()).doesNotContain(firstNote).contains(secondNote);
    }

    @Test
    void aRunThatStoppedAfterClearingATypeHasItsKeyShreddedByTheNextRun() {
        Person kim = person(10);
        UUID caseId = open(kim, SOCIAL_WORKER, "RAPID_INTERVENTION", "NONE");
        post(SOCIAL_WORKER, "/api/cases/" + caseId + "/notes", "{\"text\":\"Kort anteckning\"}");
        assertThat(post(SOCIAL_WORKER, "/api/cases/" + caseId + "/closure", "{\"outcome\":\"GOALS_MET\"}").status()).isEqualTo(200);
        awaitSummary(caseId, "closed_at IS NOT NULL");
        UUID subjectId = get(SOCIAL_WORKER, "/api/cases/" + caseId).uuid("subjectId");
        // the case recorded the clearing, then the run died before the key store learnt of it
        commandGateway.sendAndWait(new ClearCaseData(new CaseId(caseId), EnumSet.of(DocumentType.JOURNAL),
                LocalDate.now().plusYears(6), null, Instant.now()));
        assertThat(subjectKeys.hasKey(subjectId, DocumentType.JOURNAL)).isTrue();

        Retention.Outcome next = retention.clearDue(LocalDate.now(), item -> item.caseId().equals(caseId));

        assertThat(next.documentTypesCleared()).as("nothing else is due yet").isZero();
        assertThat(next.subjectKeysShredded()).isEqualTo(1);
        assertThat(subjectKeys.hasKey(subjectId, DocumentType.JOURNAL)).isFalse();
        assertThat(subjectKeys.hasKey(subjectId, DocumentType.IDENTITY)).isTrue();
    }

    @Test
    void theResearchSampleIsKeptAndTheDryRunClearsNothing() {
        Person sampled = person(15);
        UUID caseId = open(sampled, SOCIAL_WORKER, "RAPID_INTERVENTION", "NONE");
        assertThat(post(SOCIAL_WORKER, "/api/cases/" + caseId + "/closure", "{\"outcome\":\"GOALS_MET\"}").status()).isEqualTo(200);
        awaitSummary(caseId, "closed_at IS NOT NULL");
        LocalDate later = LocalDate.now().plusYears(6);

        assertThat(verdict(caseId, later)).isEqualTo("RESEARCH_SAMPLE");
        assertThat(retention.clearDue(later, item -> item.caseId().equals(caseId)).casesCleared()).isZero();
        assertThat(get(SOCIAL_WORKER, "/api/cases/" + caseId).body()).contains(sampled.name());
        assertThat(get(SOCIAL_WORKER_COLLEAGUE, "/api/retention/units/haninge-ungdom/dry-run").status()).isEqualTo(403);
    }

    @Test
    void theSubjectKeyStaysWhileAnotherCaseOfTheSubjectIsRetained() {
        Person kim = person(8);
        UUID first = open(kim, SOCIAL_WORKER, "RAPID_INTERVENTION", "NONE");
        UUID second = open(kim, SOCIAL_WORKER, "RAPID_INTERVENTION", "NONE");
        UUID referralId = sendReferral(kim, first);
        assertThat(post(POLICE_LIAISON, "/api/police/referrals/" + referralId + "/acceptance", null).status()).isEqualTo(200);
        assertThat(post(SOCIAL_WORKER, "/api/cases/" + first + "/referrals/" + referralId + "/completion",
                "{\"outcomeCode\":\"JOINT_PLAN\"}").status()).isEqualTo(200);
        assertThat(get(POLICE_LIAISON, "/api/police/referrals/" + referralId).body()).contains(kim.name());
        assertThat(post(SOCIAL_WORKER, "/api/cases/" + first + "/closure", "{\"outcome\":\"GOALS_MET\"}").status()).isEqualTo(200);
        awaitSummary(first, "closed_at IS NOT NULL");
        String breakGlassReason = "Jouren frågar efter " + kim.name();
        assertThat(get(SOCIAL_WORKER_COLLEAGUE, "/api/cases/" + first, "X-Break-Glass-Reason", percentEncoded(breakGlassReason)).status()).isEqualTo(200);
        UUID breakGlassEventId = jdbc.sql("SELECT access_event_id FROM break_glass_reason WHERE case_id = ?").param(first)
                .query(UUID.class).single();
        assertThat(get(SUPERVISOR, "/api/break-glass-reasons/" + breakGlassEventId).json().get("reason").asString()).isEqualTo(breakGlassReason);

        Retention.Outcome outcome = retention.clearDue(LocalDate.now().plusYears(6), item -> item.caseId().equals(first));

        assertThat(outcome.casesCleared()).isEqualTo(1);
        assertThat(outcome.subjectKeysShredded()).isZero();
        assertThat(get(SOCIAL_WORKER, "/api/cases/" + first).json().get("personalDataCleared").asBoolean()).isTrue();
        assertThat(get(SOCIAL_WORKER, "/api/cases/" + first).body()).doesNotContain(kim.name());
        assertThat(get(POLICE_LIAISON, "/api/police/referrals/" + referralId).body())
                .as("a cleared case discloses nothing more to the police").doesNotContain(kim.name(), kim.pnr().replace("-", ""));
        assertThat(get(SOCIAL_WORKER, "/api/cases/" + second).body()).contains(kim.name());
        // the reason is sealed under the subject's key, which the second case keeps alive: the first case's clearing
        // must erase it all the same, for the supervisor and the compliance officer alike
        for (TestUser reader : List.of(SUPERVISOR, COMPLIANCE_OFFICER)) {
            JsonNode reason = get(reader, "/api/break-glass-reasons/" + breakGlassEventId).json();
            assertThat(reason.get("reasonErased").asBoolean()).as("%s reads the cleared case's break-glass reason", reader.username()).isTrue();
            assertThat(reason.get("reason").isNull()).isTrue();
            assertThat(reason.get("userId").asString()).as("that the glass was broken stays").isEqualTo(SOCIAL_WORKER_COLLEAGUE.id());
        }
        UUID subjectId = get(SOCIAL_WORKER, "/api/cases/" + second).uuid("subjectId");
        assertThat(subjectKeys.shred(subjectId)).as("the key store itself refuses while a case is retained").isZero();
        assertThat(subjectKeys.hasKey(subjectId)).isTrue();
    }

    @Test
    void masterKeyRotationReWrapsTheDataKeysWithoutTouchingTheEventsAndDataStaysReadable() {
        Person kim = person(9);
        UUID caseId = open(kim, SOCIAL_WORKER, "RAPID_INTERVENTION", "NONE");
        UUID subjectId = get(SOCIAL_WORKER, "/api/cases/" + caseId).uuid("subjectId");
        List<byte[]> eventsBefore = payloads(caseId);
        UUID keyId = jdbc.sql("SELECT key_id FROM keyvault.subject_key WHERE subject_id = ? AND document_type = 'IDENTITY'").param(subjectId).query(UUID.class).single();
        byte[] dataKey = subjectKeys.byKeyId(keyId).orElseThrow().key().getEncoded();

        MasterKeys configured = applicationMasterKeys;
        String current = configured.currentId();
        byte[] fresh = new byte[32];
        new SecureRandom().nextBytes(fresh);
        MasterKeys rotated = new MasterKeys("next", Map.of(current, configured.current(), "next", new SecretKeySpec(fresh, "AES")));
        JdbcSubjectKeys afterRotation = new JdbcSubjectKeys(jdbc, transactions, rotated, DataKeyCache.none());
        try {
            assertThat(afterRotation.rewrapToCurrentMasterKey()).isPositive();
            assertThat(jdbc.sql("SELECT count(*) FROM keyvault.subject_key WHERE master_key_id <> 'next'").query(Long.class).single()).isZero();
            assertThat(afterRotation.byKeyId(keyId).orElseThrow().key().getEncoded()).isEqualTo(dataKey);
            assertThat(payloads(caseId)).usingRecursiveComparison().isEqualTo(eventsBefore);
            JdbcSubjectKeys oldKeysOnly = new JdbcSubjectKeys(jdbc, transactions, configured, DataKeyCache.none());
            assertThatThrownBy(() -> oldKeysOnly.byKeyId(keyId)).hasMessageContaining("not configured");
        } finally {
            // back under the application's master key, which the rest of this JVM's tests use
            new JdbcSubjectKeys(jdbc, transactions, new MasterKeys(current, rotated.keys()), DataKeyCache.none()).rewrapToCurrentMasterKey();
        }
        assertThat(jdbc.sql("SELECT count(*) FROM keyvault.subject_key WHERE master_key_id <> ?").param(current).query(Long.class).single()).isZero();
        assertThat(get(SOCIAL_WORKER, "/api/cases/" + caseId).body()).contains(kim.name());
    }

    @Test
    void theOwningUnitSeesThatTheSubjectHasCasesInOtherUnitsAndNoOneElseDoes() {
        Person kim = person(10);
        UUID ours = open(kim, SOCIAL_WORKER, "RAPID_INTERVENTION", "NONE");
        UUID theirs = open(kim, SOCIAL_WORKER_OTHER_UNIT, "RAPID_INTERVENTION", "NONE");
        awaitSummary(ours, "true");
        awaitSummary(theirs, "true");

        for (TestUser reader : List.of(SOCIAL_WORKER, SUPERVISOR)) {
            Response response = get(reader, "/api/cases/" + ours);
            assertThat(response.json().get("subjectHasCasesInUnits").toString()).as(reader.username()).isEqualTo("[\"haninge-avhopp\"]");
            assertThat(response.body()).doesNotContain(theirs.toString());
        }
        Response compliance = get(COMPLIANCE_OFFICER, "/api/cases/" + ours);
        assertThat(compliance.status()).isEqualTo(200);
        assertThat(compliance.body()).doesNotContain("subjectHasCasesInUnits", "haninge-avhopp");
        assertThat(get(SOCIAL_WORKER_OTHER_UNIT, "/api/cases/" + theirs).json().get("subjectHasCasesInUnits").toString())
                .isEqualTo("[\"haninge-ungdom\"]");
    }

    /**
     * The attacker's side: any social worker may open a case about anyone in the own unit and read it at once, so the
     * hint must not say that someone is in the exit program or has a protected identity kept by another unit.
     */
    @Test
    void aProbeCaseDoesNotRevealAnotherUnitsExitProgramOrProtectedIdentityCase() {
        Person defector = person(13);
        UUID exitCase = open(defector, SOCIAL_WORKER_OTHER_UNIT, "EXIT_PROGRAM", "NONE");
        Person hidden = person(14);
        UUID protectedCase = open(hidden, SOCIAL_WORKER_OTHER_UNIT, "RAPID_INTERVENTION", "SKYDDAD_FOLKBOKFORING");
        awaitSummary(exitCase, "true");
        awaitSummary(protectedCase, "true");

        for (Person person : List.of(defector, hidden)) {
            UUID probe = open(person, SOCIAL_WORKER, "RAPID_INTERVENTION", "NONE");
            for (TestUser reader : List.of(SOCIAL_WORKER, SUPERVISOR)) {
                Response response = get(reader, "/api/cases/" + probe);
                assertThat(response.status()).as(response.body()).isEqualTo(200);
                assertThat(response.json().get("subjectHasCasesInUnits").toString()).as(reader.username()).isEqualTo("[]");
                assertThat(response.body()).doesNotContain("haninge-avhopp", exitCase.toString(), protectedCase.toString());
            }
        }
    }

    @Test
    void aSupervisorExportsWhatIsHeldAboutASubjectIncludingDisclosuresAndTheExportIsAudited() {
        Person kim = person(11);
        UUID caseId = open(kim, SOCIAL_WORKER, "RAPID_INTERVENTION", "NONE");
        String noteText = "Hembesök hos " + kim.name();
        assertThat(post(SOCIAL_WORKER, "/api/cases/" + caseId + "/notes", "{\"text\":\"" + noteText + "\"}").status()).isEqualTo(201);
        UUID referralId = sendReferral(kim, caseId);
        UUID consentId = consentOf(caseId);

        assertThat(post(SOCIAL_WORKER, "/api/subject-access/requests", subjectAccessRequest(kim.pnr())).status()).isEqualTo(403);
        Response export = approvedExport(kim.pnr());

        assertThat(export.status()).as(export.body()).isEqualTo(200);
        assertThat(export.json().get("cases").size()).isEqualTo(1);
        JsonNode theCase = export.json().get("cases").get(0);
        assertThat(theCase.get("caseId").asString()).isEqualTo(caseId.toString());
        assertThat(theCase.get("subject").get("name").asString()).isEqualTo(kim.name());
        assertThat(export.body()).contains(noteText, consentId.toString());
        assertThat(theCase.get("referralsSent").get(0).get("recipientPoliceUnit").asString()).isEqualTo("polisen-haninge");
        assertThat(theCase.get("referralsSent").get(0).get("legalBasis").asString()).isEqualTo("CONSENT");
        assertThat(theCase.get("policeReads").get(0).get("userId").asString()).isEqualTo(POLICE_LIAISON.id());
        CloudEvent audited = awaitEvent(Topics.ACCESS_EVENTS, e -> e.data().get("caseId") != null
                && caseId.toString().equals(e.data().get("caseId").asString())
                && "SUBJECT_ACCESS_EXPORT".equals(e.data().get("operation").asString()));
        assertThat(audited.data().get("actor").get("userId").asString()).isEqualTo(SUPERVISOR.id());
        assertThat(audited.data().toString()).doesNotContain(kim.pnr().replace("-", ""), kim.name());
    }

    @Test
    void aNewProtectionLevelTravelsInEveryLaterEventAndHidesTheAddressOutsideTheTeam() {
        Person kim = person(12);
        UUID caseId = open(kim, SOCIAL_WORKER, "RAPID_INTERVENTION", "NONE");
        assertThat(get(SUPERVISOR, "/api/cases/" + caseId).body()).contains(kim.address());

        assertThat(put(SOCIAL_WORKER, "/api/cases/" + caseId + "/protected-identity", "{\"level\":\"SKYDDAD_FOLKBOKFORING\"}").status())
                .isEqualTo(200);
        UUID noteId = post(SOCIAL_WORKER, "/api/cases/" + caseId + "/notes", "{\"text\":\"Efter flytten\"}").uuid("noteId");

        CloudEvent note = awaitEvent(Topics.CASE_EVENTS, e -> e.type().equals("se.samverkan.case.note-recorded.v1")
                && noteId.toString().equals(e.data().get("noteId").asString()));
        assertThat(note.data().get("caseRef").get("protectedIdentity").asString()).isEqualTo("SKYDDAD_FOLKBOKFORING");
        // the raise itself is published (notification-service honours it at once, the audit log keeps it), with the
        // levels and who set it, nothing of the person
        CloudEvent changed = awaitEvent(Topics.CASE_EVENTS, e -> e.type().equals("se.samverkan.case.protection-changed.v1")
                && caseId.toString().equals(e.subject()));
        assertThat(changed.data().get("caseRef").get("protectedIdentity").asString()).isEqualTo("SKYDDAD_FOLKBOKFORING");
        assertThat(changed.data().get("previousLevel").asString()).isEqualTo("NONE");
        assertThat(changed.data().get("actor").get("userId").asString()).isEqualTo(SOCIAL_WORKER.id());
        assertThat(changed.data().toString()).doesNotContain(kim.pnr(), kim.pnr().replace("-", ""), kim.name(), kim.address());
        assertThat(get(SUPERVISOR, "/api/cases/" + caseId).body()).doesNotContain(kim.address()).contains(kim.name());
        assertThat(get(SOCIAL_WORKER, "/api/cases/" + caseId).json().get("protectedIdentity").asString()).isEqualTo("SKYDDAD_FOLKBOKFORING");
        assertThat(get(SOCIAL_WORKER, "/api/cases/" + caseId).body()).contains(kim.address());
        awaitSummary(caseId, "protected_identity = 'SKYDDAD_FOLKBOKFORING'");
        assertThat(put(POLICE_LIAISON, "/api/cases/" + caseId + "/protected-identity", "{\"level\":\"NONE\"}").status()).isEqualTo(404);
    }

    /**
     * The insider's side of lowering: a social worker, or a supervisor alone, who sets NONE for a moment would release
     * the address to every reader the level kept it from. One person asks, the address stays hidden, and a second
     * person, the unit supervisor, puts it in force.
     */
    @Test
    void aLowerProtectionLevelIsAskedForByOneAndPutInForceByTheSupervisor() {
        Person kim = person(13);
        UUID caseId = open(kim, SOCIAL_WORKER, "RAPID_INTERVENTION", "SKYDDAD_FOLKBOKFORING");
        assertThat(get(SUPERVISOR, "/api/cases/" + caseId).body()).doesNotContain(kim.address());

        Response asked = put(SOCIAL_WORKER, "/api/cases/" + caseId + "/protected-identity", "{\"level\":\"NONE\"}");
        assertThat(asked.status()).as(asked.body()).isEqualTo(200);
        assertThat(asked.json().get("loweringAwaitingApproval").asBoolean()).isTrue();
        assertThat(asked.json().get("protectedIdentity").asString()).isEqualTo("SKYDDAD_FOLKBOKFORING");
        Response view = get(SUPERVISOR, "/api/cases/" + caseId);
        assertThat(view.body()).as("asked for, not in force").doesNotContain(kim.address());
        assertThat(view.json().get("protectedIdentity").asString()).isEqualTo("SKYDDAD_FOLKBOKFORING");
        assertThat(view.json().get("protectionLowering").get("to").asString()).isEqualTo("NONE");
        assertThat(view.json().get("protectionLowering").get("askedBy").asString()).isEqualTo(SOCIAL_WORKER.id());
        // the unit's supervisors are asked (notification-service), with the levels and nothing of the person
        CloudEvent requested = awaitEvent(Topics.CASE_EVENTS, e -> e.type().equals("se.samverkan.case.protection-lowering-requested.v1")
                && caseId.toString().equals(e.subject()));
        assertThat(requested.data().get("requestedLevel").asString()).isEqualTo("NONE");
        assertThat(requested.data().get("caseRef").get("protectedIdentity").asString()).isEqualTo("SKYDDAD_FOLKBOKFORING");
        assertThat(requested.data().get("actor").get("userId").asString()).isEqualTo(SOCIAL_WORKER.id());
        assertThat(requested.data().toString()).doesNotContain(kim.pnr(), kim.name(), kim.address());

        Response again = put(SOCIAL_WORKER, "/api/cases/" + caseId + "/protected-identity", "{\"level\":\"NONE\"}");
        assertThat(again.status()).as("her own request is not her approval").isEqualTo(409);
        assertThat(again.json().get("code").asString()).isEqualTo("protection-lowering-four-eyes");
        assertThat(get(SUPERVISOR, "/api/cases/" + caseId).body()).doesNotContain(kim.address());

        Response approved = put(SUPERVISOR, "/api/cases/" + caseId + "/protected-identity", "{\"level\":\"NONE\"}");
        assertThat(approved.status()).as(approved.body()).isEqualTo(200);
        assertThat(approved.json().get("loweringAwaitingApproval").asBoolean()).isFalse();
        assertThat(approved.json().get("protectedIdentity").asString()).isEqualTo("NONE");
        Response lowered = get(SUPERVISOR, "/api/cases/" + caseId);
        assertThat(lowered.body()).contains(kim.address());
        assertThat(lowered.json().has("protectionLowering")).as("nothing waits any more").isFalse();
        awaitSummary(caseId, "protected_identity = 'NONE'");
        CloudEvent inForce = awaitEvent(Topics.CASE_EVENTS, e -> e.type().equals("se.samverkan.case.protection-changed.v1")
                && caseId.toString().equals(e.subject()) && "NONE".equals(e.data().get("caseRef").get("protectedIdentity").asString()));
        assertThat(inForce.data().get("previousLevel").asString()).isEqualTo("SKYDDAD_FOLKBOKFORING");
        assertThat(inForce.data().get("actor").get("userId").asString()).as("the supervisor who put it in force").isEqualTo(SUPERVISOR.id());
        assertThat(inForce.data().toString()).doesNotContain(kim.pnr(), kim.pnr().replace("-", ""), kim.name(), kim.address());

        // a supervisor alone only asks, and a social worker's agreement puts nothing in force
        assertThat(put(SOCIAL_WORKER, "/api/cases/" + caseId + "/protected-identity", "{\"level\":\"SKYDDAD_FOLKBOKFORING\"}")
                .status()).as("raising is at once").isEqualTo(200);
        Response supervisorAsks = put(SUPERVISOR, "/api/cases/" + caseId + "/protected-identity", "{\"level\":\"NONE\"}");
        assertThat(supervisorAsks.json().get("loweringAwaitingApproval").asBoolean()).isTrue();
        Response workerAgrees = put(SOCIAL_WORKER, "/api/cases/" + caseId + "/protected-identity", "{\"level\":\"NONE\"}");
        assertThat(workerAgrees.status()).isEqualTo(403);
        assertThat(workerAgrees.json().get("code").asString()).isEqualTo("protection-lowering-supervisor");
        assertThat(get(SUPERVISOR, "/api/cases/" + caseId).body()).doesNotContain(kim.address());
        assertThat(get(SUPERVISOR, "/api/cases/" + caseId).json().get("protectionLowering").get("openUntil").asString()).isNotBlank();
        // she disagrees: keeping the level withdraws the request
        Response kept = put(SOCIAL_WORKER, "/api/cases/" + caseId + "/protected-identity", "{\"level\":\"SKYDDAD_FOLKBOKFORING\"}");
        assertThat(kept.status()).isEqualTo(200);
        assertThat(kept.json().get("loweringAwaitingApproval").asBoolean()).isFalse();
        assertThat(get(SUPERVISOR, "/api/cases/" + caseId).json().has("protectionLowering")).isFalse();
    }

    /** A consent of the subject and guardian, and a referral on it that the police liaison can read. */
    /** A subject access request registered by cecilia, approved by eva (data protection) and exported by cecilia. */
    private Response approvedExport(String pnr) {
        Response registered = post(SUPERVISOR, "/api/subject-access/requests", subjectAccessRequest(pnr));
        assertThat(registered.status()).as(registered.body()).isEqualTo(201);
        UUID requestId = registered.uuid("requestId");
        Response approval = post(COMPLIANCE_OFFICER, "/api/subject-access/requests/" + requestId + "/approval", null);
        assertThat(approval.status()).as(approval.body()).isEqualTo(200);
        return post(SUPERVISOR, "/api/subject-access/requests/" + requestId + "/export", null);
    }

    private static String subjectAccessRequest(String pnr) {
        return "{\"personalIdentityNumber\":\"" + pnr + "\",\"reference\":\"SN 2026/" + ThreadLocalRandom.current().nextInt(1, 99999)
                + "\",\"reasonCode\":\"SUBJECT_REQUEST\"}";
    }

    private UUID sendReferral(Person kim, UUID caseId) {
        return sendReferral(kim, caseId, "Sammanfattning");
    }

    private UUID sendReferral(Person kim, UUID caseId, String summary) {
        Response consent = post(SOCIAL_WORKER, "/api/cases/" + caseId + "/consents", """
                {"parties":[{"role":"SUBJECT","personalIdentityNumber":"%s"},{"role":"GUARDIAN","personalIdentityNumber":"%s"}],
                 "recipientAgency":"POLICE","recipientUnit":"polisen-haninge","purposes":["CRIME_PREVENTION"],
                 "dataCategories":["IDENTITY","CASE_SUMMARY"],"validFrom":"%s","validUntil":"%s"}"""
                .formatted(kim.pnr(), kim.guardianPnr(), LocalDate.now().minusDays(1), LocalDate.now().plusDays(30)));
        assertThat(consent.status()).as(consent.body()).isEqualTo(201);
        UUID consentId = consent.uuid("consentId");
        Response referral = post(SOCIAL_WORKER, "/api/cases/" + caseId + "/referrals", """
                {"policeUnit":"polisen-haninge","legalBasis":"CONSENT","consentId":"%s","dataCategories":["IDENTITY","CASE_SUMMARY"],
                 "caseSummary":"%s"}""".formatted(consentId, summary));
        assertThat(referral.status()).as(referral.body()).isEqualTo(201);
        UUID referralId = referral.uuid("referralId");
        await().atMost(Duration.ofSeconds(20)).until(() -> get(POLICE_LIAISON, "/api/police/referrals/" + referralId).status() == 200);
        return referralId;
    }

    private UUID consentOf(UUID caseId) {
        return UUID.fromString(get(SOCIAL_WORKER, "/api/cases/" + caseId).json().get("consents").get(0).get("consentId").asString());
    }

    private String verdict(UUID caseId, LocalDate asOf) {
        Response dryRun = get(SUPERVISOR, "/api/retention/units/haninge-ungdom/dry-run?asOf=" + asOf);
        assertThat(dryRun.status()).as(dryRun.body()).isEqualTo(200);
        for (JsonNode item : dryRun.json().get("cases")) {
            if (item.get("caseId").asString().equals(caseId.toString())) {
                return item.get("verdict").asString();
            }
        }
        return null;
    }

    /** Every column of every table in the service's schemas that holds {@code needle}, as text or as UTF-8 bytes. */
    private List<String> columnsContaining(String needle) {
        List<String[]> columns = jdbc.sql("""
                        SELECT c.table_schema, c.table_name, c.column_name, c.data_type
                        FROM information_schema.columns c JOIN information_schema.tables t
                          ON t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE'
                        WHERE c.table_schema IN ('public', 'keyvault')""")
                .query((rs, n) -> new String[]{rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)}).list();
        assertThat(columns).as("the scan sees the event store").isNotEmpty();
        List<String> hits = new ArrayList<>();
        for (String[] c : columns) {
            String column = "\"" + c[2] + "\"";
            String condition = c[3].equals("bytea")
                    ? "position(convert_to(?, 'UTF8') in " + column + ") > 0"
                    : "strpos(" + column + "::text, ?) > 0";
            long count = jdbc.sql("SELECT count(*) FROM \"" + c[0] + "\".\"" + c[1] + "\" WHERE " + condition)
                    .param(needle).query(Long.class).single();
            if (count > 0) {
                hits.add(c[0] + "." + c[1] + "." + c[2]);
            }
        }
        return hits;
    }

    private static long recordsContaining(String needle) {
        byte[] pattern = needle.getBytes(StandardCharsets.UTF_8);
        List<ConsumerRecord<String, byte[]>> all = new ArrayList<>(records(Topics.CASE_EVENTS));
        all.addAll(records(Topics.ACCESS_EVENTS));
        assertThat(all).as("the topics were read from the beginning").isNotEmpty();
        return all.stream().filter(r -> indexOf(r.value(), pattern) >= 0 || r.key() != null && r.key().contains(needle)).count();
    }

    private static int indexOf(byte[] data, byte[] pattern) {
        outer:
        for (int i = 0; i <= data.length - pattern.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private List<byte[]> payloads(UUID caseId) {
        return jdbc.sql("SELECT payload FROM domain_event_entry WHERE aggregate_identifier = ? ORDER BY sequence_number")
                .param(caseId.toString()).query((rs, n) -> rs.getBytes(1)).list();
    }
}
