package se.samverkan.cases.effects;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import se.samverkan.cases.config.CaseServiceProperties;
import se.samverkan.cases.support.IntegrationTest;
import se.samverkan.cases.support.MovableClock;
import se.samverkan.contracts.Agency;
import se.samverkan.contracts.CloudEvent;
import se.samverkan.contracts.ContractSchemas;
import se.samverkan.contracts.Topics;
import se.samverkan.platform.identity.Role;
import se.samverkan.platform.test.TestPersonnummer;
import se.samverkan.platform.test.TestUser;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static se.samverkan.platform.test.TestUser.*;

/**
 * Issue 15, effects for the steering group, over HTTP against the real stores: cohort figures from police reports,
 * family contacts, joint meetings, plans, follow-ups and new reports about the same youth; small groups suppressed;
 * the figures unchanged by gallring; the municipality's analysts alone read them (and nothing else); the monthly event.
 * Each cohort lives in its own quarter of 2019 (the service's clock moved back), so other ITs' cases never enter it.
 */
public class EffectsIT extends IntegrationTest {

    public static final ZoneId ZONE = ZoneId.of("Europe/Stockholm");
    public static final String FIGURES = "/api/effects/municipalities/0136/figures";
    /** Another municipality's analyst, with a token the test identity provider signs like every demo user's. */
    static final TestUser BOTKYRKA_ANALYST = new TestUser("6f1b7c2e-0a4d-4b8e-9c51-2d3e4f5a6e27", "botkyrka-analytiker",
            EnumSet.of(Role.ANALYST), Agency.MUNICIPALITY, BOTKYRKA, "botkyrka-analys", "analys@botkyrka.example");

    @Autowired
    MovableClock clock;

    @Autowired
    EffectPublications publications;

    @Autowired
    CaseServiceProperties properties;

    @AfterEach
    void backToToday() {
        clock.reset();
    }

    /** The service's clock at noon of {@code day}. */
    private void on(LocalDate day) {
        clock.moveForward(Duration.between(Instant.now(), day.atTime(12, 0).atZone(ZONE).toInstant()));
    }

    /** A young person's personnummer (never born on the 5th, 15th or 25th: those are kept whole as the research sample). */
    public static String personnummer() {
        int day;
        do {
            day = ThreadLocalRandom.current().nextInt(1, 29);
        } while (day % 10 == 5);
        LocalDate birth = LocalDate.of(2005 + ThreadLocalRandom.current().nextInt(4), 1 + ThreadLocalRandom.current().nextInt(12), day);
        return TestPersonnummer.anyBornOn(birth);
    }

    /** A police report about the youth; answers the intake case it opened (found by the report id the API answered). */
    private UUID policeReport(String pnr) {
        return policeReport(pnr, "Anmäld för ringa narkotikabrott och snatteri.").caseId();
    }

    private record SentReport(UUID caseId, String reportId) {
    }

    private SentReport policeReport(String pnr, String summary) {
        Response report = post(POLICE_LIAISON, "/api/police/reports", """
                {"receivingUnit":"haninge-ungdom","summary":"%s",
                 "subject":{"personalIdentityNumber":"%s","name":"Ung Effektsson"}}""".formatted(summary, pnr));
        assertThat(report.status()).as(report.body()).isEqualTo(202);
        String reportId = report.json().get("reportId").asString();
        CloudEvent received = awaitEvent(Topics.CASE_EVENTS, e -> e.type().equals("se.samverkan.case.report-received.v1")
                && e.data().get("reportId").asString().equals(reportId));
        return new SentReport(UUID.fromString(received.subject()), reportId);
    }

    /**
     * A police report about each youth, sent a few at a time (each about another subject, so they do not meet): most of
     * a report's time is waiting for its event. The intake cases they opened, in the order of {@code pnrs}.
     */
    private List<UUID> policeReports(List<String> pnrs) {
        try (java.util.concurrent.ExecutorService reporters = java.util.concurrent.Executors.newFixedThreadPool(4)) {
            List<java.util.concurrent.Future<UUID>> sent = pnrs.stream().map(pnr -> reporters.submit(() -> policeReport(pnr))).toList();
            List<UUID> opened = new ArrayList<>();
            for (java.util.concurrent.Future<UUID> report : sent) {
                opened.add(report.get(2, java.util.concurrent.TimeUnit.MINUTES));
            }
            return opened;
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e.getCause() instanceof RuntimeException failure ? failure : new IllegalStateException(e.getCause());
        } catch (InterruptedException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("the police reports were not answered", e);
        }
    }

