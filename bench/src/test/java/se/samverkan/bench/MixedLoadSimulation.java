package se.samverkan.bench;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import io.gatling.javaapi.http.HttpRequestActionBuilder;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.doIfOrElse;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.percent;
import static io.gatling.javaapi.core.CoreDsl.randomSwitch;
import static io.gatling.javaapi.core.CoreDsl.rampUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.responseTimeInMillis;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

/**
 * Issue 12's benchmark: an open model (arrivals at bench.rate per second, whether or not the system keeps up) of the
 * people who use Samverkan, each arrival one request by one simulated worker with that worker's own Keycloak token:
 * social workers open cases, write notes and measures, record consents and refer to the police; the police liaison
 * reads referrals and answers them (acknowledgement, acceptance, feedback); the supervisor reads and lists cases; the
 * compliance officer searches the audit log; workers read their inbox. Beside it: event → audit entry and event →
 * inbox lag, RSS and CPU per service, where PostgreSQL's time went (a stack started with SAMVERKAN_LOCAL_PG_STATEMENTS=true),
 * and afterwards the raw PostgreSQL insert rate; the table goes to stdout and
 * target/bench-summary.txt, Gatling's HTML report to target/gatling/.
 */
public class MixedLoadSimulation extends Simulation {

    static final BenchSettings SETTINGS = BenchSettings.fromSystemProperties();
    static final Workers WORKERS = new Workers(SETTINGS);
    static final Pool POOL = new Pool();
    static final Recorder RECORDER = new Recorder();
    static final Propagation PROPAGATION = new Propagation(SETTINGS, WORKERS);
    static final Rss RSS = new Rss(SETTINGS.stackDir());
    static final Cpu CPU = new Cpu(SETTINGS.stackDir());
    static final java.util.concurrent.CompletableFuture<Map<String, Double>> CPU_SPENT = new java.util.concurrent.CompletableFuture<>();
    static final Statements STATEMENTS = new Statements(SETTINGS);
    static final java.util.concurrent.CompletableFuture<Statements.Window> STATEMENTS_SPENT = new java.util.concurrent.CompletableFuture<>();
    static volatile long steadyFromNanos = Long.MAX_VALUE;
    static volatile long steadyUntilNanos = Long.MAX_VALUE;

    private static final String CASES = SETTINGS.caseService() + "/api/cases";
    private static final String POLICE = SETTINGS.caseService() + "/api/police/referrals";

    HttpProtocolBuilder protocol = http
            // one connection pool for all virtual users, as a fleet of browsers behind a proxy would look
            .shareConnections()
            .acceptHeader("application/json, application/problem+json")
            .contentTypeHeader("application/json")
            .disableCaching();

    ScenarioBuilder mixed = scenario("mixed workload").exec(randomSwitch().on(
            percent(10.0).then(openCase()),
            percent(18.0).then(withOwnCase(write("add note", "/notes", session -> Bodies.note()))),
            percent(8.0).then(withOwnCase(write("add measure", "/measures", session -> Bodies.measure()))),
            percent(6.0).then(withOwnCase(consent())),
            percent(5.0).then(referral()),
            percent(8.0).then(policeAnswer()),
            percent(8.0).then(policeRead()),
            percent(20.0).then(caseRead()),
            percent(10.0).then(caseList()),
            percent(5.0).then(auditSearch()),
            percent(2.0).then(inbox())));

    /** {@code -Dbench.mix=reads}: every arrival is a case read (owner or supervisor), the "200 reads/s" figure. */
    ScenarioBuilder reads = scenario("case reads").exec(caseRead());

    {
        Duration ramp = SETTINGS.rampUp();
        Duration steady = SETTINGS.duration();
        setUp((SETTINGS.readsOnly() ? reads : mixed).injectOpen(
                rampUsersPerSec(1).to(SETTINGS.rate()).during(ramp).randomized(),
                constantUsersPerSec(SETTINGS.rate()).during(steady).randomized()))
                .protocols(protocol)
                .maxDuration(ramp.plus(steady).plusSeconds(60));
    }

    @Override
    public void before() {
        seed();
    }

    @Override
    public void after() {
        report();
    }

    private static Session worker(Session session, List<String> candidates) {
        return session.set("worker", candidates.get(ThreadLocalRandom.current().nextInt(candidates.size())));
    }

