package se.samverkan.cases.access;

import org.springframework.stereotype.Component;
import se.samverkan.platform.problem.ClientProblem;

import java.util.List;
import java.util.UUID;

/**
 * Asks the policy, records the answer, and turns a refusal into 404 (existence hidden) or 403 (reason given). An
 * allowed write's answer is recorded with its command ({@link WriteAccess}); every other answer at once.
 */
@Component
public class AccessGuard {

    private final CaseAccessPolicy policy;
    private final AccessLog log;
    private final WriteAccess writes;

    public AccessGuard(CaseAccessPolicy policy, AccessLog log, WriteAccess writes) {
        this.policy = policy;
        this.log = log;
        this.writes = writes;
    }

    public Decision require(AccessRequest request, UUID caseId, UUID referralId, String whatForNotFound) {
        Decision decision = policy.decide(request);
        if (!(decision.allowed() && writes.hold(request, decision, caseId, referralId))) {
            log.record(request, decision, caseId, referralId);
        }
        if (!decision.allowed()) {
            throw refusal(decision, whatForNotFound);
        }
        return decision;
    }

    /**
     * The gate before a list or an export: an allowed answer is not recorded here, because the caller records each
     * thing it then shows; a refusal is recorded and thrown at once.
     */
    public Decision gate(AccessRequest request, String whatForNotFound) {
        Decision decision = policy.decide(request);
        if (!decision.allowed()) {
            log.record(request, decision, null, null);
            throw refusal(decision, whatForNotFound);
        }
        return decision;
    }

    private static ClientProblem refusal(Decision decision, String whatForNotFound) {
        return decision.caseVisible()
                ? ClientProblem.forbidden("access-denied", "Access refused: " + decision.denialReason())
                : ClientProblem.notFound(whatForNotFound);
    }

    /** Records a refused access to something that does not exist, then answers 404 like any hidden case. */
    public ClientProblem missing(AccessRequest request, UUID caseId, UUID referralId, String what) {
        log.record(request, Decision.hide(what + " does not exist"), caseId, referralId);
        return ClientProblem.notFound(what);
    }

    public Decision peek(AccessRequest request) {
        return policy.decide(request);
    }

    public void record(AccessRequest request, Decision decision, UUID caseId) {
        log.record(request, decision, caseId, null);
    }

    public void recordAll(List<AccessLog.Access> accesses) {
        log.recordAll(accesses);
    }
}
