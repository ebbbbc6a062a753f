package se.samverkan.audit.web;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import se.samverkan.platform.security.ActorAuthenticationConverter;
import se.samverkan.platform.security.PlatformSecurity;
import se.samverkan.platform.security.ProblemAccessDeniedHandler;
import se.samverkan.platform.security.ProblemAuthenticationEntryPoint;

import java.time.Clock;

@Configuration(proxyBeanMethods = false)
class AuditWebConfiguration {

    /**
     * Only compliance officers read the log; the verifier key is public so anyone can check a checkpoint, and so are
     * the witness endpoints (checkpoints, consistency proofs, cosignatures), which other municipalities' logs pull.
     */
    @Bean
    SecurityFilterChain auditSecurity(HttpSecurity http, ActorAuthenticationConverter converter,
                                      ProblemAuthenticationEntryPoint entryPoint, ProblemAccessDeniedHandler deniedHandler) throws Exception {
        return PlatformSecurity.resourceServer(http, converter, entryPoint, deniedHandler, rules -> rules
                .requestMatchers(HttpMethod.GET, "/api/audit/public-key").permitAll()
                // issue 14: what witnesses of other municipalities pull (sizes, hashes, signatures; no token of ours)
                .requestMatchers(HttpMethod.GET, "/api/audit/witness/**").permitAll()
                // C2SP add-checkpoint: authenticated by the checkpoint's signature with a configured log's key
                .requestMatchers(HttpMethod.POST, "/api/audit/witness/add-checkpoint").permitAll()
                .requestMatchers("/api/audit/**").hasRole("COMPLIANCE_OFFICER"));
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
