package se.samverkan.localstack;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import se.samverkan.platform.test.TestPersonnummer;
import se.samverkan.platform.test.TestUser;
import tools.jackson.databind.JsonNode;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static se.samverkan.localstack.ItStack.token;

/**
 * The attacker's view of joint action plans (issue 15), with real Keycloak tokens against the whole stack: anna's team
 * records a coordination meeting with the school (ingrid) and the police (david); ingrid sees her own commitment only
 * within the consent naming her school for joint planning, is told of it in her inbox without the case, reports it
 * done, and loses it the moment the consent is withdrawn. On the way, what insiders with valid tokens try: the field
 * assistant (jonas) and david read ingrid's commitment, david reads his own without a consent for the police, ingrid
 * reads the case itself or lists cases. The audit log's disclosure report shows ingrid's reads as disclosures outside
 * social services.
 */
class AttackerActionPlanIT {

    private static final Duration PROPAGATION = Duration.ofSeconds(60);

    private static Stack stack;

    @BeforeAll
    static void stack() {
        stack = ItStack.started();
    }

    @Test
    void the_joint_plan_story_and_what_the_other_participants_try() {
        String anna = token(TestUser.SOCIAL_WORKER);
        String ingrid = token(TestUser.SCHOOL_COUNSELLOR);
        String david = token(TestUser.POLICE_LIAISON);
        String jonas = token(TestUser.FIELD_ASSISTANT);
        String tag = Long.toString(ThreadLocalRandom.current().nextLong(1_000_000_000L, 9_999_999_999L), 36);
        String pnr = personnummer();
        String name = "Ung Planesson" + tag;
        String agreed = "Skolan följer närvaron och polisen håller orossamtal " + tag;
        String schoolText = "Ringa hem samma dag vid frånvaro " + tag;

        HttpResponse<String> opened = Http.postJson(cases("/api/cases"), anna, """
                {"program":"RAPID_INTERVENTION","subject":{"personalIdentityNumber":"%s","name":"%s","address":"Skolvägen %s"},"team":[]}"""
                .formatted(pnr, name, tag));
        assertThat(opened.statusCode()).as(opened.body()).isEqualTo(201);
        String caseId = Http.json(opened).path("caseId").asString();
        String consentId = consent(anna, caseId, pnr, "MUNICIPALITY", "haninge-skola", "JOINT_PLANNING", "[\"MEASURES\",\"CASE_SUMMARY\"]");
        consent(anna, caseId, pnr, "POLICE", "polisen-haninge", "CRIME_PREVENTION", "[\"IDENTITY\",\"MEASURES\"]");

        HttpResponse<String> meeting = Http.postJson(cases("/api/cases/" + caseId + "/coordination-meetings"), anna, """
                {"heldOn":"%s","actionPlanAgreed":true,"agreedText":"%s",
                 "participants":[{"role":"SOCIAL_SERVICES","organisation":"haninge-ungdom","userId":"%s"},
                                 {"role":"SCHOOL","organisation":"haninge-skola","userId":"%s"},
                                 {"role":"POLICE","organisation":"polisen-haninge","userId":"%s"},{"role":"YOUTH"}],
                 "commitments":[{"participant":1,"commitmentType":"SCHOOL_ATTENDANCE_FOLLOW_UP","text":"%s","dueOn":"%s"},
                                {"participant":2,"commitmentType":"POLICE_DIALOGUE","dueOn":"%s"}]}"""
                // the municipality's day, as case-service dates meetings: from 23:00 UTC it is already tomorrow in Sweden
                .formatted(LocalDate.now(ZoneId.of("Europe/Stockholm")), agreed, TestUser.SOCIAL_WORKER.id(),
                        TestUser.SCHOOL_COUNSELLOR.id(), TestUser.POLICE_LIAISON.id(), schoolText, LocalDate.now().plusDays(30),
                        LocalDate.now().plusDays(30)));
        assertThat(meeting.statusCode()).as(meeting.body()).isEqualTo(201);
        String school = Http.json(meeting).path("commitmentIds").get(0).asString();
        String police = Http.json(meeting).path("commitmentIds").get(1).asString();

        HttpResponse<String> ingridsRead = await("the commitment reaches the read model").atMost(PROPAGATION)
                .pollInterval(Duration.ofMillis(300)).until(() -> Http.get(cases("/api/commitments/" + school), ingrid),
                        r -> r.statusCode() == 200);
        assertThat(ingridsRead.body()).contains(schoolText, agreed)
                .as("no IDENTITY in the school's consent, and never the case or its address").doesNotContain(name, pnr, caseId, "Skolvägen");
        assertThat(Http.get(cases("/api/cases/" + caseId), ingrid).statusCode()).as("the case itself stays hidden").isEqualTo(404);
        assertThat(Http.get(cases("/api/cases"), ingrid).statusCode()).isEqualTo(404);
        for (String other : List.of(jonas, david)) {
            HttpResponse<String> refused = Http.get(cases("/api/commitments/" + school), other);
            assertThat(refused.statusCode()).as("ingrid's commitment is ingrid's").isEqualTo(404);
            assertThat(refused.body()).doesNotContain(schoolText, agreed);
            assertThat(Http.postJson(cases("/api/commitments/" + school + "/done-report"), other, "{}").statusCode()).isEqualTo(404);
        }
        HttpResponse<String> davidsOwn = Http.get(cases("/api/commitments/" + police), david);
        assertThat(davidsOwn.statusCode()).as("a consent for crime prevention is no consent for joint planning").isEqualTo(404);
        assertThat(Http.postJson(cases("/api/cases/" + caseId + "/commitments/" + school + "/follow-up"), ingrid,
                "{\"outcome\":\"KEPT\"}").statusCode()).as("the owner does not confirm her own").isEqualTo(404);

        String notifications = ItStack.serviceUrl("notification-service");
        await("ingrid is told of her commitment, without the case").atMost(PROPAGATION).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> {
                    HttpResponse<String> inbox = Http.get(notifications + "/api/inbox", ingrid);
                    assertThat(inbox.statusCode()).isEqualTo(200);
                    assertThat(items(inbox)).anySatisfy(item -> {
                        assertThat(item.path("kind").asString()).isEqualTo("COMMITMENT_ASSIGNED");
                        assertThat(item.path("link").asString()).isEqualTo("/api/commitments/" + school);
                    });
                    assertThat(inbox.body()).doesNotContain(caseId, schoolText, name);
                });
        assertThat(Inbox.everyItem(david).toString()).as("david may not see his").doesNotContain(police);

