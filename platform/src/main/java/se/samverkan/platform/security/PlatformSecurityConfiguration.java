package se.samverkan.platform.security;

import com.github.benmanes.caffeine.cache.Ticker;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

import java.time.Clock;
import java.util.Collection;
import java.util.List;

/**
 * Every service is a resource server for the Samverkan Keycloak realm: RS256 signatures from the realm's JWKS
 * (so {@code alg: none} and HMAC forgeries fail), exact issuer, expiry, our audience, and the claims we rely on.
 */
@AutoConfiguration
@EnableConfigurationProperties(SecurityProperties.class)
public class PlatformSecurityConfiguration {

    @Bean
    @ConditionalOnMissingBean
    JwtDecoder jwtDecoder(SecurityProperties properties, ObjectProvider<MeterRegistry> registry) {
        RealmKeys keys = RealmKeys.of(properties.jwkSetUri());
        Gauge.builder("samverkan.security.realm_keys.age", keys, RealmKeys::ageSeconds).baseUnit("seconds")
                .description("Seconds since Keycloak last answered with the realm's signing keys (NaN before the first answer)")
                .register(registry.getIfAvailable(SimpleMeterRegistry::new));
        keys.fetchInBackground();
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSource(keys)
                .jwsAlgorithm(SignatureAlgorithm.RS256)
                .build();
        OAuth2TokenValidator<Jwt> audience = new JwtClaimValidator<Collection<String>>("aud",
                aud -> aud != null && aud.contains(properties.audience()));
        OAuth2TokenValidator<Jwt> samverkanClaims = jwt -> KeycloakClaims.actor(jwt).isPresent()
                ? OAuth2TokenValidatorResult.success()
                : OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token",
                "The token lacks the agency, municipality or unit claim", null));
        OAuth2TokenValidator<Jwt> validator = new DelegatingOAuth2TokenValidator<>(List.of(
                JwtValidators.createDefaultWithIssuer(properties.issuer()), audience, samverkanClaims));
        decoder.setJwtValidator(validator);
        return new VerifiedTokens(decoder, validator, properties.verifiedTokenLifetime(),
                properties.verifiedTokenCapacity(), Clock.systemUTC(), Ticker.systemTicker(), keys);
    }

    /**
     * No Spring Security observations. Each request keeps its own HTTP observation (the trace's server span and the
     * request metrics); Spring Security's added a span for each of the chain's filters, the authentication and the
     * authorization, eleven a request, and with them a sixth of case-service's CPU under read load
     * (docs/benchmarks.md, "Evening runs, 2026-12-03"). Refusals are recorded by the services' own access log and
     * problem responses, not by these spans.
     */
    @Bean
    @ConditionalOnMissingBean
    SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }

    @Bean
    @ConditionalOnMissingBean
    ActorAuthenticationConverter actorAuthenticationConverter() {
        return new ActorAuthenticationConverter();
    }

    @Bean
    @ConditionalOnMissingBean
    ProblemAuthenticationEntryPoint problemAuthenticationEntryPoint() {
        return new ProblemAuthenticationEntryPoint();
    }

    @Bean
    @ConditionalOnMissingBean
    ProblemAccessDeniedHandler problemAccessDeniedHandler() {
        return new ProblemAccessDeniedHandler();
    }

    /**
     * A URL the firewall refuses (';', '//', an encoded '.' or '%'): Spring Security's default sent a bare 400 on to
     * Spring Boot's error page, which answered in its own JSON with the path in it, and a path can hold a personnummer.
     */
    @Bean
    @ConditionalOnMissingBean
    org.springframework.security.web.firewall.RequestRejectedHandler problemRequestRejectedHandler() {
        return (request, response, rejected) -> ProblemResponses.write(response, 400, "rejected-url", "Invalid request",
                "The request URL is not accepted: it holds a sequence this service refuses (such as ';', '//', an encoded '.', "
                        + "'/' or '%'). Send the plain path");
    }

}
