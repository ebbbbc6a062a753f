package se.samverkan.cases.core;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import se.samverkan.cases.access.AccessOperation;
import se.samverkan.platform.test.TestUser;
import se.samverkan.platform.web.ProblemHandlers;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;
import static se.samverkan.cases.access.Operation.ASSIGN_TEAM;
import static se.samverkan.cases.access.Operation.POLICE_ANSWER_REFERRAL;
import static se.samverkan.cases.access.Operation.WRITE_CASE;

/**
 * The resolver alone, in a web slice (MockMvc, the platform's problem handlers, no database): what a handler's
 * {@link CaseWrite} holds for a given request, and which requests never reach the handler. Sending the command is the
 * integration tests' part ({@code CaseWritesIT}, {@code AccessMatrixIT}).
 */
class WriteResolverTest {

    static final Instant NOW = Instant.parse("2026-12-01T10:15:00Z");
    static final UUID CASE = UUID.fromString("0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d");

    /** Handlers shaped like the real ones; each answers what it was given. */
    @RestController
    @RequestMapping("/api/cases")
    static class Probe {

        @PostMapping("/{caseId}/notes")
        @AccessOperation(WRITE_CASE)
        @ResponseStatus(HttpStatus.CREATED)
        Map<String, Object> creates(CaseWrite write) {
            return seen(write);
        }

        @PutMapping("/{caseId}/team")
        @AccessOperation(ASSIGN_TEAM)
        Map<String, Object> changes(CaseWrite write) {
            return seen(write);
        }

        @PostMapping("/{caseId}/notes/{noteId}/corrections")
        @AccessOperation(WRITE_CASE)
        Map<String, Object> corrects(CaseWrite write, @PathVariable UUID noteId) {
            return seen(write);
        }

        @PostMapping("/referral-answers/{referralId}")
        @AccessOperation(POLICE_ANSWER_REFERRAL)
        Map<String, Object> answers(WriteRequest write, @PathVariable UUID referralId) {
            return Map.of("actor", write.actor().userId(), "operation", write.operation(), "route", write.route(),
                    "idempotencyKey", write.idempotencyKey(), "now", write.now().toString());
        }

        @PostMapping("/{caseId}/unchecked")
        Map<String, Object> withoutOperation(CaseWrite write) {
            return seen(write);
        }

        private static Map<String, Object> seen(CaseWrite write) {
            Map<String, Object> seen = new LinkedHashMap<>();
            seen.put("actor", write.actor().userId());
            seen.put("caseId", write.caseId().value());
            seen.put("operation", write.operation());
            seen.put("route", write.route());
            seen.put("status", write.status().value());
            seen.put("expectedVersion", write.expectedVersion());
            seen.put("idempotencyKey", write.idempotencyKey());
            seen.put("now", write.now().toString());
            return seen;
        }
    }

    MockMvc mvc;

    @BeforeEach
    void setUp() {
        // the write path itself is not reached here: the slice ends where the handler would send the command
        WriteResolver resolver = new WriteResolver(null, null, Clock.fixed(NOW, ZoneOffset.UTC));
        mvc = MockMvcBuilders.standaloneSetup(new Probe())
                .setCustomArgumentResolvers(resolver)
                .setControllerAdvice(new ProblemHandlers())
                .build();
        SecurityContextHolder.getContext().setAuthentication(new TestingAuthenticationToken(TestUser.SOCIAL_WORKER.actor(), null));
    }

    @AfterEach
    void signOut() {
        SecurityContextHolder.clearContext();
    }

    @Test
    void aWriteKnowsItsCallerCaseOperationRouteVersionKeyAndTheClock() throws Exception {
        mvc.perform(post("/api/cases/" + CASE + "/notes").header("If-Match", "\"3\"").header("Idempotency-Key", "k-1"))
                .andExpect(jsonPath("$.actor").value(TestUser.SOCIAL_WORKER.actor().userId()))
                .andExpect(jsonPath("$.caseId").value(CASE.toString()))
                .andExpect(jsonPath("$.operation").value("WRITE_CASE"))
                .andExpect(jsonPath("$.route").value("/api/cases/" + CASE + "/notes"))
                .andExpect(jsonPath("$.expectedVersion").value(3))
                .andExpect(jsonPath("$.idempotencyKey").value("k-1"))
                .andExpect(jsonPath("$.now").value(NOW.toString()));
    }

