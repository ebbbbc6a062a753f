package se.samverkan.platform.web;

import jakarta.servlet.http.HttpServletRequest;

/** Probes and metrics must answer while the API is saturated or a user is throttled. */
final class PathsNeverLimited {

    private PathsNeverLimited() {
    }

    static boolean matches(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return path.equals("/actuator") || path.startsWith("/actuator/");
    }
}