        HttpResponse<String> done = Http.postJson(cases("/api/commitments/" + school + "/done-report"), ingrid,
                "{\"text\":\"Närvaron är full sedan tre veckor " + tag + "\"}");
        assertThat(done.statusCode()).as(done.body()).isEqualTo(200);
        HttpResponse<String> followUp = Http.postJson(cases("/api/cases/" + caseId + "/commitments/" + school + "/follow-up"), anna,
                "{\"outcome\":\"KEPT\"}");
        assertThat(followUp.statusCode()).as(followUp.body()).isEqualTo(200);
        // her list is every test's commitments of hers, many pages of them in a long run: hers is on it until the
        // withdrawal, so that its absence after it is the withdrawal's doing
        await("ingrid's commitment in her list").atMost(PROPAGATION).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> assertThat(commitmentIds(ingrid)).contains(school));

        HttpResponse<String> withdrawn = Http.postJson(cases("/api/cases/" + caseId + "/consents/" + consentId + "/withdrawal"), anna,
                "{\"withdrawnBy\":\"SUBJECT\"}");
        assertThat(withdrawn.statusCode()).as(withdrawn.body()).isEqualTo(200);
        HttpResponse<String> afterWithdrawal = Http.get(cases("/api/commitments/" + school), ingrid);
        assertThat(afterWithdrawal.statusCode()).as("withdrawal ends it at once").isEqualTo(404);
        assertThat(afterWithdrawal.body()).doesNotContain(schoolText, agreed);
        assertThat(commitmentIds(ingrid)).doesNotContain(school);

        String subjectId = Http.json(Http.get(cases("/api/cases/" + caseId), anna)).path("subjectId").asString();
        String eva = token(TestUser.COMPLIANCE_OFFICER);
        await("ingrid's reads in the disclosure report").atMost(PROPAGATION).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            HttpResponse<String> report = Http.get(ItStack.serviceUrl("audit-service") + "/api/audit/subjects/" + subjectId + "/disclosures", eva);
            assertThat(report.statusCode()).as(report.body()).isEqualTo(200);
            List<String> readers = new ArrayList<>();
            Http.json(report).path("disclosures").valueStream()
                    .filter(d -> d.path("kind").asString().equals("READ_OUTSIDE_SOCIAL_SERVICES"))
                    .forEach(d -> readers.add(d.path("recipientUserId").asString() + "/" + d.path("recipientUnit").asString()));
            assertThat(readers).contains(TestUser.SCHOOL_COUNSELLOR.id() + "/haninge-skola");
            assertThat(report.body()).doesNotContain(schoolText, agreed, name);
        });
    }

    private static List<JsonNode> items(HttpResponse<String> inbox) {
        List<JsonNode> items = new ArrayList<>();
        Http.json(inbox).path("items").valueStream().forEach(items::add);
        return items;
    }

    /** The ids on every page of "my commitments", following the Link header's next page. */
    private static List<String> commitmentIds(String bearer) {
        List<String> ids = new ArrayList<>();
        String url = cases("/api/commitments?limit=200");
        while (url != null) {
            HttpResponse<String> page = Http.get(url, bearer);
            assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
            Http.json(page).valueStream().forEach(commitment -> ids.add(commitment.path("commitmentId").asString()));
            url = page.headers().firstValue("Link").map(AttackerActionPlanIT::nextPage).orElse(null);
        }
        return ids;
    }

    private static String nextPage(String link) {
        java.util.regex.Matcher next = java.util.regex.Pattern.compile("<([^>]+)>;\\s*rel=\"next\"").matcher(link);
        return next.find() ? next.group(1) : null;
    }

    private static String consent(String anna, String caseId, String pnr, String agency, String unit, String purpose, String categories) {
        HttpResponse<String> consent = Http.postJson(cases("/api/cases/" + caseId + "/consents"), anna, """
                {"parties":[{"role":"SUBJECT","personalIdentityNumber":"%s"}],"recipientAgency":"%s","recipientUnit":"%s",
                 "purposes":["%s"],"dataCategories":%s,"validFrom":"%s","validUntil":"%s","documentReference":"Samtycke 2026-501"}"""
                .formatted(pnr, agency, unit, purpose, categories, LocalDate.now().minusDays(1), LocalDate.now().plusDays(90)));
        assertThat(consent.statusCode()).as(consent.body()).isEqualTo(201);
        return Http.json(consent).path("consentId").asString();
    }

    private static String cases(String path) {
        return ItStack.serviceUrl("case-service") + path;
    }

    /** Someone of 19: no guardian needs to be a party to the consent. */
    private static String personnummer() {
        LocalDate birth = LocalDate.now().minusYears(19).withDayOfMonth(1 + ThreadLocalRandom.current().nextInt(27));
        return TestPersonnummer.anyBornOn(birth);
    }
}
