package se.samverkan.cases.subjectaccess;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import se.samverkan.cases.support.IntegrationTest;
import se.samverkan.cases.support.MovableClock;
import se.samverkan.contracts.Agency;
import se.samverkan.contracts.CloudEventCodec;
import se.samverkan.contracts.Topics;
import se.samverkan.platform.identity.Role;
import se.samverkan.platform.test.TestPersonnummer;
import se.samverkan.platform.test.TestUser;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static se.samverkan.platform.test.TestUser.*;

/**
 * Issue 10 item 2: a subject access export is a recorded, reasoned, four-eyes act. cecilia (supervisor,
 * haninge-ungdom) registers requests; eva (data protection) or sven (a second Haninge supervisor, haninge-avhopp)
 * decides them; bertil's exit-program cases (haninge-avhopp) reach cecilia only through an approved request.
 */
class SubjectAccessIT extends IntegrationTest {

    /** A second supervisor of the municipality, in the exit unit; the demo realm has none. */
    static final TestUser SECOND_SUPERVISOR = new TestUser("6f1b7c2e-0a4d-4b8e-9c51-2d3e4f5a6b19", "sven",
            EnumSet.of(Role.SUPERVISOR), Agency.SOCIAL_SERVICES, HANINGE, EXIT_UNIT, "sven@haninge.example");

    @Autowired
    MovableClock clock;

    record Person(String pnr, String name, String address) {
    }

    @Test
    void theRequesterCannotApproveOrRejectHerOwnRequestAndTheRefusalIsRecorded() {
        Person kim = person();
        UUID requestId = register(kim, SUPERVISOR);

        Response approval = post(SUPERVISOR, "/api/subject-access/requests/" + requestId + "/approval", null);
        Response rejection = post(SUPERVISOR, "/api/subject-access/requests/" + requestId + "/rejection",
                "{\"reasonCode\":\"DUPLICATE_REQUEST\"}");

        assertThat(approval.status()).as(approval.body()).isEqualTo(403);
        assertThat(approval.json().get("detail").asString()).contains("four eyes");
        assertThat(rejection.status()).as(rejection.body()).isEqualTo(403);
        assertThat(status(requestId, SUPERVISOR)).isEqualTo("PENDING_APPROVAL");
        UUID subjectId = subjectIdOf(requestId);
        assertThat(accessEvents(subjectId)).anySatisfy(e -> {
            assertThat(e.get("operation").asString()).isEqualTo("SUBJECT_ACCESS_APPROVAL");
            assertThat(e.get("outcome").asString()).isEqualTo("DENIED");
            assertThat(e.get("actor").get("userId").asString()).isEqualTo(SUPERVISOR.id());
        });
        assertThat(post(SUPERVISOR, "/api/subject-access/requests/" + requestId + "/export", null).status())
                .as("nor export it unapproved").isEqualTo(403);
    }

    @Test
    void withoutAnApprovedRequestASupervisorGetsNothingOfAnotherUnitsCase() {
        Person kim = person();
        UUID exitCase = open(kim, SOCIAL_WORKER_OTHER_UNIT, "EXIT_PROGRAM", "NONE");
        String note = "Avhopparsamtal med " + kim.name();
        assertThat(post(SOCIAL_WORKER_OTHER_UNIT, "/api/cases/" + exitCase + "/notes", "{\"text\":\"" + note + "\"}").status()).isEqualTo(201);

        Response old = post(SUPERVISOR, "/api/subject-access/exports", "{\"personalIdentityNumber\":\"" + kim.pnr() + "\"}");
        assertThat(old.status()).as("the municipality-wide look-up is gone").isEqualTo(404);
        assertThat(old.body()).doesNotContain(exitCase.toString(), note);

        UUID requestId = register(kim, SUPERVISOR);
        Response early = post(SUPERVISOR, "/api/subject-access/requests/" + requestId + "/export", null);
        assertThat(early.status()).isEqualTo(403);
        assertThat(early.body()).doesNotContain(exitCase.toString(), note).contains("awaits approval");
        assertThat(get(SUPERVISOR, "/api/cases/" + exitCase).status()).isEqualTo(404);
        assertThat(post(SECOND_SUPERVISOR, "/api/subject-access/requests/" + requestId + "/export", null).status())
                .as("another supervisor cannot produce cecilia's export").isEqualTo(403);
        assertThat(post(SOCIAL_WORKER, "/api/subject-access/requests/" + requestId + "/export", null).status()).isEqualTo(404);
        assertThat(post(EXIT_COORDINATOR, "/api/subject-access/requests/" + requestId + "/approval", null).status())
                .as("another municipality does not learn the request exists").isEqualTo(404);
    }

