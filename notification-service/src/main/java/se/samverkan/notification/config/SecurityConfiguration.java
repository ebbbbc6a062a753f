package se.samverkan.notification.config;

import jakarta.servlet.DispatcherType;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import se.samverkan.platform.security.ActorAuthenticationConverter;
import se.samverkan.platform.security.PlatformSecurity;
import se.samverkan.platform.security.ProblemAccessDeniedHandler;
import se.samverkan.platform.security.ProblemAuthenticationEntryPoint;

@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    @Bean
    SecurityFilterChain api(HttpSecurity http, ActorAuthenticationConverter converter, ProblemAuthenticationEntryPoint entryPoint,
                            ProblemAccessDeniedHandler deniedHandler) throws Exception {
        return PlatformSecurity.resourceServer(http, converter, entryPoint, deniedHandler, rules -> rules
                // an SSE response is written by async dispatches after the bearer token was checked on the request;
                // stateless sessions leave them without an Authentication, so they must not be re-authorized
                .dispatcherTypeMatchers(DispatcherType.ASYNC).permitAll()
                // every user has exactly one inbox and one set of preferences: their own, taken from the token
                .requestMatchers("/api/inbox", "/api/inbox/**", "/api/preferences").authenticated()
                .requestMatchers("/api/directory/**", "/api/mail/**").hasRole("ADMINISTRATOR"));
    }
}
