package se.samverkan.platform.security;

import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;

public class ActorAuthenticationConverter implements Converter<Jwt, AbstractAuthenticationToken> {

    @Override
    public AbstractAuthenticationToken convert(Jwt jwt) {
        return KeycloakClaims.actor(jwt)
                .map(actor -> new ActorAuthentication(jwt, actor))
                .orElseThrow(() -> new InvalidBearerTokenException("The token lacks the agency, municipality or unit claim"));
    }
}
