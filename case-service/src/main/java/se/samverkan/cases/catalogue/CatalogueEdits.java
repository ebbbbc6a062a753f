package se.samverkan.cases.catalogue;

import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import se.samverkan.cases.access.AccessGuard;
import se.samverkan.cases.access.AccessRequest;
import se.samverkan.cases.access.Decision;
import se.samverkan.cases.access.Operation;
import se.samverkan.platform.identity.Actor;
import se.samverkan.platform.problem.ClientProblem;

import java.util.function.Function;

/**
 * How every change of a catalogue is made. The access policy decides first: a refusal is recorded at once and
 * answered 403. An allowed change is recorded as an access event in the same transaction as the version it appends,
 * so the audit log holds an allowed change exactly when the catalogue has it. The change always applies to the
 * caller's own municipality: nobody can name another one.
 */
@Component
class CatalogueEdits {

    private final AccessGuard guard;
    private final TransactionTemplate transactions;

    CatalogueEdits(AccessGuard guard, PlatformTransactionManager transactionManager) {
        this.guard = guard;
        this.transactions = new TransactionTemplate(transactionManager);
    }

    /** Runs {@code change} for the caller's municipality once the policy allowed {@code operation}. */
    <T> T change(Actor actor, Operation operation, String what, Function<String, T> change) {
        AccessRequest request = AccessRequest.forUnit(actor, operation, actor.municipality(), null);
        Decision decision = guard.peek(request);
        if (!decision.allowed()) {
            guard.require(request, null, null, what);
            throw new IllegalStateException("the policy refused, so require throws");
        }
        return transactions.execute(status -> {
            T result = change.apply(actor.municipality());
            guard.record(request, decision, null);
            return result;
        });
    }

    /** If-Match names the version the caller read; a catalogue that moved on since is a 412. */
    static void checkVersion(Long expected, int current) {
        if (expected != null && expected != current) {
            throw ClientProblem.preconditionFailed("The catalogue is at version " + current + ", not " + expected
                    + "; read it again and repeat the change if it still applies");
        }
    }
}
