package se.samverkan.platform.web;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.actuate.autoconfigure.web.server.ManagementPortType;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

/**
 * Probes and metrics must answer while the API is saturated or a user is throttled. That exemption is only for
 * {@code /actuator} served on the API's own port: where it has a port of its own ({@code management.server.port},
 * as every service sets), these filters never see a probe, and an exempt {@code /actuator/…} on the API's port would
 * be the one path an outsider's flood could take past the in-flight bound and its anonymous share.
 */
record PathsNeverLimited(boolean actuatorOnThisPort) {

    private static final String MANAGEMENT_PORT_TYPE = "org.springframework.boot.actuate.autoconfigure.web.server.ManagementPortType";

    static PathsNeverLimited of(Environment environment) {
        return new PathsNeverLimited(ClassUtils.isPresent(MANAGEMENT_PORT_TYPE, PathsNeverLimited.class.getClassLoader())
                && ManagementPortType.get(environment) == ManagementPortType.SAME);
    }

    boolean matches(HttpServletRequest request) {
        if (!actuatorOnThisPort) {
            return false;
        }
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return path.equals("/actuator") || path.startsWith("/actuator/");
    }
}
