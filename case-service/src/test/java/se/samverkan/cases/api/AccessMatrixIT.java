package se.samverkan.cases.api;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import se.samverkan.cases.access.AccessOperation;
import se.samverkan.cases.access.Operation;
import se.samverkan.cases.support.IntegrationTest;
import se.samverkan.cases.support.MovableClock;
import se.samverkan.platform.test.TestUser;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static se.samverkan.cases.access.Operation.*;
import static se.samverkan.platform.test.TestUser.*;

/**
 * Every endpoint x every demo user against a protected-identity case of anna's unit (anna on the team, a valid
 * consent and a referral to david's police unit): refused callers get 404 or 403 exactly as the role table says,
 * allowed callers never do, and no body shows a field its reader may not see.
 */
class AccessMatrixIT extends IntegrationTest {

    record Fixture(UUID caseId, UUID consentId, UUID referralId, UUID noteId, UUID holdId, UUID breakGlassEventId) {
    }

    record Call(String method, String path, String body) {
    }

    record Endpoint(String method, String pattern, Operation operation, Function<Fixture, Call> call) {
    }

    static final List<Endpoint> ENDPOINTS = List.of(
            new Endpoint("POST", "/api/cases", OPEN_CASE, f -> new Call("POST", "/api/cases", openCaseBody("RAPID_INTERVENTION", "NONE"))),
            new Endpoint("GET", "/api/cases/{caseId}", READ_CASE, f -> new Call("GET", "/api/cases/" + f.caseId(), null)),
            new Endpoint("GET", "/api/cases", LIST_CASES, f -> new Call("GET", "/api/cases", null)),
            new Endpoint("PUT", "/api/cases/{caseId}/team", ASSIGN_TEAM, f -> new Call("PUT", "/api/cases/" + f.caseId() + "/team", "{\"team\":[\"" + SOCIAL_WORKER.id() + "\"]}")),
            new Endpoint("POST", "/api/cases/{caseId}/notes", WRITE_CASE, f -> new Call("POST", "/api/cases/" + f.caseId() + "/notes", "{\"text\":\"x\"}")),
            new Endpoint("POST", "/api/cases/{caseId}/notes/{noteId}/corrections", WRITE_CASE, f -> new Call("POST", "/api/cases/" + f.caseId() + "/notes/" + f.noteId() + "/corrections", "{\"text\":\"x\"}")),
            new Endpoint("POST", "/api/cases/{caseId}/measures", WRITE_CASE, f -> new Call("POST", "/api/cases/" + f.caseId() + "/measures", "{\"measureType\":\"CONTACT_PERSON\",\"startDate\":\"2026-12-01\"}")),
            new Endpoint("POST", "/api/cases/{caseId}/phase-changes", WRITE_CASE, f -> new Call("POST", "/api/cases/" + f.caseId() + "/phase-changes", "{\"phase\":\"PRELIMINARY_ASSESSMENT\"}")),
            new Endpoint("POST", "/api/cases/{caseId}/closure", WRITE_CASE, f -> new Call("POST", "/api/cases/" + f.caseId() + "/closure", "{\"outcome\":\"GOALS_MET\"}")),
            new Endpoint("POST", "/api/cases/{caseId}/reopening", WRITE_CASE, f -> new Call("POST", "/api/cases/" + f.caseId() + "/reopening", "{\"reason\":\"x\"}")),
            new Endpoint("POST", "/api/cases/{caseId}/sharing", SHARE_CASE, f -> new Call("POST", "/api/cases/" + f.caseId() + "/sharing", "{\"partnerMunicipality\":\"0127\"}")),
            new Endpoint("POST", "/api/cases/{caseId}/consents", RECORD_CONSENT, f -> new Call("POST", "/api/cases/" + f.caseId() + "/consents", consentBody())),
            new Endpoint("POST", "/api/cases/{caseId}/consents/{consentId}/withdrawal", WITHDRAW_CONSENT, f -> new Call("POST", "/api/cases/" + f.caseId() + "/consents/" + f.consentId() + "/withdrawal", "{\"withdrawnBy\":\"SUBJECT\"}")),
            new Endpoint("POST", "/api/cases/{caseId}/referrals", CREATE_REFERRAL, f -> new Call("POST", "/api/cases/" + f.caseId() + "/referrals", referralBody(f.consentId()))),
            new Endpoint("POST", "/api/cases/{caseId}/referrals/{referralId}/approval", APPROVE_REFERRAL, f -> new Call("POST", "/api/cases/" + f.caseId() + "/referrals/" + f.referralId() + "/approval", null)),
            new Endpoint("POST", "/api/cases/{caseId}/referrals/{referralId}/completion", MANAGE_REFERRAL, f -> new Call("POST", "/api/cases/" + f.caseId() + "/referrals/" + f.referralId() + "/completion", "{\"outcomeCode\":\"JOINT_PLAN\"}")),
            new Endpoint("POST", "/api/cases/{caseId}/referrals/{referralId}/revocation", MANAGE_REFERRAL, f -> new Call("POST", "/api/cases/" + f.caseId() + "/referrals/" + f.referralId() + "/revocation", null)),
            new Endpoint("POST", "/api/cases/{caseId}/family-contacts", WRITE_CASE, f -> new Call("POST", "/api/cases/" + f.caseId() + "/family-contacts", "{\"on\":\"2026-11-20\"}")),
            new Endpoint("POST", "/api/cases/{caseId}/joint-police-meetings", WRITE_CASE, f -> new Call("POST", "/api/cases/" + f.caseId() + "/joint-police-meetings", "{\"on\":\"2026-11-21\"}")),
            new Endpoint("POST", "/api/cases/{caseId}/lul-deadlines", WRITE_CASE, f -> new Call("POST", "/api/cases/" + f.caseId() + "/lul-deadlines", "{\"kind\":\"LUL_POLICE_INVESTIGATION\",\"dueOn\":\"2027-01-10\"}")),
            new Endpoint("GET", "/api/reports/units/{unit}/timeliness", UNIT_REPORT, f -> new Call("GET", "/api/reports/units/haninge-ungdom/timeliness", null)),
            new Endpoint("POST", "/api/cases/{caseId}/legal-holds", MANAGE_LEGAL_HOLD, f -> new Call("POST", "/api/cases/" + f.caseId() + "/legal-holds", "{\"kind\":\"LITIGATION\",\"reason\":\"Tvist om vårdnad\"}")),
            new Endpoint("POST", "/api/cases/{caseId}/legal-holds/{holdId}/lifting", MANAGE_LEGAL_HOLD, f -> new Call("POST", "/api/cases/" + f.caseId() + "/legal-holds/" + f.holdId() + "/lifting", "{\"reason\":\"Tvisten avgjord\"}")),
            new Endpoint("PUT", "/api/cases/{caseId}/protected-identity", CHANGE_PROTECTION, f -> new Call("PUT", "/api/cases/" + f.caseId() + "/protected-identity", "{\"level\":\"SKYDDAD_FOLKBOKFORING\"}")),
            new Endpoint("GET", "/api/retention/units/{unit}/dry-run", RETENTION_REPORT, f -> new Call("GET", "/api/retention/units/haninge-ungdom/dry-run", null)),
            new Endpoint("POST", "/api/subject-access/exports", SUBJECT_ACCESS_EXPORT, f -> new Call("POST", "/api/subject-access/exports", "{\"personalIdentityNumber\":\"" + PNR + "\"}")),
            new Endpoint("GET", "/api/break-glass-reasons/{accessEventId}", READ_BREAK_GLASS_REASON, f -> new Call("GET", "/api/break-glass-reasons/" + f.breakGlassEventId(), null)),
            new Endpoint("GET", "/api/police/referrals", POLICE_LIST_REFERRALS, f -> new Call("GET", "/api/police/referrals", null)),
            new Endpoint("GET", "/api/police/referrals/{referralId}", POLICE_READ_REFERRAL, f -> new Call("GET", "/api/police/referrals/" + f.referralId(), null)),
            new Endpoint("POST", "/api/police/referrals/{referralId}/acknowledgement", POLICE_ANSWER_REFERRAL, f -> new Call("POST", "/api/police/referrals/" + f.referralId() + "/acknowledgement", null)),
            new Endpoint("POST", "/api/police/referrals/{referralId}/acceptance", POLICE_ANSWER_REFERRAL, f -> new Call("POST", "/api/police/referrals/" + f.referralId() + "/acceptance", null)),
            new Endpoint("POST", "/api/police/referrals/{referralId}/decline", POLICE_ANSWER_REFERRAL, f -> new Call("POST", "/api/police/referrals/" + f.referralId() + "/decline", "{\"reasonCode\":\"NOT_IN_JURISDICTION\"}")),
            new Endpoint("POST", "/api/police/referrals/{referralId}/feedback", POLICE_ANSWER_REFERRAL, f -> new Call("POST", "/api/police/referrals/" + f.referralId() + "/feedback", "{\"text\":\"x\"}")),
            new Endpoint("POST", "/api/police/reports", SEND_POLICE_REPORT, f -> new Call("POST", "/api/police/reports",
                    "{\"receivingUnit\":\"haninge-ungdom\",\"summary\":\"x\",\"subject\":{\"personalIdentityNumber\":\"" + PNR + "\",\"name\":\"K\"}}")));

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping handlerMapping;

