package se.samverkan.cases.access;

import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * An allowed write's access event commits in the same database transaction as the command's events (the event store
 * and {@code access_outbox} share the database): recorded if and only if the write happened, one commit instead of
 * two. Inside {@link #during} a write request, {@link AccessGuard} holds an allowed decision here instead of recording
 * it; the next command this thread sends writes it in its unit of work's transaction (this interceptor runs on the
 * command bus, after Axon started the transaction). A command that fails (a rule of the aggregate, a concurrency
 * conflict) rolls the access event back with its events. A refusal is never held: it is recorded at once, in its own
 * transaction. An answer given without a command (an idempotent replay) records the held decision itself
 * ({@link #recordHeldNow}).
 */
@Component
public class WriteAccess implements MessageHandlerInterceptor<CommandMessage<?>> {

    private record Held(AccessRequest request, Decision decision, UUID caseId, UUID referralId) {
    }

    private static final ThreadLocal<List<Held>> HELD = new ThreadLocal<>();

    private final AccessLog log;

    /** Axon's Spring Boot auto-configuration registers this bean on the command bus (a handler interceptor bean). */
    public WriteAccess(AccessLog log) {
        this.log = log;
    }

    /**
     * Runs one write request: allowed decisions taken during it are held for its command. If it fails, a held
     * decision is dropped (the write did not happen); one still held after it succeeded is recorded, so none is lost.
     */
    public <T> T during(Supplier<T> write) {
        List<Held> outer = HELD.get();
        List<Held> held = new ArrayList<>();
        HELD.set(held);
        try {
            T result = write.get();
            recordHeldNow();
            return result;
        } finally {
            HELD.set(outer);
        }
    }

    /** Holds an allowed decision for the coming command; false outside a write request (record it as usual). */
    boolean hold(AccessRequest request, Decision decision, UUID caseId, UUID referralId) {
        List<Held> held = HELD.get();
        if (held == null) {
            return false;
        }
        held.add(new Held(request, decision, caseId, referralId));
        return true;
    }

    /** The request is answered without a command (a replay): the access happened, record it now, on its own. */
    public void recordHeldNow() {
        List<Held> held = HELD.get();
        if (held != null) {
            held.forEach(h -> log.record(h.request(), h.decision(), h.caseId(), h.referralId()));
            held.clear();
        }
    }

    @Override
    public Object handle(UnitOfWork<? extends CommandMessage<?>> unitOfWork, InterceptorChain interceptorChain) throws Exception {
        List<Held> held = HELD.get();
        // once per unit of work, whichever way the interceptor got registered
        if (held != null && !held.isEmpty() && unitOfWork.isRoot()
                && unitOfWork.resources().putIfAbsent(WriteAccess.class.getName(), Boolean.TRUE) == null) {
            List<Held> these = List.copyOf(held);
            // in the unit of work's transaction, with the command's events; kept for a retry until that commits
            unitOfWork.onPrepareCommit(u -> these.forEach(h -> log.record(h.request(), h.decision(), h.caseId(), h.referralId())));
            unitOfWork.afterCommit(u -> held.removeAll(these));
        }
        return interceptorChain.proceed();
    }
}
