package se.samverkan.platform.secrets;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.Ordered;
import org.springframework.core.PriorityOrdered;
import org.springframework.core.env.Environment;
import org.springframework.core.io.support.SpringFactoriesLoader;

import java.util.List;

/**
 * Runs the {@link SecretCheck} over every {@link SecretRequirements} on the classpath once the configuration is
 * complete but before any bean exists, so a service without its keys stops before it touches a database or broker.
 */
public class SecretsStartupCheck implements BeanFactoryPostProcessor, EnvironmentAware, PriorityOrdered {

    private static final Logger log = LoggerFactory.getLogger(SecretsStartupCheck.class);

    private Environment environment;
    private volatile SecretCheck.Outcome outcome;

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
        List<RequiredSecret> secrets = SpringFactoriesLoader.forDefaultResourceLocation(getClass().getClassLoader())
                .load(SecretRequirements.class).stream()
                .flatMap(requirements -> requirements.requiredSecrets(environment).stream())
                .toList();
        boolean developmentMode = developmentMode();
        SecretCheck.Outcome checked = SecretCheck.check(secrets, environment::getProperty, developmentMode);
        if (!checked.refusals().isEmpty()) {
            throw new RefusedSecretsException(checked.refusals());
        }
        if (developmentMode) {
            log.warn("DEVELOPMENT MODE ({}=true): values published in the repository are accepted{}. Never set this outside the"
                            + " local stack and the tests.", SecretCheck.DEVELOPMENT_MODE,
                    checked.developmentValuesUsed().isEmpty() ? "" : " and in use for " + String.join(", ", checked.developmentValuesUsed()));
        }
        this.outcome = checked;
    }

    public boolean developmentMode() {
        return environment.getProperty(SecretCheck.DEVELOPMENT_MODE, Boolean.class, false);
    }

    /** Properties that hold a published development value; empty outside development mode. */
    public List<String> developmentValuesUsed() {
        return outcome == null ? List.of() : outcome.developmentValuesUsed();
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