    private static final Set<String> NOT_CASE_DATA = Set.of("/api/vocabularies");

    @Test
    void everyApiEndpointNamesItsPolicyOperationAndIsInThisMatrix() {
        Set<String> registered = new TreeSet<>();
        for (Map.Entry<RequestMappingInfo, HandlerMethod> entry : handlerMapping.getHandlerMethods().entrySet()) {
            for (String pattern : entry.getKey().getPatternValues()) {
                if (!pattern.startsWith("/api")) {
                    continue;
                }
                if (entry.getValue().hasMethodAnnotation(se.samverkan.cases.access.NotCaseData.class)) {
                    // only the code lists may answer without a policy decision
                    assertThat(pattern).isIn(NOT_CASE_DATA);
                    continue;
                }
                AccessOperation operation = entry.getValue().getMethodAnnotation(AccessOperation.class);
                assertThat(operation).as(pattern + " has no @AccessOperation, so no policy decision is declared").isNotNull();
                entry.getKey().getMethodsCondition().getMethods().forEach(m -> {
                    registered.add(m.name() + " " + pattern);
                    assertThat(ENDPOINTS).as(m + " " + pattern + " is missing from the access matrix")
                            .anyMatch(e -> e.method().equals(m.name()) && e.pattern().equals(pattern) && e.operation() == operation.value());
                });
            }
        }
        assertThat(registered).hasSize(ENDPOINTS.size());
    }

