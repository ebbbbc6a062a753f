package se.samverkan.platform.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.web.AuthenticationEntryPoint;

import java.io.IOException;

/** 401 with the RFC 6750 {@code WWW-Authenticate} header and a problem+json body. */
public class ProblemAuthenticationEntryPoint implements AuthenticationEntryPoint {

    private final BearerTokenAuthenticationEntryPoint bearer = new BearerTokenAuthenticationEntryPoint();

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e) throws IOException {
        bearer.commence(request, response, e);
        ProblemResponses.write(response, 401, "unauthenticated", "Unauthenticated",
                "A valid, unexpired bearer token issued by the Samverkan identity provider for this API is required");
    }
}
