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

    @ExceptionHandler(CommandExecutionException.class)
    ResponseEntity<Object> commandFailed(CommandExecutionException e) throws Exception {
        Throwable cause = e.getCause();
        if (cause instanceof ClientProblem problem) {
            return clientProblem(problem);
        }
        if (cause instanceof ConcurrencyException) {
            return concurrent();
        }
        throw e;
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
    ResponseEntity<Object> eventStore(EventStoreException e) throws Exception {
        if (e.getCause() instanceof ConcurrencyException) {
            return concurrent();
        }
        throw e;
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