    @Test
    void everyEndpointForEveryRoleAnswersAsTheRoleTableSays() {
        List<String> mismatches = new ArrayList<>();
        for (Endpoint endpoint : ENDPOINTS) {
            Fixture fixture = fixture();
            for (TestUser user : TestUser.all()) {
                Call call = endpoint.call().apply(fixture);
                Response response = send(user, call.method(), call.path(), call.body());
                Access expected = expected(user, endpoint.operation());
                boolean ok = switch (expected) {
                    case ALLOWED -> response.status() != 403 && response.status() != 404 && response.status() < 500;
                    case FORBIDDEN -> response.status() == 403;
                    case HIDDEN -> response.status() == 404;
                };
                if (!ok) {
                    mismatches.add(user.username() + " " + call.method() + " " + endpoint.pattern() + " -> " + response.status()
                            + " expected " + expected + " " + response.body());
                }
                if (response.status() >= 400) {
                    assertThat(response.header("Content-Type")).as(call.path()).startsWith("application/problem+json");
                }
                if (response.status() < 300 && response.body() != null) {
                    assertNoForbiddenFields(user, endpoint, fixture, response);
                }
            }
        }
        assertThat(mismatches).isEmpty();
    }

    enum Access { ALLOWED, FORBIDDEN, HIDDEN }

