package se.samverkan.platform.security;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * Where tokens come from. The issuer must match the token's {@code iss} exactly
 * ({@code 127.0.0.1} and {@code localhost} differ).
 */
@ConfigurationProperties("samverkan.security")
public record SecurityProperties(
        @DefaultValue("http://127.0.0.1:8180/realms/samverkan") String issuer,
        @DefaultValue("http://127.0.0.1:8180/realms/samverkan/protocol/openid-connect/certs") String jwkSetUri,
        @DefaultValue("samverkan-api") String audience,
        // how long a token whose signature was checked is trusted without checking it again (0 to 5 minutes; 0: never)
        @DefaultValue("60s") Duration verifiedTokenLifetime,
        @DefaultValue("1000") int verifiedTokenCapacity) {
}