    @Test
    void anApprovedRequestExportsEveryCaseOfTheSubjectOnceWithOneAccessEventPerCase() {
        Person kim = person();
        UUID ownCase = open(kim, SOCIAL_WORKER, "RAPID_INTERVENTION", "NONE");
        UUID exitCase = open(kim, SOCIAL_WORKER_OTHER_UNIT, "EXIT_PROGRAM", "SKYDDAD_FOLKBOKFORING");
        String note = "Avhopparsamtal med " + kim.name();
        assertThat(post(SOCIAL_WORKER_OTHER_UNIT, "/api/cases/" + exitCase + "/notes", "{\"text\":\"" + note + "\"}").status()).isEqualTo(201);
        String text = "Brev från " + kim.name() + " inkom 2026-11-30";
        UUID requestId = register(kim, SUPERVISOR, "SN 2026/1234", "SUBJECT_REQUEST", text);
        UUID subjectId = subjectIdOf(requestId);

        Response approval = post(COMPLIANCE_OFFICER, "/api/subject-access/requests/" + requestId + "/approval", null);
        assertThat(approval.status()).as(approval.body()).isEqualTo(200);
        assertThat(approval.json().get("status").asString()).isEqualTo("APPROVED");
        assertThat(approval.json().get("decidedBy").asString()).isEqualTo(COMPLIANCE_OFFICER.id());
        assertThat(approval.body()).doesNotContain(kim.pnr(), kim.pnr().replace("-", ""));
        Response export = post(SUPERVISOR, "/api/subject-access/requests/" + requestId + "/export", null);

        assertThat(export.status()).as(export.body()).isEqualTo(200);
        JsonNode cases = export.json().get("cases");
        assertThat(cases.size()).isEqualTo(2);
        assertThat(export.json().get("reference").asString()).isEqualTo("SN 2026/1234");
        assertThat(export.body()).contains(ownCase.toString(), exitCase.toString(), note, kim.name());
        for (JsonNode exported : cases) {
            boolean protectedCase = exported.get("caseId").asString().equals(exitCase.toString());
            assertThat(exported.get("subject").path("address").isNull() || exported.get("subject").path("address").isMissingNode())
                    .as("a protected address stays out of the export, an unprotected one is in it").isEqualTo(protectedCase);
        }
        Response again = post(SUPERVISOR, "/api/subject-access/requests/" + requestId + "/export", null);
        assertThat(again.status()).as("once").isEqualTo(403);
        assertThat(again.body()).doesNotContain(note);
        Response eva = post(COMPLIANCE_OFFICER, "/api/subject-access/requests/" + requestId + "/export", null);
        assertThat(eva.status()).isEqualTo(403);
        assertThat(eva.body()).doesNotContain(note, kim.name());

        JsonNode status = get(COMPLIANCE_OFFICER, "/api/subject-access/requests/" + requestId).json();
        assertThat(status.get("status").asString()).isEqualTo("EXPORTED");
        assertThat(status.get("casesExported").asInt()).isEqualTo(2);
        assertThat(status.get("text").asString()).as("the request's own text, for whoever decides it").isEqualTo(text);
        assertThat(status.toString()).doesNotContain(note, kim.pnr().replace("-", ""));

        List<JsonNode> events = accessEvents(subjectId);
        List<JsonNode> exports = events.stream().filter(e -> e.get("operation").asString().equals("SUBJECT_ACCESS_EXPORT")
                && e.get("outcome").asString().equals("ALLOWED")).toList();
        assertThat(exports).as("exactly one SUBJECT_ACCESS_EXPORT event per case included").hasSize(2);
        assertThat(exports.stream().map(e -> e.get("caseId").asString()).collect(Collectors.toSet()))
                .isEqualTo(Set.of(ownCase.toString(), exitCase.toString()));
        assertThat(exports).allSatisfy(e -> {
            assertThat(e.get("purpose").asString()).isEqualTo("SUBJECT_ACCESS_REQUEST");
            assertThat(e.get("subjectId").asString()).isEqualTo(subjectId.toString());
            assertThat(e.get("actor").get("userId").asString()).isEqualTo(SUPERVISOR.id());
        });
        assertThat(events.stream().filter(e -> e.get("outcome").asString().equals("ALLOWED")).map(e -> e.get("operation").asString()))
                .contains("SUBJECT_ACCESS_REQUEST", "SUBJECT_ACCESS_APPROVAL");
        for (JsonNode event : events) {
            assertThat(event.toString()).doesNotContain(kim.pnr(), kim.pnr().replace("-", ""), kim.name(), "SN 2026/1234");
        }
        awaitEvent(Topics.ACCESS_EVENTS, e -> "SUBJECT_ACCESS_EXPORT".equals(e.data().get("operation").asString())
                && exitCase.toString().equals(e.data().path("caseId").asString()));

        String row = jdbc.sql("SELECT row_to_json(r)::text FROM subject_access_request r WHERE request_id = ?").param(requestId)
                .query(String.class).single();
        assertThat(row).as("the stored request").doesNotContain(kim.pnr().replace("-", ""), kim.pnr(), kim.name())
                .contains(subjectId.toString());
    }