    private static HttpRequestActionBuilder authorized(HttpRequestActionBuilder request) {
        return request.header("Authorization", session -> "Bearer " + WORKERS.token(session.getString("worker")));
    }

    /**
     * Sends, then files the answer under its kind: response time of 2xx, count of 429/503/other. The status stays in
     * the session as {@code answered} for the next step (0 when there was no answer).
     */
    private static ChainBuilder timed(String kind, boolean command, HttpRequestActionBuilder request) {
        return exec(authorized(request).check(
                        status().saveAs("status"),
                        responseTimeInMillis().saveAs("rt"),
                        status().in(200, 201, 204)))
                .exec(session -> {
                    long now = System.nanoTime();
                    if (now >= steadyFromNanos && now <= steadyUntilNanos) {
                        RECORDER.record(kind, command, (now - steadyFromNanos) / 1_000_000_000L, session.contains("rt") ? session.getInt("rt") : 0,
                                session.contains("status") ? session.getInt("status") : 0);
                    }
                    return session.set("answered", session.contains("status") ? session.getInt("status") : 0)
                            .remove("status").remove("rt");
                });
    }

    private static ChainBuilder openCase() {
        return exec(session -> {
            String[] subject = Bodies.newSubject();
            return worker(session, Workers.SOCIAL_WORKERS).set("subject", subject[0]).set("dob", subject[1]).set("guardian", subject[2]);
        }).exec(timed("open case", true, http("open case").post(CASES)
                        .body(io.gatling.javaapi.core.CoreDsl.StringBody(session -> Bodies.openCase(
                                session.getString("subject"), session.getString("dob"), session.getString("guardian"))))
                        .check(jsonPath("$.caseId").optional().saveAs("newCaseId"))))
                .exec(session -> {
                    if (session.contains("newCaseId")) {
                        String caseId = session.getString("newCaseId");
                        POOL.addCase(new Pool.CaseRef(session.getString("worker"), caseId, session.getString("subject"), session.getString("guardian")));
                        PROPAGATION.caseOpened(session.getString("worker"), caseId, Instant.now());
                    }
                    return session.remove("newCaseId");
                });
    }

    /** The chain on a random case of a random social worker; opens a case where the worker has none yet. */
    private static ChainBuilder withOwnCase(ChainBuilder onCase) {
        return exec(session -> {
            Session withWorker = worker(session, Workers.SOCIAL_WORKERS);
            return POOL.randomCase(withWorker.getString("worker"))
                    .map(ref -> withWorker.set("caseId", ref.caseId()).set("subject", ref.subjectPnr()).set("guardian", ref.guardianPnr()))
                    .orElse(withWorker);
        }).exec(doIfOrElse(session -> session.contains("caseId")).then(onCase).orElse(openCase()));
    }

    private static ChainBuilder write(String kind, String path, java.util.function.Function<Session, String> body) {
        return timed(kind, true, http(kind).post(session -> CASES + "/" + session.getString("caseId") + path)
                .body(io.gatling.javaapi.core.CoreDsl.StringBody(body::apply)));
    }

    private static ChainBuilder consent() {
        return timed("record consent", true, http("record consent").post(session -> CASES + "/" + session.getString("caseId") + "/consents")
                .body(io.gatling.javaapi.core.CoreDsl.StringBody(session -> Bodies.consent(session.getString("subject"), session.getString("guardian"))))
                .check(jsonPath("$.consentId").optional().saveAs("consentId")))
                .exec(session -> {
                    if (session.contains("consentId")) {
                        POOL.addConsent(session.getString("caseId"), session.getString("consentId"));
                    }
                    return session.remove("consentId");
                });
    }

    private static ChainBuilder referral() {
        return exec(session -> {
            Session withWorker = worker(session, Workers.SOCIAL_WORKERS);
            return POOL.consentedCaseOf(withWorker.getString("worker"))
                    .map(pair -> withWorker.set("caseId", pair[0]).set("consentId", pair[1]))
                    .orElse(withWorker);
        }).exec(doIfOrElse(session -> session.contains("consentId"))
                .then(timed("create referral", true, http("create referral")
                        .post(session -> CASES + "/" + session.getString("caseId") + "/referrals")
                        .body(io.gatling.javaapi.core.CoreDsl.StringBody(session -> Bodies.referral(session.getString("consentId"))))
                        .check(jsonPath("$.referralId").optional().saveAs("referralId")))
                        .exec(session -> {
                            if (session.contains("referralId")) {
                                POOL.addReferral(session.getString("referralId"));
                            }
                            return session.remove("referralId");
                        }))
                .orElse(withOwnCase(consent())));
    }

