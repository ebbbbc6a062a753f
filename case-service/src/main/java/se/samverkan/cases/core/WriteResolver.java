package se.samverkan.cases.core;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.core.MethodParameter;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AuthenticationCredentialsNotFoundException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.HandlerMapping;
import se.samverkan.cases.access.AccessOperation;
import se.samverkan.cases.application.CaseWrites;
import se.samverkan.cases.domain.CaseId;
import se.samverkan.cases.idempotency.Idempotency;
import se.samverkan.platform.identity.Actor;

import java.time.Clock;
import java.util.Map;
import java.util.UUID;

/**
 * Resolves a handler's {@link CaseWrite} or {@link WriteRequest} parameter from the request. The handler must carry
 * {@code @AccessOperation} (and map a path with {@code {caseId}} for a CaseWrite); a programming mistake there fails
 * every call (and the tests), never a check silently skipped.
 */
@Component
public class WriteResolver implements HandlerMethodArgumentResolver {

    static final String CASE_ID = "caseId";

    private final CaseWrites writes;
    private final Idempotency idempotency;
    private final Clock clock;

    public WriteResolver(CaseWrites writes, Idempotency idempotency, Clock clock) {
        this.writes = writes;
        this.idempotency = idempotency;
        this.clock = clock;
    }

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType() == CaseWrite.class || parameter.getParameterType() == WriteRequest.class;
    }

    @Override
    public Object resolveArgument(MethodParameter parameter, ModelAndViewContainer container, NativeWebRequest webRequest,
                                  WebDataBinderFactory binders) {
        AccessOperation operation = AnnotatedElementUtils.findMergedAnnotation(parameter.getExecutable(), AccessOperation.class);
        if (operation == null) {
            throw new IllegalStateException(parameter.getExecutable() + " writes without @AccessOperation");
        }
        HttpServletRequest request = webRequest.getNativeRequest(HttpServletRequest.class);
        @SuppressWarnings("unchecked")
        Map<String, String> variables = (Map<String, String>) request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
        WriteRequest write = new WriteRequest(actor(), operation.value(), route(request, variables),
                header(webRequest, Idempotency.HEADER), clock);
        if (parameter.getParameterType() == WriteRequest.class) {
            return write;
        }
        if (variables == null || !variables.containsKey(CASE_ID)) {
            throw new IllegalStateException(parameter.getExecutable() + " writes to a case but its path has no {caseId}");
        }
        ResponseStatus status = AnnotatedElementUtils.findMergedAnnotation(parameter.getExecutable(), ResponseStatus.class);
        return new CaseWrite(write, new CaseId(uuid(variables.get(CASE_ID), parameter)),
                status == null ? HttpStatus.OK : status.code(), header(webRequest, HttpHeaders.IF_MATCH), writes, idempotency);
    }

    private static Actor actor() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication != null && authentication.getPrincipal() instanceof Actor actor) {
            return actor;
        }
        throw new AuthenticationCredentialsNotFoundException("A write needs a signed-in user");
    }

    /** The same 400 {@code invalid-parameter} as any {@code @PathVariable UUID} that is not one. */
    private static UUID uuid(String value, MethodParameter parameter) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw new MethodArgumentTypeMismatchException(value, UUID.class, CASE_ID, parameter, e);
        }
    }

    /**
     * The mapped path with each id as the UUID it names, so {@code …/NOTES-ID-IN-CAPITALS} and the canonical spelling
     * are one route for an Idempotency-Key, as they are one case for the command.
     */
    private static String route(HttpServletRequest request, Map<String, String> variables) {
        String route = String.valueOf(request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE));
        for (Map.Entry<String, String> variable : variables == null ? Map.<String, String>of().entrySet() : variables.entrySet()) {
            route = route.replace("{" + variable.getKey() + "}", canonical(variable.getValue()));
        }
        return route;
    }

    private static String canonical(String value) {
        try {
            return UUID.fromString(value).toString();
        } catch (IllegalArgumentException notAUuid) {
            return value;
        }
    }

    /** Several headers of one name arrive joined by commas, as a {@code @RequestHeader String} gets them. */
    private static String header(NativeWebRequest request, String name) {
        String[] values = request.getHeaderValues(name);
        return values == null || values.length == 0 ? null : String.join(",", values);
    }
}
