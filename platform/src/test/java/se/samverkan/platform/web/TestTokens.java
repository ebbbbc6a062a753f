package se.samverkan.platform.web;

import org.springframework.security.oauth2.jwt.Jwt;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The web ITs' stand-in for the realm: the token's text is its subject, a Haninge social worker. */
final class TestTokens {

    private TestTokens() {
    }

    /** The claims the realm puts into every token. */
    static Jwt socialWorker(String token) {
        return Jwt.withTokenValue(token).header("alg", "RS256").subject(token)
                .issuedAt(Instant.now()).expiresAt(Instant.now().plusSeconds(300))
                .claim("agency", "SOCIAL_SERVICES").claim("municipality", "0136").claim("unit", "haninge-ungdom")
                .claim("realm_access", Map.of("roles", List.of("social-worker")))
                .build();
    }
}