    enum ConsentState { VALID, WITHDRAWN, EXPIRED }

    /** Endpoints whose success changes what the police may see (case closed, consent withdrawn, referral revoked): last. */
    private static final Set<String> STATE_ENDING = Set.of("/api/cases/{caseId}/closure", "/api/cases/{caseId}/reopening",
            "/api/cases/{caseId}/consents/{consentId}/withdrawal", "/api/cases/{caseId}/referrals/{referralId}/revocation");

    @Autowired
    MovableClock clock;

    /**
     * Issue 4's whole product over HTTP: every endpoint x every demo user (own/other unit, on/off team, every role) x
     * consent valid/withdrawn/expired x protected identity on/off. One fixture per combination is shared by all
     * endpoints; the endpoints that end what the police may see run last, so earlier answers are not disturbed.
     */
    @Test
    void everyEndpointForEveryRoleAnswersAsTheRoleTableSaysWhateverTheConsentAndProtectionLevel() {
        List<Endpoint> ordered = new ArrayList<>(ENDPOINTS.stream().filter(e -> !STATE_ENDING.contains(e.pattern())).toList());
        ordered.addAll(ENDPOINTS.stream().filter(e -> STATE_ENDING.contains(e.pattern())).toList());
        List<String> mismatches = new ArrayList<>();
        int calls = 0;
        for (String level : List.of("NONE", "SKYDDAD_FOLKBOKFORING")) {
            for (ConsentState consent : ConsentState.values()) {
                Fixture fixture = fixture(level, consent);
                String combination = level + "/" + consent;
                if (consent == ConsentState.EXPIRED) {
                    clock.moveForward(Duration.ofDays(2));
                }
                try {
                    for (Endpoint endpoint : ordered) {
                        for (TestUser user : TestUser.all()) {
                            Call call = endpoint.call().apply(fixture);
                            Response response = send(user, call.method(), call.path(), call.body());
                            calls++;
                            Access expected = expected(user, endpoint.operation(), consent);
                            if (!answers(expected, response)) {
                                mismatches.add(combination + " " + user.username() + " " + call.method() + " " + endpoint.pattern()
                                        + " -> " + response.status() + " expected " + expected + " " + response.body());
                            }
                            if (response.status() >= 400) {
                                assertThat(response.header("Content-Type")).as(call.path()).startsWith("application/problem+json");
                            }
                            if (response.status() < 300 && response.body() != null) {
                                assertNoForbiddenFields(user, endpoint, fixture, response, level.equals("SKYDDAD_FOLKBOKFORING"));
                                if (user == POLICE_LIAISON && consent != ConsentState.VALID) {
                                    assertThat(response.body()).as(combination + " " + endpoint.pattern()).doesNotContain("Kim Testsson");
                                }
                            }
                            if (endpoint.operation() == READ_CASE && user == SUPERVISOR && response.status() == 200) {
                                assertThat(response.body().contains("Hemliga vägen")).as(combination + ": the supervisor outside the team "
                                        + "sees the address exactly when the identity is not protected").isEqualTo(level.equals("NONE"));
                            }
                        }
                    }
                } finally {
                    clock.reset();
                }
            }
        }
        assertThat(calls).isEqualTo(6 * ENDPOINTS.size() * TestUser.all().size());
        assertThat(mismatches).as(mismatches.size() + " of " + calls + " calls").isEmpty();
    }

    private static boolean answers(Access expected, Response response) {
        return switch (expected) {
            case ALLOWED -> response.status() != 403 && response.status() != 404 && response.status() < 500;
            case FORBIDDEN -> response.status() == 403;
            case HIDDEN -> response.status() == 404;
        };
    }