    /** The police liaison's next answer on a referral waiting for one: acknowledgement, acceptance, then feedback. */
    private static ChainBuilder policeAnswer() {
        return exec(session -> {
            Session david = session.set("worker", Workers.POLICE);
            String id;
            if ((id = POOL.toFeedback.poll()) != null) {
                return david.set("referralId", id).set("step", "feedback");
            }
            if ((id = POOL.toAccept.poll()) != null) {
                return david.set("referralId", id).set("step", "acceptance");
            }
            if ((id = POOL.toAcknowledge.poll()) != null) {
                return david.set("referralId", id).set("step", "acknowledgement");
            }
            return david;
        }).exec(doIfOrElse(session -> session.contains("referralId"))
                .then(timed("police answer", true, http("police answer")
                        .post(session -> POLICE + "/" + session.getString("referralId") + "/" + session.getString("step"))
                        .body(io.gatling.javaapi.core.CoreDsl.StringBody(session ->
                                session.getString("step").equals("feedback") ? Bodies.feedback() : "{}")))
                        .exec(session -> {
                            String id = session.getString("referralId");
                            int answered = session.getInt("answered");
                            if (answered == 429 || answered == 503 || answered == 0) {
                                // shed or unanswered: the same step again later (moving on made the next one a 409:
                                // an acceptance of a referral never acknowledged)
                                switch (session.getString("step")) {
                                    case "acknowledgement" -> POOL.toAcknowledge.add(id);
                                    case "acceptance" -> POOL.toAccept.add(id);
                                    default -> POOL.toFeedback.add(id);
                                }
                            } else if (answered / 100 == 2) {
                                switch (session.getString("step")) {
                                    case "acknowledgement" -> POOL.toAccept.add(id);
                                    case "acceptance" -> POOL.toFeedback.add(id);
                                    default -> {
                                    }
                                }
                            }
                            return session.remove("referralId").remove("step");
                        }))
                .orElse(policeRead()));
    }

    private static ChainBuilder policeRead() {
        return exec(session -> POOL.randomReferral().map(id -> session.set("readReferral", id)).orElse(session)
                .set("worker", Workers.POLICE))
                .exec(doIfOrElse(session -> session.contains("readReferral"))
                        .then(timed("police read", false, http("police read").get(session -> POLICE + "/" + session.getString("readReferral"))))
                        .orElse(timed("police list", false, http("police list").get(POLICE))));
    }

    private static ChainBuilder caseRead() {
        return exec(session -> {
            // the owner reads her case most of the time, the supervisor sometimes
            boolean supervisor = ThreadLocalRandom.current().nextInt(4) == 0;
            return POOL.anyCase().map(ref -> session.set("caseId", ref.caseId())
                    .set("worker", supervisor ? Workers.SUPERVISOR : ref.owner())).orElse(session.set("worker", Workers.SUPERVISOR));
        }).exec(doIfOrElse(session -> session.contains("caseId"))
                .then(timed("case read", false, http("case read").get(session -> CASES + "/" + session.getString("caseId"))))
                .orElse(caseList()));
    }

    private static ChainBuilder caseList() {
        return exec(session -> worker(session, List.of("anna", "amir", Workers.SUPERVISOR)))
                .exec(timed("case list", false, http("case list").get(CASES)));
    }

    private static ChainBuilder auditSearch() {
        return exec(session -> POOL.anyCase().map(ref -> session.set("caseId", ref.caseId())).orElse(session)
                .set("worker", Workers.COMPLIANCE))
                .exec(timed("audit search", false, http("audit search").get(session -> SETTINGS.auditService() + "/api/audit/entries"
                        + (session.contains("caseId") ? "?caseId=" + session.getString("caseId") : "?size=50"))));
    }