    private void assignAnna(UUID caseId) {
        Response team = put(SUPERVISOR, "/api/cases/" + caseId + "/team", "{\"team\":[\"" + SOCIAL_WORKER.id() + "\"]}");
        assertThat(team.status()).as(team.body()).isEqualTo(200);
    }

    private void ok(Response response) {
        assertThat(response.status()).as(response.body()).isBetween(200, 201);
    }

    private void toPhase(UUID caseId, String... phases) {
        for (String phase : phases) {
            ok(post(SOCIAL_WORKER, "/api/cases/" + caseId + "/phase-changes", "{\"phase\":\"" + phase + "\"}"));
        }
    }

    private JsonNode figures(TestUser user, String query) {
        Response response = get(user, FIGURES + query);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    /** The figure of a row (with its school or work status, for the distribution). */
    public static JsonNode figure(JsonNode view, String program, String period, String group, String figure, String schoolWorkStatus) {
        for (JsonNode row : view.get("rows")) {
            if (row.get("program").asString().equals(program) && row.get("period").asString().equals(period)
                    && row.get("concernGroup").asString().equals(group)) {
                for (JsonNode f : row.get("figures")) {
                    if (f.get("figure").asString().equals(figure) && (schoolWorkStatus == null
                            || schoolWorkStatus.equals(f.path("schoolWorkStatus").asString()))) {
                        return f;
                    }
                }
            }
        }
        throw new AssertionError("no " + figure + " in " + program + " " + period + " " + group + ": " + view);
    }

    public static JsonNode figure(JsonNode view, String period, String figure) {
        return figure(view, "RAPID_INTERVENTION", period, "ALL", figure, null);
    }

    public static String shown(JsonNode figure) {
        assertThat(figure.get("status").asString()).as(figure.toString()).isEqualTo("SHOWN");
        return figure.get("value").asString();
    }

    public static void suppressed(JsonNode figure) {
        assertThat(figure.get("status").asString()).as(figure.toString()).isEqualTo("SUPPRESSED");
        assertThat(figure.path("value").isNull() || figure.path("value").isMissingNode()).as("no value, never 0: " + figure).isTrue();
    }

    /**
     * Ten youths reported by the police in January 2019: five met within two days, five after twenty; three had a joint
     * meeting; five got a plan and were followed up in school; five were reported again in March (the reports join
     * their open cases, so they are counted as new police reports, not as new people).
     */
    @Test
    void cohortFiguresCountPeopleFromTheirFirstReportAndSuppressGroupsOfFewerThanFive() {
        LocalDate start = LocalDate.of(2019, 1, 10);
        on(start);
        List<String> youths = new ArrayList<>();
        List<UUID> cases = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            youths.add(personnummer());
        }
        cases.addAll(policeReports(youths));
        cases.forEach(this::assignAnna);
        on(start.plusDays(2));
        for (int i = 0; i < 5; i++) {
            ok(post(SOCIAL_WORKER, "/api/cases/" + cases.get(i) + "/family-contacts", "{\"on\":\"" + start.plusDays(2) + "\"}"));
        }
        on(start.plusDays(20));
        for (int i = 5; i < 10; i++) {
            ok(post(SOCIAL_WORKER, "/api/cases/" + cases.get(i) + "/family-contacts", "{\"on\":\"" + start.plusDays(20) + "\"}"));
        }
        List<String> commitments = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Response meeting = post(SOCIAL_WORKER, "/api/cases/" + cases.get(i) + "/coordination-meetings", """
                    {"heldOn":"%s","actionPlanAgreed":true,
                     "participants":[{"role":"SOCIAL_SERVICES","organisation":"haninge-ungdom","userId":"%s"},
                                     {"role":"POLICE","organisation":"polisen-haninge"},{"role":"GUARDIAN"}],
                     "commitments":[{"participant":0,"commitmentType":"FAMILY_SUPPORT","dueOn":"%s"}]}"""
                    .formatted(start.plusDays(9), SOCIAL_WORKER.id(), start.plusDays(30)));
            assertThat(meeting.status()).as(meeting.body()).isEqualTo(201);
            commitments.add(meeting.json().get("commitmentIds").get(0).asString());
        }
        // the plan phase agrees no plan: only the five meetings that agreed one count, not these five phase changes
        for (int i = 0; i < 10; i++) {
            toPhase(cases.get(i), "PRELIMINARY_ASSESSMENT", "INVESTIGATION", "PLANNING");
        }
        on(start.plusDays(40));
        for (int i = 0; i < 5; i++) {
            toPhase(cases.get(i), "FOLLOW_UP");
            Response followUp = post(SOCIAL_WORKER, "/api/cases/" + cases.get(i) + "/follow-up-statuses",
                    "{\"status\":\"STUDYING\",\"on\":\"" + start.plusDays(40) + "\"}");
            assertThat(followUp.status()).as(followUp.body()).isEqualTo(201);
            ok(post(SOCIAL_WORKER, "/api/cases/" + cases.get(i) + "/commitments/" + commitments.get(i) + "/follow-up",
                    "{\"outcome\":\"" + (i < 3 ? "KEPT" : "NOT_KEPT") + "\",\"on\":\"" + start.plusDays(40) + "\"}"));
        }
        on(LocalDate.of(2019, 3, 1));
        List<UUID> repeats = policeReports(youths.subList(0, 5));
        clock.reset();

