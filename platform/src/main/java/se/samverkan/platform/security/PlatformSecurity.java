package se.samverkan.platform.security;

import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The shared shape of every service's filter chain: stateless bearer tokens, public health and API docs, the
 * service's own rules, and deny for anything not named (a new endpoint is closed until someone opens it).
 */
public final class PlatformSecurity {

    private PlatformSecurity() {
    }

    public static SecurityFilterChain resourceServer(
            HttpSecurity http,
            ActorAuthenticationConverter converter,
            ProblemAuthenticationEntryPoint entryPoint,
            ProblemAccessDeniedHandler deniedHandler,
            Customizer<AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry> serviceRules) throws Exception {
        return http
                .csrf(AbstractHttpConfigurer::disable)
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .oauth2ResourceServer(oauth -> oauth
                        .jwt(jwt -> jwt.jwtAuthenticationConverter(converter))
                        .authenticationEntryPoint(entryPoint)
                        .accessDeniedHandler(deniedHandler))
                .exceptionHandling(errors -> errors.authenticationEntryPoint(entryPoint).accessDeniedHandler(deniedHandler))
                .authorizeHttpRequests(requests -> {
                    // /actuator/prometheus: counts and timings tagged with codes only (no user, case or person; each
                    // service's metrics IT asserts it), for the operator's scraper; see docs/operations.md
                    requests.requestMatchers("/actuator/health/**", "/actuator/info", "/actuator/prometheus",
                            "/v3/api-docs/**", "/v3/api-docs",
                            "/swagger-ui/**", "/swagger-ui.html", "/error",
                            se.samverkan.platform.events.EventSigningKeysController.PATH).permitAll();
                    serviceRules.customize(requests);
                    requests.anyRequest().denyAll();
                })
                .build();
    }
}
