package se.samverkan.localstack;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import se.samverkan.platform.test.TestPersonnummer;
import se.samverkan.platform.test.TestUser;
import tools.jackson.databind.JsonNode;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static se.samverkan.localstack.ItStack.token;

/**
 * The attacker's view of partnership sharing (issue 14, "Partnership sharing"): insiders of the demo partner Botkyrka
 * with real Keycloak tokens against the whole stack. Before issue 14 a share was one command naming a municipality:
 * every Botkyrka exit coordinator (gunilla too) read the whole case with every note, with no consent behind it, for ever,
 * and the share was in neither disclosure report; each test below fails on that code.
 */
class AttackerPartnerIT {

    private static final Duration PROPAGATION = Duration.ofSeconds(60);

    private static Stack stack;

    @BeforeAll
    static void stack() {
        stack = ItStack.started();
    }

    record ExitCase(String caseId, String subjectId, String pnr, String name, String privateNote, String shareableNote) {
    }

    /**
     * The whole story of the "Done when": consent to share with Botkyrka, the partner's note read by Haninge,
     * withdrawal ending it, the disclosure report listing it; and on the way, what goran's colleague and goran himself
     * try: gunilla (not named) reads and writes nothing, goran neither ends nor re-shares the share, and after the
     * withdrawal he is refused at once. Review items about goran's reads go to Haninge's officer, and Botkyrka's officer
     * sees her own staff's, never Haninge's.
     */
    @Test
    void the_partnership_story_and_what_an_insider_of_the_partner_tries() {
        String bertil = token(TestUser.SOCIAL_WORKER_OTHER_UNIT);
        String goran = token(TestUser.EXIT_COORDINATOR);
        String gunilla = token(TestUser.EXIT_COORDINATOR_COLLEAGUE);
        ExitCase exit = bertilOpensAnExitCase(bertil);
        String consentId = consent(bertil, exit);

        HttpResponse<String> unshared = Http.get(cases("/api/cases/" + exit.caseId()), goran);
        assertThat(unshared.statusCode()).as("nothing shared yet").isEqualTo(404);
        HttpResponse<String> shared = Http.postJson(cases("/api/cases/" + exit.caseId() + "/sharing"), bertil, shareBody(consentId,
                TestUser.EXIT_COORDINATOR));
        assertThat(shared.statusCode()).as(shared.body()).isEqualTo(201);
        String shareId = Http.json(shared).path("shareId").asString();

        HttpResponse<String> goransRead = Http.get(cases("/api/cases/" + exit.caseId()), goran);
        assertThat(goransRead.statusCode()).as(goransRead.body()).isEqualTo(200);
        assertThat(goransRead.body()).contains(exit.name(), exit.shareableNote())
                .as("a note the owner did not mark shareable, and the consents, stay with the owner")
                .doesNotContain(exit.privateNote(), "\"consents\"", "Gömda gatan");

        HttpResponse<String> gunillasRead = Http.get(cases("/api/cases/" + exit.caseId()), gunilla);
        assertThat(gunillasRead.statusCode()).as("the share names goran, not every coordinator of Botkyrka").isEqualTo(404);
        assertThat(gunillasRead.body()).doesNotContain(exit.name());
        assertThat(Http.postJson(cases("/api/cases/" + exit.caseId() + "/partner-notes"), gunilla, "{\"text\":\"x\"}").statusCode())
                .isEqualTo(404);
        assertThat(Http.get(cases("/api/cases"), gunilla).body()).doesNotContain(exit.caseId());

        String partnerNote = "Lägenhet ordnad i Tumba, kontakt med arbetsförmedlingen " + exit.name();
        HttpResponse<String> noted = Http.postJson(cases("/api/cases/" + exit.caseId() + "/partner-notes"), goran,
                "{\"text\":\"" + partnerNote + "\"}");
        assertThat(noted.statusCode()).as(noted.body()).isEqualTo(201);
        HttpResponse<String> bertilsRead = Http.get(cases("/api/cases/" + exit.caseId()), bertil);
        assertThat(bertilsRead.body()).as("the owning team reads the partner's section").contains(partnerNote);

        assertThat(Http.postJson(cases("/api/cases/" + exit.caseId() + "/sharing/" + shareId + "/ending"), goran, "").statusCode())
                .as("the partner cannot end the share").isEqualTo(403);
        assertThat(Http.postJson(cases("/api/cases/" + exit.caseId() + "/sharing"), goran, shareBody(consentId,
                TestUser.EXIT_COORDINATOR_COLLEAGUE)).statusCode()).as("nor share the case on to a colleague").isEqualTo(403);
        assertThat(Http.postJson(cases("/api/cases/" + exit.caseId() + "/notes"), goran, "{\"text\":\"x\"}").statusCode())
                .as("nor write in the owner's journal").isEqualTo(403);

        HttpResponse<String> withdrawn = Http.postJson(cases("/api/cases/" + exit.caseId() + "/consents/" + consentId + "/withdrawal"),
                bertil, "{\"withdrawnBy\":\"SUBJECT\"}");
        assertThat(withdrawn.statusCode()).as(withdrawn.body()).isEqualTo(200);
        HttpResponse<String> afterWithdrawal = Http.get(cases("/api/cases/" + exit.caseId()), goran);
        assertThat(afterWithdrawal.statusCode()).as("withdrawal ends the share at once").isEqualTo(403);
        assertThat(afterWithdrawal.body()).doesNotContain(exit.name(), partnerNote);
        assertThat(Http.postJson(cases("/api/cases/" + exit.caseId() + "/partner-notes"), goran, "{\"text\":\"x\"}").statusCode())
                .isEqualTo(403);

        String eva = token(TestUser.COMPLIANCE_OFFICER);
        String hanna = token(TestUser.COMPLIANCE_OFFICER_BOTKYRKA);
        await("the share and goran's read in Haninge's disclosure report").atMost(PROPAGATION).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> {
                    HttpResponse<String> report = Http.get(ItStack.serviceUrl("audit-service") + "/api/audit/subjects/" + exit.subjectId()
                            + "/disclosures", eva);
                    assertThat(report.statusCode()).as(report.body()).isEqualTo(200);
                    List<String> kinds = new ArrayList<>();
                    Http.json(report).path("disclosures").valueStream().forEach(d -> kinds.add(d.path("kind").asString()));
                    assertThat(kinds).contains("SHARED_WITH_PARTNER", "ACCESS_BY_PARTNER", "PARTNER_SHARE_ENDED_CONSENT_WITHDRAWN");
                    assertThat(report.body()).contains(TestUser.EXIT_COORDINATOR.id(), "botkyrka-avhopp")
                            .doesNotContain(exit.name(), partnerNote);
                });
        await("review items of goran's reads for Haninge, of her own staff for Botkyrka").atMost(PROPAGATION)
                .pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                    assertThat(rules(eva, exit.caseId())).contains("PARTNER_ACCESS").doesNotContain("PARTNER_STAFF_ACCESS");
                    assertThat(rules(hanna, exit.caseId())).contains("PARTNER_STAFF_ACCESS").doesNotContain("PARTNER_ACCESS");
                });
    }

    /**
     * A share that rests on nothing, or on a consent the defector gave for someone else, is refused; a closed case is
     * shared with nobody. Before issue 14 the body {@code {"partnerMunicipality":"0127"}} alone shared the case with
     * every exit coordinator of Botkyrka, for ever.
     */
    @Test
    void a_share_without_a_consent_naming_the_partner_is_refused_and_closing_ends_it() {
        String bertil = token(TestUser.SOCIAL_WORKER_OTHER_UNIT);
        String goran = token(TestUser.EXIT_COORDINATOR);
        ExitCase exit = bertilOpensAnExitCase(bertil);

        HttpResponse<String> oldStyle = Http.postJson(cases("/api/cases/" + exit.caseId() + "/sharing"), bertil,
                "{\"partnerMunicipality\":\"0127\"}");
        assertThat(oldStyle.statusCode()).as(oldStyle.body()).isEqualTo(400);
        assertThat(Http.get(cases("/api/cases/" + exit.caseId()), goran).statusCode()).isEqualTo(404);

        HttpResponse<String> policeConsent = Http.postJson(cases("/api/cases/" + exit.caseId() + "/consents"), bertil, consentBody(exit,
                "POLICE", "polisen-haninge", "CRIME_PREVENTION"));
        assertThat(policeConsent.statusCode()).as(policeConsent.body()).isEqualTo(201);
        HttpResponse<String> onPoliceConsent = Http.postJson(cases("/api/cases/" + exit.caseId() + "/sharing"), bertil,
                shareBody(Http.json(policeConsent).path("consentId").asString(), TestUser.EXIT_COORDINATOR));
        assertThat(onPoliceConsent.statusCode()).as(onPoliceConsent.body()).isEqualTo(422);
        assertThat(Http.json(onPoliceConsent).path("code").asString()).isEqualTo("consent-does-not-cover-partner");
        assertThat(Http.get(cases("/api/cases/" + exit.caseId()), goran).statusCode()).isEqualTo(404);

        String consentId = consent(bertil, exit);
        assertThat(Http.postJson(cases("/api/cases/" + exit.caseId() + "/sharing"), bertil, shareBody(consentId,
                TestUser.EXIT_COORDINATOR)).statusCode()).isEqualTo(201);
        assertThat(Http.get(cases("/api/cases/" + exit.caseId()), goran).statusCode()).isEqualTo(200);
        HttpResponse<String> closed = Http.postJson(cases("/api/cases/" + exit.caseId() + "/closure"), bertil, "{\"outcome\":\"GOALS_MET\"}");
        assertThat(closed.statusCode()).as(closed.body()).isEqualTo(200);
        HttpResponse<String> afterClosing = Http.get(cases("/api/cases/" + exit.caseId()), goran);
        assertThat(afterClosing.statusCode()).as("a closed case is shared with nobody").isEqualTo(403);
        assertThat(afterClosing.body()).doesNotContain(exit.name());
    }

    private static List<String> rules(String officer, String caseId) {
        HttpResponse<String> items = Http.get(ItStack.serviceUrl("audit-service") + "/api/audit/review-items?caseId=" + caseId, officer);
        assertThat(items.statusCode()).as(items.body()).isEqualTo(200);
        List<String> rules = new ArrayList<>();
        Http.json(items).path("items").valueStream().forEach(i -> rules.add(i.path("rule").asString()));
        return rules;
    }

    private static ExitCase bertilOpensAnExitCase(String bertil) {
        String tag = Long.toString(ThreadLocalRandom.current().nextLong(1_000_000_000L, 9_999_999_999L), 36);
        String pnr = personnummer();
        String name = "Avhoppare Partnersson" + tag;
        HttpResponse<String> opened = Http.postJson(cases("/api/cases"), bertil, """
                {"program":"EXIT_PROGRAM","subject":{"personalIdentityNumber":"%s","name":"%s","address":"Gömda gatan %s"},"team":[]}"""
                .formatted(pnr, name, tag));
        assertThat(opened.statusCode()).as(opened.body()).isEqualTo(201);
        String caseId = Http.json(opened).path("caseId").asString();
        String privateNote = "Hotbild från nätverket " + tag;
        String shareableNote = "Behöver boende utanför Haninge " + tag;
        note(bertil, caseId, privateNote);
        String shareableId = note(bertil, caseId, shareableNote);
        HttpResponse<String> marked = Http.postJson(cases("/api/cases/" + caseId + "/notes/" + shareableId + "/shareable"), bertil, "");
        assertThat(marked.statusCode()).as(marked.body()).isEqualTo(200);
        String subjectId = Http.json(Http.get(cases("/api/cases/" + caseId), bertil)).path("subjectId").asString();
        return new ExitCase(caseId, subjectId, pnr, name, privateNote, shareableNote);
    }

    private static String note(String bertil, String caseId, String text) {
        HttpResponse<String> noted = Http.postJson(cases("/api/cases/" + caseId + "/notes"), bertil, "{\"text\":\"" + text + "\"}");
        assertThat(noted.statusCode()).as(noted.body()).isEqualTo(201);
        return Http.json(noted).path("noteId").asString();
    }

    private static String consent(String bertil, ExitCase exit) {
        HttpResponse<String> consent = Http.postJson(cases("/api/cases/" + exit.caseId() + "/consents"), bertil,
                consentBody(exit, "SOCIAL_SERVICES", "botkyrka-avhopp", "SUPPORT_AND_PROTECTION"));
        assertThat(consent.statusCode()).as(consent.body()).isEqualTo(201);
        return Http.json(consent).path("consentId").asString();
    }

    private static String consentBody(ExitCase exit, String agency, String unit, String purpose) {
        return """
                {"parties":[{"role":"SUBJECT","personalIdentityNumber":"%s"}],"recipientAgency":"%s","recipientUnit":"%s",
                 "purposes":["%s"],"dataCategories":["IDENTITY","CASE_SUMMARY"],"validFrom":"%s","validUntil":"%s",
                 "documentReference":"Samtycke 2026-301"}""".formatted(exit.pnr(), agency, unit, purpose, LocalDate.now().minusDays(1),
                LocalDate.now().plusDays(90));
    }

    private static String shareBody(String consentId, TestUser coordinator) {
        return """
                {"partnerMunicipality":"0127","partnerUnit":"botkyrka-avhopp","role":"PLACEMENT_MUNICIPALITY",
                 "dataCategories":["IDENTITY","CASE_SUMMARY"],"consentId":"%s","coordinators":["%s"]}""".formatted(consentId, coordinator.id());
    }

    private static String cases(String path) {
        return ItStack.serviceUrl("case-service") + path;
    }

    private static String personnummer() {
        LocalDate birth = LocalDate.of(1998, 1 + ThreadLocalRandom.current().nextInt(12), 1 + ThreadLocalRandom.current().nextInt(28));
        return TestPersonnummer.anyBornOn(birth);
    }
}