        await("the 2019-Q1 cohort in the figures").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            JsonNode view = figures(ANALYST, "?from=2019-Q1&to=2019-Q1");
            assertThat(shown(figure(view, "2019-Q1", "PEOPLE"))).as("ten people: the five repeat reports open no new cohort case")
                    .isEqualTo("10");
            assertThat(shown(figure(view, "2019-Q1", "NEW_POLICE_REPORT_6_MONTHS_SHARE"))).isEqualTo("50");
            assertThat(shown(figure(view, "2019-Q1", "FOLLOW_UP_RECORDED_SHARE"))).isEqualTo("50");
        });
        JsonNode view = figures(ANALYST, "?from=2019-Q1&to=2019-Q1");
        assertThat(view.get("asOf").asString()).isEqualTo(today().toString());
        assertThat(view.get("periodLength").asString()).isEqualTo("QUARTER");
        assertThat(shown(figure(view, "2019-Q1", "FAMILY_CONTACT_MEDIAN_DAYS"))).as("2 2 2 2 2 | 20 20 20 20 20").isEqualTo("11");
        assertThat(shown(figure(view, "2019-Q1", "FAMILY_CONTACT_WITHIN_TARGET_SHARE"))).isEqualTo("50");
        assertThat(shown(figure(view, "2019-Q1", "JOINT_MEETING_MEDIAN_DAYS"))).as("five coordination meetings on day 9").isEqualTo("9");
        assertThat(shown(figure(view, "2019-Q1", "ACTION_PLAN_AGREED_SHARE"))).as("five meetings agreed a plan").isEqualTo("50");
        suppressed(figure(view, "2019-Q1", "COMMITMENTS_KEPT_SHARE")); // three people kept theirs, two did not: both too few
        assertThat(get(SOCIAL_WORKER, "/api/cases/" + cases.get(0)).json().get("firstJointPoliceMeeting").asString())
                .as("a coordination meeting the police took part in is the case's joint police meeting").isEqualTo(start.plusDays(9).toString());
        assertThat(shown(figure(view, "2019-Q1", "NEW_POLICE_REPORT_12_MONTHS_SHARE"))).isEqualTo("50");
        assertThat(shown(figure(view, "RAPID_INTERVENTION", "2019-Q1", "ALL", "FOLLOW_UP_STATUS_SHARE", "STUDYING"))).isEqualTo("100");
        assertThat(shown(figure(view, "RAPID_INTERVENTION", "2019-Q1", "ALL", "FOLLOW_UP_STATUS_SHARE", "WORKING"))).isEqualTo("0");
        assertThat(shown(figure(view, "RAPID_INTERVENTION", "2019-Q1", "NOT_RECORDED", "PEOPLE", null)))
                .as("police reports carry no concern types yet").isEqualTo("10");
        assertThat(shown(figure(view, "EXIT_PROGRAM", "2019-Q1", "ALL", "PEOPLE", null))).isEqualTo("0");

        Response csv = get(ANALYST, FIGURES + ".csv?program=RAPID_INTERVENTION&from=2019-Q1&to=2019-Q1");
        assertThat(csv.status()).as(csv.body()).isEqualTo(200);
        assertThat(csv.header("Content-Type")).startsWith("text/csv");
        assertThat(csv.header("Content-Disposition")).contains("attachment", "effect-figures-0136-" + today() + ".csv");
        assertThat(csv.body().lines().findFirst()).contains(EffectFiguresCsv.HEADER);
        assertThat(csv.body()).contains("0136," + today() + ",RAPID_INTERVENTION,2019-Q1,2019-01-01,2019-03-31,ALL,PEOPLE,,10,SHOWN\r\n",
                ",ALL,COMMITMENTS_KEPT_SHARE,,,SUPPRESSED\r\n", ",ALL,FOLLOW_UP_STATUS_SHARE,STUDYING,100,SHOWN\r\n")
                .doesNotContain("EXIT_PROGRAM");

        // what a database reader finds: keyed pseudonyms, days and codes; no case id and no subject id of these youths
        Set<String> ids = new HashSet<>();
        for (UUID caseId : cases) {
            ids.add(caseId.toString());
            ids.add(get(SOCIAL_WORKER, "/api/cases/" + caseId).json().get("subjectId").asString());
        }
        repeats.forEach(r -> ids.add(r.toString()));
        for (String table : List.of("effect_case", "effect_fact", "effect_folded")) {
            List<String> rows = jdbc.sql("SELECT row_to_json(t)::text FROM " + table + " t").query(String.class).list();
            assertThat(rows).as(table).noneMatch(row -> ids.stream().anyMatch(row::contains))
                    .noneMatch(row -> youths.stream().anyMatch(y -> row.contains(y.replace("-", "").substring(2))));
        }
        // the intake attaches a report about a youth with an open case in the unit to that case: no second case
        assertThat(repeats).as("the repeat reports joined the youths' open cases").isEqualTo(cases.subList(0, 5));
    }

    /**
     * A misdirected report counts once, where it is handled: five police reports in July 2019 reached the youth unit,
     * which forwarded them to the exit unit the next day (where each opens an intake, a rapid intervention). The
     * intakes the reports alone opened leave the cohort, and the second leg is the same report, not a new police report
     * about the same youth (had both legs counted, every one of the five would have "a new report within 6 months").
     */
    @Test
    void aForwardedReportCountsOnceWhereItIsHandled() {
        LocalDate start = LocalDate.of(2019, 7, 8);
        on(start);
        List<String[]> misdirected = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            SentReport report = policeReport(personnummer(), "Uppger att han vill lämna gänget.");
            String caseId = report.caseId().toString();
            ok(post(SOCIAL_WORKER_COLLEAGUE, "/api/cases/" + caseId + "/reports/" + report.reportId() + "/safety-assessment",
                    "{\"immediateProtectionNeeded\":false}"));
            misdirected.add(new String[]{caseId, report.reportId()});
        }
        on(start.plusDays(1));
        for (String[] m : misdirected) {
            ok(post(SOCIAL_WORKER_COLLEAGUE, "/api/cases/" + m[0] + "/reports/" + m[1] + "/forwarding",
                    "{\"toUnit\":\"haninge-avhopp\",\"reasonCode\":\"OTHER_UNIT_RESPONSIBLE\"}"));
            awaitEvent(Topics.CASE_EVENTS, e -> e.type().equals("se.samverkan.case.report-received.v1")
                    && e.data().get("reportId").asString().equals(m[1]) && "haninge-ungdom".equals(e.data().path("forwardedFromUnit").asString()));
        }
        clock.reset();

        EffectPseudonyms pseudonyms = new EffectPseudonyms(java.util.Base64.getDecoder().decode(properties.subjectPseudonymKey()));
        await("the 2019-Q3 cohort in the figures").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            for (String[] m : misdirected) {
                assertThat(jdbc.sql("SELECT count(*) FROM effect_case WHERE case_key = ?").param(pseudonyms.caseKey(m[0]))
                        .query(Integer.class).single()).as("the misdirected intake left the cohort").isZero();
            }
            JsonNode view = figures(ANALYST, "?from=2019-Q3&to=2019-Q3");
            assertThat(shown(figure(view, "2019-Q3", "PEOPLE"))).as("five youths, counted where their reports are handled").isEqualTo("5");
            assertThat(shown(figure(view, "2019-Q3", "NEW_POLICE_REPORT_6_MONTHS_SHARE")))
                    .as("the forwarded leg is the same report, not a new one").isEqualTo("0");
        });
    }

    /** Issue 15 item 5: the municipality's own analysts and nobody else; the analyst reads no case. Every attempt recorded. */
    @Test
    void onlyTheMunicipalitysOwnAnalystsReadTheFiguresAndTheAnalystNothingElse() {
        UUID caseId = openCase(SOCIAL_WORKER, "RAPID_INTERVENTION", "NONE");
        assertThat(get(ANALYST, FIGURES).status()).isEqualTo(200);
        assertThat(get(ANALYST, FIGURES + ".csv").status()).isEqualTo(200);

        for (TestUser other : List.of(SOCIAL_WORKER, SUPERVISOR, POLICE_LIAISON, COMPLIANCE_OFFICER, ADMINISTRATOR,
                SCHOOL_COUNSELLOR, FIELD_ASSISTANT, EXIT_COORDINATOR, COMPLIANCE_OFFICER_BOTKYRKA)) {
            for (String path : List.of(FIGURES, FIGURES + ".csv")) {
                Response refused = get(other, path);
                assertThat(refused.status()).as(other.username() + " " + path).isEqualTo(403);
                assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
                assertThat(refused.body()).contains("analysts").doesNotContain("rows");
            }
        }
        Response foreign = get(BOTKYRKA_ANALYST, FIGURES + "?from=2019-Q1&to=2019-Q1");
        assertThat(foreign.status()).as("Botkyrka's analyst asking for Haninge's").isEqualTo(403);
        assertThat(foreign.body()).contains("own municipality").doesNotContain("PEOPLE");
        assertThat(get(BOTKYRKA_ANALYST, "/api/effects/municipalities/0136/figures.csv").status()).isEqualTo(403);
        Response botkyrka = get(BOTKYRKA_ANALYST, "/api/effects/municipalities/0127/figures");
        assertThat(botkyrka.status()).as(botkyrka.body()).isEqualTo(200);
        JsonNode own = botkyrka.json().get("rows");
        assertThat(own).isNotEmpty().allSatisfy(row -> assertThat(row.get("figures").get(0).get("value").asInt())
                .as("Botkyrka has no cohort case here: nothing of Haninge's").isZero());
        assertThat(get(ANALYST, "/api/effects/municipalities/0127/figures").status()).isEqualTo(403);

        // the analyst and the case API
        assertThat(get(ANALYST, "/api/cases/" + caseId).status()).isEqualTo(404);
        assertThat(get(ANALYST, "/api/cases").status()).isEqualTo(404);
        assertThat(post(ANALYST, "/api/cases/" + caseId + "/notes", "{\"text\":\"Analytikerns anteckning\"}").status()).isEqualTo(404);
        assertThat(post(ANALYST, "/api/cases/" + caseId + "/follow-up-statuses", "{\"status\":\"WORKING\",\"on\":\"" + today() + "\"}").status())
                .isEqualTo(404);
        assertThat(get(ANALYST, "/api/reports/units/haninge-ungdom/timeliness").status()).isEqualTo(403);
        assertThat(get(ANALYST, "/api/police/referrals").status()).isEqualTo(404);
        assertThat(get(ANALYST, "/api/subject-access/requests").status()).isEqualTo(403);
        assertThat(post(ANALYST, "/api/cases", openCaseBody("RAPID_INTERVENTION", "NONE")).status()).isEqualTo(404);

        await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.sql("""
                        SELECT count(*) FROM access_outbox WHERE convert_from(cloud_event, 'UTF8') LIKE '%"READ_EFFECT_FIGURES"%'
                        AND convert_from(cloud_event, 'UTF8') LIKE ? AND convert_from(cloud_event, 'UTF8') LIKE '%"DENIED"%'""")
                .param("%" + BOTKYRKA_ANALYST.id() + "%").query(Integer.class).single() >= 2);
        assertThat(jdbc.sql("""
                        SELECT count(*) FROM access_outbox WHERE convert_from(cloud_event, 'UTF8') LIKE '%"READ_EFFECT_FIGURES"%'
                        AND convert_from(cloud_event, 'UTF8') LIKE ? AND convert_from(cloud_event, 'UTF8') LIKE '%"ALLOWED"%'""")
                .param("%" + ANALYST.id() + "%").query(Integer.class).single()).as("alva's reads are recorded too").isPositive();
    }

    /** The analyst's questions must be about complete periods of the one configured length. */
    @Test
    void aQuestionTheFiguresCannotAnswerIsAProblemTheAnalystCanFix() {
        String current = se.samverkan.contracts.effects.CohortPeriod.QUARTER.label(
                se.samverkan.contracts.effects.CohortPeriod.QUARTER.startOf(today()));
        Response running = get(ANALYST, FIGURES + "?to=" + current);
        assertThat(running.status()).isEqualTo(422);
        assertThat(running.json().get("code").asString()).isEqualTo("period-not-complete");
        assertThat(running.json().get("detail").asString()).contains(current, "complete");

        Response otherLength = get(ANALYST, FIGURES + "?from=2019-01");
        assertThat(otherLength.status()).isEqualTo(400);
        assertThat(otherLength.json().get("code").asString()).isEqualTo("invalid-period");
        assertThat(otherLength.json().get("detail").asString()).contains("QUARTER");
        assertThat(get(ANALYST, FIGURES + "?from=2019-Q3&to=2019-Q1").status()).isEqualTo(400);
        assertThat(get(ANALYST, FIGURES + "?from=2001-Q1&to=2019-Q1").json().get("code").asString()).isEqualTo("too-many-periods");
        Response program = get(ANALYST, FIGURES + "?program=NARCOTICS");
        assertThat(program.status()).isEqualTo(400);
        assertThat(program.header("Content-Type")).startsWith("application/problem+json");

        JsonNode latest = figures(ANALYST, "");
        assertThat(latest.get("rows").valueStream().map(r -> r.get("period").asString()).distinct().count()).as("the latest eight quarters")
                .isEqualTo(8);
        assertThat(latest.get("rows").valueStream().map(r -> r.get("period").asString())).doesNotContain(current);
    }

    /** Issue 15 item 1 over HTTP: the case team records the status at follow-up, as a code, within the case. */
    @Test
    void theTeamRecordsTheSchoolOrWorkStatusAtFollowUpAndNobodyElseDoes() {
        UUID caseId = openCase(SOCIAL_WORKER, "RAPID_INTERVENTION", "NONE");
        String body = "{\"status\":\"WORKING\",\"on\":\"" + today() + "\"}";
        Response early = post(SOCIAL_WORKER, "/api/cases/" + caseId + "/follow-up-statuses", body);
        assertThat(early.status()).isEqualTo(422);
        assertThat(early.json().get("code").asString()).isEqualTo("not-in-follow-up");
        toPhase(caseId, "PRELIMINARY_ASSESSMENT", "INVESTIGATION", "PLANNING", "FOLLOW_UP");

        Response name = post(SOCIAL_WORKER, "/api/cases/" + caseId + "/follow-up-statuses",
                "{\"status\":\"Kim går i nian\",\"on\":\"" + today() + "\"}");
        assertThat(name.status()).isEqualTo(422);
        assertThat(name.json().get("code").asString()).isEqualTo("unknown-code");
        assertThat(name.body()).doesNotContain("Kim går i nian").contains("STUDYING");
        Response future = post(SOCIAL_WORKER, "/api/cases/" + caseId + "/follow-up-statuses",
                "{\"status\":\"WORKING\",\"on\":\"" + today().plusDays(1) + "\"}");
        assertThat(future.json().get("code").asString()).isEqualTo("date-in-future");
        assertThat(post(SOCIAL_WORKER, "/api/cases/" + caseId + "/family-contacts", "{\"on\":\"" + today().minusDays(1) + "\"}")
                .json().get("code").asString()).isEqualTo("date-before-case");

        assertThat(post(SOCIAL_WORKER_OTHER_UNIT, "/api/cases/" + caseId + "/follow-up-statuses", body).status()).isEqualTo(404);
        assertThat(post(SOCIAL_WORKER_COLLEAGUE, "/api/cases/" + caseId + "/follow-up-statuses", body).status()).isEqualTo(404);
        assertThat(post(SUPERVISOR, "/api/cases/" + caseId + "/follow-up-statuses", body).status()).isEqualTo(403);
        assertThat(post(COMPLIANCE_OFFICER, "/api/cases/" + caseId + "/follow-up-statuses", body).status()).isEqualTo(404);

        String key = UUID.randomUUID().toString();
        Response recorded = post(SOCIAL_WORKER, "/api/cases/" + caseId + "/follow-up-statuses", body, "Idempotency-Key", key);
        assertThat(recorded.status()).as(recorded.body()).isEqualTo(201);
        Response replay = post(SOCIAL_WORKER, "/api/cases/" + caseId + "/follow-up-statuses", body, "Idempotency-Key", key);
        assertThat(replay.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(replay.json().get("followUpId").asString()).isEqualTo(recorded.json().get("followUpId").asString());
        Response otherBody = post(SOCIAL_WORKER, "/api/cases/" + caseId + "/follow-up-statuses",
                "{\"status\":\"STUDYING\",\"on\":\"" + today() + "\"}", "Idempotency-Key", key);
        assertThat(otherBody.status()).as("the same key with another body").isEqualTo(422);

        JsonNode view = get(SOCIAL_WORKER, "/api/cases/" + caseId).json();
        assertThat(view.get("followUpStatuses")).hasSize(1);
        assertThat(view.get("followUpStatuses").get(0).get("schoolWorkStatus").asString()).isEqualTo("WORKING");
        assertThat(get(COMPLIANCE_OFFICER, "/api/cases/" + caseId).body()).as("metadata only").doesNotContain("followUpStatuses", "WORKING");

        ok(post(SOCIAL_WORKER, "/api/cases/" + caseId + "/closure", "{\"outcome\":\"GOALS_MET\"}"));
        assertThat(post(SOCIAL_WORKER, "/api/cases/" + caseId + "/follow-up-statuses", body).status()).as("closed").isEqualTo(409);
        assertThat(events(Topics.CASE_EVENTS, e -> String.valueOf(caseId).equals(e.subject())))
                .as("one youth's school status is counted, never published").noneMatch(e -> e.data().toString().contains("WORKING"));
    }

    /** Issue 15 item 5: once a month, per municipality, aggregates only; made once, whatever reruns. */
    @Test
    void theMonthlyEventCarriesAggregatesOnlyAndIsMadeOncePerMonth() {
        UUID caseId = openCase(SOCIAL_WORKER, "RAPID_INTERVENTION", "NONE");
        // its own case: any case of the municipality, from an earlier test, would end the wait at once
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.sql("SELECT count(*) FROM effect_case WHERE case_key = ?")
                .param(new EffectPseudonyms(java.util.Base64.getDecoder().decode(properties.subjectPseudonymKey())).caseKey(caseId.toString()))
                .query(Integer.class).single() > 0);
        String month = YearMonth.from(today()).minusMonths(1).toString();

        publications.publishDue(today());
        CloudEvent published = awaitEvent(Topics.CASE_EVENTS, e -> e.type().equals("se.samverkan.case.effect-figures-published.v1")
                && e.subject().equals("effect-figures-0136") && e.data().get("month").asString().equals(month));
        publications.publishDue(today());
        publications.sendPending();

        assertThat(ContractSchemas.violations(published.type(), published.data())).isEmpty();
        assertThat(published.data().get("asOf").asString()).isEqualTo(YearMonth.from(today()).atDay(1).toString());
        assertThat(published.data().get("rows").valueStream().map(r -> r.get("period").asString()).distinct().count()).isEqualTo(8);
        assertThat(published.data().toString()).doesNotContain(caseId.toString(), "caseId", "subjectId", "Kim Testsson");
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> events(Topics.CASE_EVENTS,
                e -> e.type().equals("se.samverkan.case.effect-figures-published.v1") && e.subject().equals("effect-figures-0136")
                        && e.data().get("month").asString().equals(month)).stream().map(CloudEvent::id).distinct().count() == 1);
        assertThat(jdbc.sql("SELECT count(*) FROM effect_publication WHERE municipality = '0136' AND published_at IS NOT NULL")
                .query(Integer.class).single()).isEqualTo(1);
    }
}
