package se.samverkan.notification.directory;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;
import se.samverkan.platform.identity.Actor;
import se.samverkan.platform.problem.ClientProblem;

/**
 * A suspension here stops everything this service gives the user, not only what is routed to her from then on: her
 * inbox, her unit's queue (reading, claiming, releasing), her preferences, her live stream and, for an administrator,
 * the directory and the mail operations (so she cannot lift her own suspension either). Her token is still valid
 * (Keycloak knows nothing of a suspension here), so every request is checked against the directory as it is now; a
 * user the directory does not know yet (Keycloak made her after the last sync) is not taken for suspended.
 * <p>
 * The refusal is logged with the operation only (its path pattern, no ids, no user): the suspension itself is in the
 * audit log as a directory event.
 */
@Component
public class SuspendedUsersRefused implements HandlerInterceptor {

    private static final Logger log = LoggerFactory.getLogger(SuspendedUsersRefused.class);

    static final String CODE = "user-suspended";
    public static final String DETAIL = "Your access to Samverkan's notifications is suspended by an administrator of your "
            + "municipality: no inbox, unit queue, live stream, mail or settings until the suspension is lifted. Ask your "
            + "administrator if you think this is wrong.";

    private final UnitDirectory directory;

    public SuspendedUsersRefused(UnitDirectory directory) {
        this.directory = directory;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (request.getDispatcherType() != DispatcherType.REQUEST) {
            // the async dispatches that end a live stream: the request was checked when it came
            return true;
        }
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication != null && authentication.getPrincipal() instanceof Actor actor && directory.isSuspended(actor.userId())) {
            log.info("Refused a request of a suspended user: {} {}", request.getMethod(),
                    request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE));
            throw refusal();
        }
        return true;
    }

    public static ClientProblem refusal() {
        return ClientProblem.forbidden(CODE, DETAIL);
    }
}