    /** The role table for this fixture: anna is on the team; amir is in the unit but not on it; cecilia supervises. */
    private static Access expected(TestUser user, Operation op, ConsentState consent) {
        if (user == POLICE_LIAISON && consent != ConsentState.VALID && (op == POLICE_READ_REFERRAL || op == POLICE_ANSWER_REFERRAL)) {
            // withdrawing revokes the referral; an expired consent no longer carries it: either way the police may
            // know the referral exists, but not read or use it
            return Access.FORBIDDEN;
        }
        return expected(user, op);
    }

    private static Access expected(TestUser user, Operation op) {
        if (op == UNIT_REPORT) {
            return user == SUPERVISOR || user == COMPLIANCE_OFFICER ? Access.ALLOWED : Access.FORBIDDEN;
        }
        if (op == RETENTION_REPORT || op == SUBJECT_ACCESS_EXPORT) {
            return user == SUPERVISOR ? Access.ALLOWED : Access.FORBIDDEN;
        }
        boolean policeOp = op.name().startsWith("POLICE_") || op == SEND_POLICE_REPORT;
        if (user == POLICE_LIAISON) {
            return policeOp ? Access.ALLOWED : Access.HIDDEN;
        }
        if (policeOp) {
            return Access.HIDDEN;
        }
        if (op == LIST_CASES) {
            return user == ADMINISTRATOR ? Access.HIDDEN : Access.ALLOWED;
        }
        if (op == OPEN_CASE) {
            if (user == SOCIAL_WORKER || user == SOCIAL_WORKER_COLLEAGUE || user == SOCIAL_WORKER_OTHER_UNIT || user == SUPERVISOR) {
                return Access.ALLOWED;
            }
            return Access.HIDDEN;
        }
        if (op == READ_BREAK_GLASS_REASON) {
            if (user == SUPERVISOR || user == COMPLIANCE_OFFICER) {
                return Access.ALLOWED;
            }
            return user == SOCIAL_WORKER ? Access.FORBIDDEN : Access.HIDDEN;
        }
        if (user == SOCIAL_WORKER) {
            return op == ASSIGN_TEAM || op == APPROVE_REFERRAL || op == MANAGE_LEGAL_HOLD ? Access.FORBIDDEN : Access.ALLOWED;
        }
        if (user == SUPERVISOR) {
            return Set.of(READ_CASE, ASSIGN_TEAM, APPROVE_REFERRAL, SHARE_CASE, MANAGE_LEGAL_HOLD, CHANGE_PROTECTION).contains(op)
                    ? Access.ALLOWED : Access.FORBIDDEN;
        }
        if (user == COMPLIANCE_OFFICER) {
            return op == READ_CASE ? Access.ALLOWED : Access.HIDDEN;
        }
        return Access.HIDDEN;
    }

    private void assertNoForbiddenFields(TestUser user, Endpoint endpoint, Fixture fixture, Response response) {
        assertNoForbiddenFields(user, endpoint, fixture, response, true);
    }

    private void assertNoForbiddenFields(TestUser user, Endpoint endpoint, Fixture fixture, Response response, boolean protectedIdentity) {
        String body = response.body();
        if (endpoint.operation() == SUBJECT_ACCESS_EXPORT) {
            // the subject's own data, produced for the subject: everything is in it by design
            return;
        }
        boolean maySeeAddress = user == SOCIAL_WORKER || !protectedIdentity && user == SUPERVISOR;
        if (!maySeeAddress) {
            assertThat(body).as(user.username() + " " + endpoint.pattern()).doesNotContain("Hemliga vägen");
        }
        if (user == COMPLIANCE_OFFICER) {
            assertThat(body).doesNotContain("Kim Testsson", PNR.replace("-", ""), "\"notes\"", "subjectHasCasesInUnits");
        }
        if (user != SOCIAL_WORKER && user != SOCIAL_WORKER_COLLEAGUE && user != SUPERVISOR) {
            assertThat(body).as(user.username() + " " + endpoint.pattern()).doesNotContain("subjectHasCasesInUnits");
        }
        if (user == POLICE_LIAISON) {
            assertThat(body).doesNotContain(fixture.caseId().toString(), fixture.consentId().toString(), "\"notes\"", GUARDIAN_PNR.replace("-", ""));
        }
        if (endpoint.operation() == LIST_CASES && user != SOCIAL_WORKER && user != SUPERVISOR && user != COMPLIANCE_OFFICER) {
            assertThat(body).as(user.username() + " must not see the case in a list").doesNotContain(fixture.caseId().toString());
        }
    }

