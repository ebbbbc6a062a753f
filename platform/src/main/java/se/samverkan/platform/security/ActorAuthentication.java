package se.samverkan.platform.security;

import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import se.samverkan.platform.identity.Actor;

/** A validated Keycloak token whose principal is the {@link Actor}; authorities are {@code ROLE_<ROLE>}. */
public class ActorAuthentication extends JwtAuthenticationToken {

    private final Actor actor;

    public ActorAuthentication(Jwt jwt, Actor actor) {
        super(jwt, actor.roles().stream().map(role -> new SimpleGrantedAuthority("ROLE_" + role.name())).toList(), actor.userId());
        this.actor = actor;
    }

    @Override
    public Actor getPrincipal() {
        return actor;
    }

    public Actor actor() {
        return actor;
    }
}