    private static ChainBuilder inbox() {
        return exec(session -> worker(session, List.of("anna", "amir", Workers.POLICE)))
                .exec(timed("inbox", false, http("inbox").get(SETTINGS.notificationService() + "/api/inbox?unread=true")));
    }

    /** Tokens for everyone, and for each social worker a few cases with consents and referrals to work on. */
    private static void seed() {
        for (String user : List.of("anna", "amir", Workers.SUPERVISOR, Workers.POLICE, Workers.COMPLIANCE)) {
            WORKERS.token(user);
        }
        for (String owner : Workers.SOCIAL_WORKERS) {
            for (int i = 0; i < SETTINGS.seedCases(); i++) {
                String[] subject = Bodies.newSubject();
                HttpResponse<String> opened = Workers.post(CASES, WORKERS.token(owner), Bodies.openCase(subject[0], subject[1], subject[2]));
                if (opened.statusCode() != 201) {
                    throw new IllegalStateException("seeding: opening a case answered " + opened.statusCode() + " " + opened.body());
                }
                String caseId = Workers.read(opened.body()).path("caseId").asText();
                POOL.addCase(new Pool.CaseRef(owner, caseId, subject[0], subject[2]));
                HttpResponse<String> consent = Workers.post(CASES + "/" + caseId + "/consents", WORKERS.token(owner), Bodies.consent(subject[0], subject[2]));
                if (consent.statusCode() != 201 && consent.statusCode() != 200) {
                    throw new IllegalStateException("seeding: a consent answered " + consent.statusCode() + " " + consent.body());
                }
                String consentId = Workers.read(consent.body()).path("consentId").asText();
                POOL.addConsent(caseId, consentId);
                HttpResponse<String> referral = Workers.post(CASES + "/" + caseId + "/referrals", WORKERS.token(owner), Bodies.referral(consentId));
                if (referral.statusCode() != 201 && referral.statusCode() != 200) {
                    throw new IllegalStateException("seeding: a referral answered " + referral.statusCode() + " " + referral.body());
                }
                POOL.addReferral(Workers.read(referral.body()).path("referralId").asText());
            }
        }
        long now = System.nanoTime();
        steadyFromNanos = now + SETTINGS.rampUp().toNanos();
        steadyUntilNanos = steadyFromNanos + SETTINGS.duration().toNanos();
        RSS.start();
        // CPU is counted over the steady window only, like the latencies
        var window = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "bench-cpu-window");
            thread.setDaemon(true);
            return thread;
        });
        window.schedule(() -> {
            CPU.start();
            STATEMENTS.start();
        }, SETTINGS.rampUp().toMillis(), TimeUnit.MILLISECONDS);
        window.schedule(() -> {
            CPU_SPENT.complete(CPU.stop());
            STATEMENTS_SPENT.complete(STATEMENTS.stop());
        }, SETTINGS.rampUp().plus(SETTINGS.duration()).toMillis(), TimeUnit.MILLISECONDS);
        System.out.println("bench: seeded " + POOL.cases() + " cases; " + SETTINGS.rate() + " arrivals/s for " + SETTINGS.duration()
                + " after a ramp of " + SETTINGS.rampUp());
    }

    private static void report() {
        try {
            PROPAGATION.finish(Duration.ofSeconds(90));
            var rss = RSS.stop();
            RawInserts.Result raw = null;
            String rawFailure = null;
            try {
                raw = new RawInserts(SETTINGS).run();
            } catch (Exception e) {
                rawFailure = e.getClass().getSimpleName() + ": " + e.getMessage();
            }
            Map<String, Double> cpu = CPU_SPENT.getNow(Map.of());
            String table = Report.table(SETTINGS, RECORDER, PROPAGATION, rss, raw, rawFailure, cpu)
                    + STATEMENTS.report(STATEMENTS_SPENT.getNow(null));
            System.out.println(table);
            java.nio.file.Path out = java.nio.file.Path.of(System.getProperty("bench.summary", System.getProperty("bench.defaultSummary", "target/bench-summary.txt")));
            java.nio.file.Files.createDirectories(out.toAbsolutePath().getParent());
            java.nio.file.Files.writeString(out, table);
        } catch (Exception e) {
            System.out.println("bench: the summary failed: " + e);
        }
    }
}