    @Test
    void aRejectedRequestExportsNothing() {
        Person kim = person();
        UUID exitCase = open(kim, SOCIAL_WORKER_OTHER_UNIT, "EXIT_PROGRAM", "NONE");
        UUID requestId = register(kim, SUPERVISOR);

        Response rejection = post(SECOND_SUPERVISOR, "/api/subject-access/requests/" + requestId + "/rejection",
                "{\"reasonCode\":\"IDENTITY_NOT_VERIFIED\"}");
        assertThat(rejection.status()).as(rejection.body()).isEqualTo(200);
        assertThat(rejection.json().get("rejectionCode").asString()).isEqualTo("IDENTITY_NOT_VERIFIED");
        assertThat(rejection.json().get("decidedAs").asString()).isEqualTo("SUPERVISOR");
        assertThat(post(COMPLIANCE_OFFICER, "/api/subject-access/requests/" + requestId + "/approval", null).status())
                .as("a decided request stays decided").isEqualTo(409);

        Response export = post(SUPERVISOR, "/api/subject-access/requests/" + requestId + "/export", null);
        assertThat(export.status()).isEqualTo(403);
        assertThat(export.body()).doesNotContain(exitCase.toString()).contains("rejected");
        assertThat(accessEvents(subjectIdOf(requestId))).noneSatisfy(e -> assertThat(
                e.get("operation").asString() + e.get("outcome").asString()).isEqualTo("SUBJECT_ACCESS_EXPORTALLOWED"));
    }

    @Test
    void anApprovalUnusedWithinItsWindowExpiresAndExportsNothing() {
        Person kim = person();
        UUID exitCase = open(kim, SOCIAL_WORKER_OTHER_UNIT, "EXIT_PROGRAM", "NONE");
        UUID requestId = register(kim, SUPERVISOR);
        assertThat(post(COMPLIANCE_OFFICER, "/api/subject-access/requests/" + requestId + "/approval", null).status()).isEqualTo(200);

        clock.moveForward(Duration.ofDays(7).plusMinutes(1));
        try {
            Response export = post(SUPERVISOR, "/api/subject-access/requests/" + requestId + "/export", null);
            assertThat(export.status()).isEqualTo(403);
            assertThat(export.body()).doesNotContain(exitCase.toString()).contains("window has passed");
            assertThat(status(requestId, SUPERVISOR)).isEqualTo("EXPIRED");
        } finally {
            clock.reset();
        }
    }

