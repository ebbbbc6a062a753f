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
import se.samverkan.platform.problem.ClientProblem;
import se.samverkan.platform.problem.ProblemTypes;
import se.samverkan.platform.web.ProblemHandlers;
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
        // not Axon's conflict: the platform's answer (503 when the database is unavailable, else a 500 with an incident)
        return problems.unexpected(e);
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
