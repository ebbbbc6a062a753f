package se.samverkan.platform.security;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.springframework.context.ApplicationContext;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import se.samverkan.platform.web.LoadRefusals;

/**
 * The shared shape of every service's filter chain: stateless bearer tokens, public health and API docs, the
 * service's own rules, and deny for anything not named (a new endpoint is closed until someone opens it).
 */
public final class PlatformSecurity {

    private static final long TOKEN_CHECK_RETRY_AFTER_SECONDS = 5;

    private PlatformSecurity() {
    }

    /**
     * A token that is bad is the caller's 401. A token that could not be checked at all (the realm's keys could not be
     * fetched in time: {@code RealmKeys}) is the service's state, like a database that cannot be reached: 503 with
     * Retry-After, where Spring Security's default handler rethrew it as a 500.
     */
    static AuthenticationFailureHandler failures(AuthenticationEntryPoint entryPoint, Counter unavailable) {
        return (request, response, failure) -> {
            if (failure instanceof AuthenticationServiceException) {
                unavailable.increment();
                LoadRefusals.tokenCheckUnavailable(response, TOKEN_CHECK_RETRY_AFTER_SECONDS);
            } else {
                entryPoint.commence(request, response, failure);
            }
        };
    }

    private static Counter tokenCheckUnavailable(HttpSecurity http) {
        ApplicationContext context = http.getSharedObject(ApplicationContext.class);
        MeterRegistry meters = context == null ? new SimpleMeterRegistry()
                : context.getBeanProvider(MeterRegistry.class).getIfAvailable(SimpleMeterRegistry::new);
        return Counter.builder("samverkan.security.token_check_unavailable")
                .description("Requests answered 503 because their token could not be checked: the realm's keys were not to be had")
                .register(meters);
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
                        .accessDeniedHandler(deniedHandler)
                        .withObjectPostProcessor(new ObjectPostProcessor<BearerTokenAuthenticationFilter>() {
                            @Override
                            public <O extends BearerTokenAuthenticationFilter> O postProcess(O filter) {
                                filter.setAuthenticationFailureHandler(failures(entryPoint, tokenCheckUnavailable(http)));
                                return filter;
                            }
                        }))
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
