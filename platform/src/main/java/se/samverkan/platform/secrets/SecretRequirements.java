package se.samverkan.platform.secrets;

import org.springframework.core.env.Environment;

import java.util.List;

/**
 * What a service declares it needs, listed in its {@code META-INF/spring.factories} under this interface's name so
 * the check runs before any bean (and so before any database or broker connection) is created.
 */
public interface SecretRequirements {

    /** The secrets this service needs with the given configuration (a feature switched off needs none). */
    List<RequiredSecret> requiredSecrets(Environment environment);
}