    @Test
    void theAnswersStatusIsTheHandlers201ForOneMarkedCreatedElse200() throws Exception {
        mvc.perform(post("/api/cases/" + CASE + "/notes")).andExpect(jsonPath("$.status").value(201));
        mvc.perform(put("/api/cases/" + CASE + "/team")).andExpect(jsonPath("$.status").value(200))
                .andExpect(jsonPath("$.operation").value("ASSIGN_TEAM"));
    }

    @Test
    void withoutIfMatchTheWriteIsNotCheckedAgainstAVersionAndAWeakETagCounts() throws Exception {
        mvc.perform(post("/api/cases/" + CASE + "/notes"))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.expectedVersion").doesNotExist())
                .andExpect(jsonPath("$.idempotencyKey").doesNotExist());
        mvc.perform(post("/api/cases/" + CASE + "/notes").header("If-Match", "W/\"4\""))
                .andExpect(jsonPath("$.expectedVersion").value(4));
    }

    @Test
    void anIfMatchThatIsNoVersionIs400WithTheRuleItBroke() throws Exception {
        mvc.perform(post("/api/cases/" + CASE + "/notes").header("If-Match", "\"drei\""))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.code").value("invalid-if-match"))
                .andExpect(jsonPath("$.detail").value("If-Match must be the ETag of a case read, e.g. \"3\""));
    }

    @Test
    void twoIfMatchHeadersAreOneListAndNoSingleVersion() throws Exception {
        // as a @RequestHeader String saw them: joined by a comma, so neither version is silently picked
        mvc.perform(post("/api/cases/" + CASE + "/notes").header("If-Match", "\"3\"", "\"4\""))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("invalid-if-match"));
    }

    @Test
    void aCaseIdThatIsNoUuidIs400NamingTheParameter() throws Exception {
        mvc.perform(post("/api/cases/not-a-case/notes"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.code").value("invalid-parameter"))
                .andExpect(jsonPath("$.detail").value("Parameter 'caseId' has an invalid value; expected a UUID"));
    }

    @Test
    void theRouteNamesEachIdInCanonicalFormSoOneKeyMeansOneRequest() throws Exception {
        UUID note = UUID.randomUUID();
        mvc.perform(post("/api/cases/" + CASE.toString().toUpperCase() + "/notes/" + note.toString().toUpperCase() + "/corrections"))
                .andExpect(jsonPath("$.caseId").value(CASE.toString()))
                .andExpect(jsonPath("$.route").value("/api/cases/" + CASE + "/notes/" + note + "/corrections"))
                .andExpect(jsonPath("$.status").value(200));
    }

    @Test
    void aWriteThatFindsItsCaseItselfGetsCallerOperationRouteAndKeyButNoCase() throws Exception {
        UUID referral = UUID.randomUUID();
        mvc.perform(post("/api/cases/referral-answers/" + referral.toString().toUpperCase()).header("Idempotency-Key", "k-2"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.actor").value(TestUser.SOCIAL_WORKER.actor().userId()))
                .andExpect(jsonPath("$.operation").value("POLICE_ANSWER_REFERRAL"))
                .andExpect(jsonPath("$.route").value("/api/cases/referral-answers/" + referral))
                .andExpect(jsonPath("$.idempotencyKey").value("k-2"))
                .andExpect(jsonPath("$.now").value(NOW.toString()));
    }

    @Test
    void noSignedInCallerIs401() throws Exception {
        SecurityContextHolder.clearContext();
        mvc.perform(post("/api/cases/" + CASE + "/notes"))
                .andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.code").value("unauthenticated"));
    }

    @Test
    void aHandlerWithoutAccessOperationNeverRuns() throws Exception {
        mvc.perform(post("/api/cases/" + CASE + "/unchecked"))
                .andExpect(status().isInternalServerError())
                .andExpect(jsonPath("$.code").value("internal-error"))
                .andExpect(jsonPath("$.caseId").doesNotExist());
    }
}