    @Test
    void twoApprovalsAtOnceDecideTheRequestOnceAndTwoExportsAtOnceProduceOne() throws Exception {
        Person kim = person();
        UUID exitCase = open(kim, SOCIAL_WORKER_OTHER_UNIT, "EXIT_PROGRAM", "NONE");
        UUID requestId = register(kim, SUPERVISOR);
        UUID subjectId = subjectIdOf(requestId);
        String approval = "/api/subject-access/requests/" + requestId + "/approval";

        List<Response> approvals = together(() -> post(COMPLIANCE_OFFICER, approval, null), () -> post(SECOND_SUPERVISOR, approval, null));

        assertThat(approvals.stream().map(Response::status).sorted().toList()).isEqualTo(List.of(200, 409));
        String decidedBy = jdbc.sql("SELECT decided_by FROM subject_access_request WHERE request_id = ?").param(requestId)
                .query(String.class).single();
        String winner = approvals.get(0).status() == 200 ? COMPLIANCE_OFFICER.id() : SECOND_SUPERVISOR.id();
        assertThat(decidedBy).isEqualTo(winner);
        assertThat(accessEvents(subjectId).stream().filter(e -> e.get("operation").asString().equals("SUBJECT_ACCESS_APPROVAL")
                && e.get("outcome").asString().equals("ALLOWED"))).hasSize(1)
                .allSatisfy(e -> assertThat(e.get("actor").get("userId").asString()).isEqualTo(winner));

        String export = "/api/subject-access/requests/" + requestId + "/export";
        List<Response> exports = together(() -> post(SUPERVISOR, export, null), () -> post(SUPERVISOR, export, null));

        assertThat(exports.stream().filter(r -> r.status() == 200)).hasSize(1);
        assertThat(exports.stream().filter(r -> r.status() != 200)).allSatisfy(r -> {
            assertThat(r.status()).isIn(403, 409);
            assertThat(r.body()).doesNotContain(exitCase.toString());
        });
        assertThat(accessEvents(subjectId).stream().filter(e -> e.get("operation").asString().equals("SUBJECT_ACCESS_EXPORT")
                && e.get("outcome").asString().equals("ALLOWED"))).hasSize(1);
    }

    @Test
    void aSubjectWithoutCasesGetsAnEmptyExportThatIsStillRecorded() {
        Person nobody = person();
        UUID requestId = register(nobody, SUPERVISOR);
        assertThat(post(COMPLIANCE_OFFICER, "/api/subject-access/requests/" + requestId + "/approval", null).status()).isEqualTo(200);

        Response export = post(SUPERVISOR, "/api/subject-access/requests/" + requestId + "/export", null);

        assertThat(export.status()).isEqualTo(200);
        assertThat(export.json().get("cases").size()).isZero();
        assertThat(accessEvents(subjectIdOf(requestId))).filteredOn(e -> e.get("operation").asString().equals("SUBJECT_ACCESS_EXPORT"))
                .singleElement().satisfies(e -> {
                    assertThat(e.get("outcome").asString()).isEqualTo("ALLOWED");
                    assertThat(e.path("caseId").isNull() || e.path("caseId").isMissingNode()).as("no case").isTrue();
                });
    }

    @Test
    void onlySupervisorsRegisterAndBadInputIsRefusedWithAProblemThatSaysWhatToFix() {
        Person kim = person();
        String valid = body(kim.pnr(), "SN 2026/77", "SUBJECT_REQUEST", null);
        for (TestUser user : List.of(SOCIAL_WORKER, SOCIAL_WORKER_OTHER_UNIT, COMPLIANCE_OFFICER, POLICE_LIAISON, ADMINISTRATOR, EXIT_COORDINATOR)) {
            assertThat(post(user, "/api/subject-access/requests", valid).status()).as(user.username()).isEqualTo(403);
        }
        long before = requestCount();

        Response reference = post(SUPERVISOR, "/api/subject-access/requests", body(kim.pnr(), kim.name(), "SUBJECT_REQUEST", null));
        Response reason = post(SUPERVISOR, "/api/subject-access/requests", body(kim.pnr(), "SN 2026/77", "because", null));
        Response pnr = post(SUPERVISOR, "/api/subject-access/requests", body("20100315-9125", "SN 2026/77", "SUBJECT_REQUEST", null));
        Response longText = post(SUPERVISOR, "/api/subject-access/requests", body(kim.pnr(), "SN 2026/77", "SUBJECT_REQUEST", "x".repeat(2001)));
        Response rejection = post(COMPLIANCE_OFFICER, "/api/subject-access/requests/" + register(kim, SUPERVISOR) + "/rejection",
                "{\"reasonCode\":\"NOT_LIKED\"}");

        assertThat(reference.status()).isEqualTo(422);
        assertThat(reference.json().get("detail").asString()).contains("diarienummer", "SN 2026/123");
        assertThat(reason.status()).isEqualTo(422);
        assertThat(reason.json().get("detail").asString()).contains("SUBJECT_REQUEST", "GUARDIAN_REQUEST", "SUPERVISORY_AUTHORITY");
        assertThat(pnr.status()).isEqualTo(400);
        assertThat(longText.status()).isEqualTo(400);
        assertThat(rejection.status()).isEqualTo(422);
        assertThat(rejection.json().get("detail").asString()).contains("IDENTITY_NOT_VERIFIED");
        for (Response response : List.of(reference, reason, pnr, longText, rejection)) {
            assertThat(response.header("Content-Type")).startsWith("application/problem+json");
            assertThat(response.body()).doesNotContain(kim.pnr(), kim.name());
        }
        assertThat(requestCount()).as("only the one valid request was written").isEqualTo(before + 1);
    }

