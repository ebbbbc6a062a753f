package se.samverkan.cases.core;

import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.eventsourcing.eventstore.EventStoreException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import se.samverkan.cases.application.ForgedEventException;
import se.samverkan.platform.problem.ClientProblem;
import se.samverkan.platform.problem.ProblemTypes;
import se.samverkan.platform.web.ProblemHandlers;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;

/**
 * Axon's ways of saying "conflict" or "not found" become the platform's problem+json; a ClientProblem thrown in a
 * command handler may arrive wrapped, and is unwrapped so the client sees the rule it broke.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
public class AxonProblems {

    private final ProblemHandlers problems;

    public AxonProblems(ProblemHandlers problems) {
        this.problems = problems;
    }

    @ExceptionHandler(CommandExecutionException.class)
    ResponseEntity<Object> commandFailed(CommandExecutionException e) {
        Throwable cause = e.getCause();
        if (cause instanceof ClientProblem problem) {
            return clientProblem(problem);
        }
        if (cause instanceof ConcurrencyException) {
            return concurrent();
        }
        ForgedEventException forged = forgedIn(e);
        if (forged != null) {
            return notAuthentic(forged);
        }
        // not Axon's conflict: the platform's answer (503 when the database is unavailable, else a 500 with an incident)
        return problems.unexpected(e);
    }

    @ExceptionHandler({ConcurrencyException.class})
    ResponseEntity<Object> concurrency() {
        return concurrent();
    }

    @ExceptionHandler(AggregateNotFoundException.class)
    ResponseEntity<Object> notFound(AggregateNotFoundException e) {
        return clientProblem(ClientProblem.notFound("The case"));
    }

    @ExceptionHandler(EventStoreException.class)
    ResponseEntity<Object> eventStore(EventStoreException e) {
        if (e.getCause() instanceof ConcurrencyException) {
            return concurrent();
        }
        ForgedEventException forged = forgedIn(e);
        if (forged != null) {
            return notAuthentic(forged);
        }
        // not Axon's conflict: the platform's answer (503 when the database is unavailable, else a 500 with an incident)
        return problems.unexpected(e);
    }

    /**
     * The case's stored history holds an event the service did not write ({@code config.AuthenticEventStorageEngine}):
     * the case is not loaded, for reading or writing. 503, not 500: nothing is wrong with the request or a bug in the
     * service; the case is withheld until an operator has dealt with the forged row (docs/operations.md, "Alert:
     * SamverkanEventStoreForged"), as a service answers while a resource is out of service. A client must take it as
     * neither "no such case" nor "your request was wrong", and retrying does not help before that; so no Retry-After.
     * The caller learns nothing of the row (the ALERT line names its position for the operators).
     */
    @ExceptionHandler(ForgedEventException.class)
    ResponseEntity<Object> notAuthentic(ForgedEventException e) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                "The case's stored history holds an entry the service did not write; the case is withheld until an"
                        + " operator has examined it. The operators have been alerted.");
        body.setType(ProblemTypes.of(NOT_AUTHENTIC));
        body.setTitle("Case history not authentic");
        body.setProperty("code", NOT_AUTHENTIC);
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(body);
    }

    static final String NOT_AUTHENTIC = "case-history-not-authentic";

    private static ForgedEventException forgedIn(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof ForgedEventException forged) {
                return forged;
            }
        }
        return null;
    }

    private ResponseEntity<Object> concurrent() {
        return clientProblem(ClientProblem.conflict("concurrent-change",
                "Someone changed the case at the same moment; read it again and retry"));
    }

    private ResponseEntity<Object> clientProblem(ClientProblem problem) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatusCode.valueOf(problem.status()), problem.getMessage());
        body.setType(ProblemTypes.of(problem.code()));
        body.setTitle(problem.title());
        body.setProperty("code", problem.code());
        return ResponseEntity.status(problem.status()).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(body);
    }
}
