package se.samverkan.platform.security;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where tokens come from. The issuer must match the token's {@code iss} exactly
 * ({@code 127.0.0.1} and {@code localhost} differ).
 */
@ConfigurationProperties("samverkan.security")
public record SecurityProperties(
        @DefaultValue("http://127.0.0.1:8180/realms/samverkan") String issuer,
        @DefaultValue("http://127.0.0.1:8180/realms/samverkan/protocol/openid-connect/certs") String jwkSetUri,
        @DefaultValue("samverkan-api") String audience) {
}