    private Fixture fixture() {
        return fixture("SKYDDAD_FOLKBOKFORING", ConsentState.VALID);
    }

    /** An EXPIRED fixture's consent ends today: valid while it is made, expired once the clock has moved on. */
    private Fixture fixture(String protectedIdentity, ConsentState state) {
        UUID caseId = openCase(SOCIAL_WORKER, "RAPID_INTERVENTION", protectedIdentity);
        Response consent = post(SOCIAL_WORKER, "/api/cases/" + caseId + "/consents",
                state == ConsentState.EXPIRED ? consentBody(LocalDate.now(clock)) : consentBody());
        assertThat(consent.status()).as(consent.body()).isEqualTo(201);
        UUID consentId = consent.uuid("consentId");
        Response referral = post(SOCIAL_WORKER, "/api/cases/" + caseId + "/referrals", referralBody(consentId));
        assertThat(referral.status()).as(referral.body()).isEqualTo(201);
        UUID referralId = referral.uuid("referralId");
        await().atMost(Duration.ofSeconds(20)).until(() ->
                jdbc.sql("SELECT count(*) FROM referral_summary WHERE referral_id = ?").param(referralId).query(Integer.class).single() == 1
                        && jdbc.sql("SELECT count(*) FROM case_summary WHERE case_id = ?").param(caseId).query(Integer.class).single() == 1);
        if (state == ConsentState.WITHDRAWN) {
            Response withdrawal = post(SOCIAL_WORKER, "/api/cases/" + caseId + "/consents/" + consentId + "/withdrawal",
                    "{\"withdrawnBy\":\"SUBJECT\"}");
            assertThat(withdrawal.status()).as(withdrawal.body()).isEqualTo(200);
        }
        UUID noteId = post(SOCIAL_WORKER, "/api/cases/" + caseId + "/notes", "{\"text\":\"Första samtalet\"}").uuid("noteId");
        UUID holdId = post(SUPERVISOR, "/api/cases/" + caseId + "/legal-holds", "{\"kind\":\"SUPERVISORY_REVIEW\",\"reason\":\"IVO-granskning\"}")
                .uuid("holdId");
        assertThat(get(SOCIAL_WORKER_OTHER_UNIT, "/api/cases/" + caseId, "X-Break-Glass-Reason", percentEncoded("Jouren behöver underlaget i natt")).status())
                .isEqualTo(200);
        UUID breakGlassEventId = jdbc.sql("SELECT access_event_id FROM break_glass_reason WHERE case_id = ?").param(caseId)
                .query(UUID.class).single();
        return new Fixture(caseId, consentId, referralId, noteId, holdId, breakGlassEventId);
    }

    private static String consentBody() {
        return consentBody(LocalDate.now().plusDays(30));
    }

    private static String consentBody(LocalDate validUntil) {
        return """
                {"parties":[{"role":"SUBJECT","personalIdentityNumber":"%s"},{"role":"GUARDIAN","personalIdentityNumber":"%s"}],
                 "recipientAgency":"POLICE","recipientUnit":"polisen-haninge","purposes":["CRIME_PREVENTION"],
                 "dataCategories":["IDENTITY","CASE_SUMMARY"],"validFrom":"%s","validUntil":"%s"}"""
                .formatted(PNR, GUARDIAN_PNR, LocalDate.now().minusDays(1), validUntil);
    }

    private static String referralBody(UUID consentId) {
        return """
                {"policeUnit":"polisen-haninge","legalBasis":"CONSENT","consentId":"%s","dataCategories":["IDENTITY","CASE_SUMMARY"],
                 "caseSummary":"Sammanfattning"}""".formatted(consentId);
    }
}
