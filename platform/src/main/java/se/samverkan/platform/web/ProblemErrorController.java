package se.samverkan.platform.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import se.samverkan.platform.problem.ProblemTypes;

import java.util.UUID;

/**
 * {@code /error}, where the container sends what failed outside Spring MVC (a filter's {@code sendError}, an exception
 * thrown by a filter). Spring Boot's own answers there in its own JSON, with the request's path in it (a path can hold
 * a personnummer), and {@code GET /error} asked for directly was a 500. Here: problem+json, nothing of the request.
 */
@RestController
public class ProblemErrorController implements ErrorController {

    private static final Logger log = LoggerFactory.getLogger(ProblemErrorController.class);

    @RequestMapping(path = "/error", produces = {MediaType.APPLICATION_PROBLEM_JSON_VALUE, MediaType.APPLICATION_JSON_VALUE, MediaType.ALL_VALUE})
    ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
        HttpStatus status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE) instanceof Integer code
                ? HttpStatus.resolve(code) : null;
        if (status == null || !status.isError()) {
            // asked for directly: there is no such resource
            return problem(HttpStatus.NOT_FOUND, "not-found", "No resource at this path");
        }
        if (status.is5xxServerError()) {
            String incident = UUID.randomUUID().toString();
            Object failure = request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
            if (failure instanceof Throwable thrown) {
                log.error("Unexpected error outside the controllers, incident {}", incident, thrown);
            } else {
                log.error("Unexpected error outside the controllers ({}), incident {}", status.value(), incident);
            }
            ResponseEntity<ProblemDetail> answer = problem(status, "internal-error", ProblemHandlers.unexpectedDetail(incident));
            answer.getBody().setProperty("incident", incident);
            return answer;
        }
        return problem(status, TomcatProblemValve.code(status.value()), TomcatProblemValve.detail(status.value()));
    }

    private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String code, String detail) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(status, detail);
        body.setType(ProblemTypes.of(code));
        body.setTitle(status.getReasonPhrase());
        body.setProperty("code", code);
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(body);
    }
}
