package se.samverkan.platform.secrets;

import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.Map;

@AutoConfiguration
public class PlatformSecretsConfiguration {

    @Bean
    static SecretsStartupCheck secretsStartupCheck() {
        return new SecretsStartupCheck();
    }

    /** Development mode must be visible from outside: {@code GET /actuator/info} says so. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(InfoContributor.class)
    static class DevelopmentModeInfo {

        @Bean
        InfoContributor developmentModeInfo(SecretsStartupCheck check) {
            return builder -> builder.withDetail("samverkan", Map.of(
                    "developmentMode", check.developmentMode(),
                    "developmentSecretsInUse", check.developmentValuesUsed()));
        }
    }
}