    private long requestCount() {
        return jdbc.sql("SELECT count(*) FROM subject_access_request").query(Long.class).single();
    }

    private List<Response> together(Callable<Response> first, Callable<Response> second) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
            Future<Response> a = pool.submit(() -> {
                start.await();
                return first.call();
            });
            Future<Response> b = pool.submit(() -> {
                start.await();
                return second.call();
            });
            start.countDown();
            return List.of(a.get(), b.get());
        }
    }

    private UUID register(Person person, TestUser requester) {
        return register(person, requester, "SN 2026/" + ThreadLocalRandom.current().nextInt(1, 99999), "SUBJECT_REQUEST", null);
    }

    private UUID register(Person person, TestUser requester, String reference, String reasonCode, String text) {
        Response registered = post(requester, "/api/subject-access/requests", body(person.pnr(), reference, reasonCode, text));
        assertThat(registered.status()).as(registered.body()).isEqualTo(201);
        assertThat(registered.json().get("status").asString()).isEqualTo("PENDING_APPROVAL");
        assertThat(registered.header("Location")).endsWith(registered.uuid("requestId").toString());
        return registered.uuid("requestId");
    }

    private static String body(String pnr, String reference, String reasonCode, String text) {
        return "{\"personalIdentityNumber\":\"" + pnr + "\",\"reference\":\"" + reference + "\",\"reasonCode\":\"" + reasonCode + "\""
                + (text == null ? "" : ",\"text\":\"" + text + "\"") + "}";
    }

    private String status(UUID requestId, TestUser reader) {
        Response response = get(reader, "/api/subject-access/requests/" + requestId);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json().get("status").asString();
    }

    private UUID subjectIdOf(UUID requestId) {
        return jdbc.sql("SELECT subject_id FROM subject_access_request WHERE request_id = ?").param(requestId).query(UUID.class).single();
    }

    /** The access events about the subject, as written to the outbox before each answer was given. */
    private List<JsonNode> accessEvents(UUID subjectId) {
        return jdbc.sql("SELECT cloud_event FROM access_outbox WHERE convert_from(cloud_event, 'UTF8') LIKE ? ORDER BY position")
                .param("%" + subjectId + "%")
                .query((rs, n) -> CloudEventCodec.fromBytes(rs.getBytes(1)).data()).list();
    }

    private UUID open(Person person, TestUser user, String program, String level) {
        Response response = post(user, "/api/cases", """
                {"program":"%s","subject":{"personalIdentityNumber":"%s","name":"%s","address":"%s","protectedIdentity":"%s"},"team":[]}"""
                .formatted(program, person.pnr(), person.name(), person.address(), level));
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return response.uuid("caseId");
    }

    private static Person person() {
        String tag = Long.toString(ThreadLocalRandom.current().nextLong(1_000_000_000L, 9_999_999_999L), 36);
        LocalDate birth = LocalDate.of(2009, 1 + ThreadLocalRandom.current().nextInt(12), 1 + ThreadLocalRandom.current().nextInt(28));
        return new Person(TestPersonnummer.anyBornOn(birth),
                "Alva Begäran" + tag, "Utdragsvägen " + tag);
    }
}
