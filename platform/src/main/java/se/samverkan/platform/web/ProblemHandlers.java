package se.samverkan.platform.web;

import jakarta.validation.ConstraintViolationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import se.samverkan.platform.problem.ClientProblem;
import se.samverkan.platform.problem.DatabaseUnavailable;
import se.samverkan.platform.problem.ProblemTypes;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Every error leaves the service as RFC 9457 problem+json: a stable type URI, a title, and a detail a person can
 * act on. Client mistakes are 4xx; anything unexpected is a 500 whose detail holds only an incident id (the cause
 * is logged, never echoed, because it could carry personal data).
 */
@RestControllerAdvice
public class ProblemHandlers extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandlers.class);
    private static final long DATABASE_RETRY_AFTER_SECONDS = 2;

    @ExceptionHandler(ClientProblem.class)
    ResponseEntity<Object> clientProblem(ClientProblem problem) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatusCode.valueOf(problem.status()), problem.getMessage());
        body.setType(ProblemTypes.of(problem.code()));
        body.setTitle(problem.title());
        body.setProperty("code", problem.code());
        problem.properties().forEach(body::setProperty);
        ResponseEntity.BodyBuilder response = ResponseEntity.status(problem.status());
        // a refusal that names when to come back says it where clients and proxies look for it too
        if (problem.properties().get("retryAfterSeconds") instanceof Number seconds) {
            response.header(HttpHeaders.RETRY_AFTER, Long.toString(seconds.longValue()));
        }
        return response.body(body);
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<Object> typeMismatch(MethodArgumentTypeMismatchException e) {
        return problem(HttpStatus.BAD_REQUEST, "invalid-parameter", "Invalid request",
                "Parameter '" + e.getName() + "' has an invalid value; expected " + expected(e.getRequiredType()), Map.of());
    }

    @ExceptionHandler(ConstraintViolationException.class)
    ResponseEntity<Object> constraintViolation(ConstraintViolationException e) {
        List<Map<String, String>> errors = e.getConstraintViolations().stream()
                .map(v -> Map.of("field", v.getPropertyPath().toString(), "message", v.getMessage())).toList();
        return problem(HttpStatus.BAD_REQUEST, "validation-failed", "Invalid request",
                "The request has " + errors.size() + " invalid field(s); see 'errors'", Map.of("errors", errors));
    }

    @ExceptionHandler(AccessDeniedException.class)
    ResponseEntity<Object> accessDenied(AccessDeniedException e) {
        return problem(HttpStatus.FORBIDDEN, "forbidden", "Forbidden", "Your role does not allow this operation", Map.of());
    }

    @ExceptionHandler(AuthenticationException.class)
    ResponseEntity<Object> unauthenticated(AuthenticationException e) {
        return problem(HttpStatus.UNAUTHORIZED, "unauthenticated", "Unauthenticated",
                "A valid bearer token from the Samverkan identity provider is required", Map.of());
    }

    @ExceptionHandler(Exception.class)
    public ResponseEntity<Object> unexpected(Exception e) {
        if (DatabaseUnavailable.causedBy(e)) {
            // overload or an outage, not a bug: the client may send the same request again (the failed write committed
            // nothing, and an Idempotency-Key replay stays safe); no stack trace, nothing of the request
            log.warn("Database unavailable ({}); answered 503", e.getClass().getSimpleName());
            ResponseEntity<Object> busy = problem(HttpStatus.SERVICE_UNAVAILABLE, "database-unavailable", "Service busy",
                    "The service could not reach its database in time, so the request was not carried out (or, if the connection "
                            + "broke while it was being saved, not confirmed: send it again with the same Idempotency-Key and it is "
                            + "never applied twice). Try again in "
                            + DATABASE_RETRY_AFTER_SECONDS + " s (Retry-After).", Map.of("retryAfterSeconds", DATABASE_RETRY_AFTER_SECONDS));
            return ResponseEntity.status(busy.getStatusCode()).header(HttpHeaders.RETRY_AFTER,
                    Long.toString(DATABASE_RETRY_AFTER_SECONDS)).body(busy.getBody());
        }
        String incident = UUID.randomUUID().toString();
        log.error("Unexpected error, incident {}", incident, e);
        return problem(HttpStatus.INTERNAL_SERVER_ERROR, "internal-error", "Internal error", unexpectedDetail(incident),
                Map.of("incident", incident));
    }

    /** What a 5xx tells its caller, wherever it is answered: nothing of the failure, the incident to quote. */
    static String unexpectedDetail(String incident) {
        return "Something went wrong on our side; nothing was changed by a failed write. Quote incident " + incident
                + " when you contact support.";
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException e, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        List<Map<String, String>> errors = e.getBindingResult().getFieldErrors().stream()
                .map(ProblemHandlers::fieldError).toList();
        List<Map<String, String>> global = e.getBindingResult().getGlobalErrors().stream()
                .map(g -> Map.of("field", g.getObjectName(), "message", String.valueOf(g.getDefaultMessage()))).toList();
        List<Map<String, String>> all = new java.util.ArrayList<>(errors);
        all.addAll(global);
        String detail = all.isEmpty() ? "The request body is invalid"
                : all.stream().map(m -> m.get("field") + ": " + m.get("message")).reduce((a, b) -> a + "; " + b).orElseThrow();
        return problem(HttpStatus.BAD_REQUEST, "validation-failed", "Invalid request", detail, Map.of("errors", all));
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException e, HttpHeaders headers,
                                                                           HttpStatusCode status, WebRequest request) {
        List<Map<String, String>> errors = e.getParameterValidationResults().stream()
                .flatMap(r -> r.getResolvableErrors().stream().map(err -> Map.of(
                        "field", r.getMethodParameter().getParameterName() == null ? "parameter" : r.getMethodParameter().getParameterName(),
                        "message", String.valueOf(err.getDefaultMessage()))))
                .toList();
        String detail = errors.stream().map(m -> m.get("field") + ": " + m.get("message")).reduce((a, b) -> a + "; " + b)
                .orElse("The request is invalid");
        return problem(HttpStatus.BAD_REQUEST, "validation-failed", "Invalid request", detail, Map.of("errors", errors));
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof RequestBodyLimit.BodyTooLarge tooLarge) {
                return bodyTooLarge(tooLarge.limit());
            }
            if (cause instanceof tools.jackson.databind.exc.InvalidFormatException invalid
                    && invalid.getTargetType() != null && invalid.getTargetType().isEnum()) {
                // a code from a vocabulary (or any other enum): say which codes there are, without echoing the value
                return clientProblem(ClientProblem.unknownCode(path(invalid.getPath()),
                        java.util.Arrays.stream(invalid.getTargetType().getEnumConstants()).map(c -> ((Enum<?>) c).name()).toList()));
            }
        }
        return problem(HttpStatus.BAD_REQUEST, "unreadable-body", "Invalid request",
                "The request body is not valid JSON for this operation: check field names, types, enum values and date formats (yyyy-MM-dd)",
                Map.of());
    }

    static ResponseEntity<Object> bodyTooLarge(long limit) {
        return problem(HttpStatus.CONTENT_TOO_LARGE, "body-too-large", "Request body too large",
                "The request body is larger than " + limit + " bytes, the most this service accepts; send less (long texts "
                        + "belong in several notes)", Map.of("limit", limit));
    }

    private static String path(List<tools.jackson.core.JacksonException.Reference> references) {
        StringBuilder path = new StringBuilder();
        for (tools.jackson.core.JacksonException.Reference reference : references) {
            if (reference.getPropertyName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.isEmpty() ? "body" : path.toString();
    }

    private static Map<String, String> fieldError(FieldError error) {
        return Map.of("field", error.getField(), "message", String.valueOf(error.getDefaultMessage()));
    }

    private static String expected(Class<?> type) {
        if (type == null) {
            return "another format";
        }
        if (type == UUID.class) {
            return "a UUID";
        }
        if (type.isEnum()) {
            return "one of " + List.of(type.getEnumConstants());
        }
        return "a " + type.getSimpleName();
    }

    private static ResponseEntity<Object> problem(HttpStatus status, String code, String title, String detail, Map<String, Object> extra) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(status, detail);
        body.setType(ProblemTypes.of(code));
        body.setTitle(title);
        body.setProperty("code", code);
        extra.forEach(body::setProperty);
        return ResponseEntity.status(status).body(body);
    }
}
